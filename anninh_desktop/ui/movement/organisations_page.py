"""The "Mass organisations" page: the organisations of the scope's units, with add and remove."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement import ORGANISATION_KIND_LABELS
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.movement import registry
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.movement.dialogs import OrganisationDialog
from anninh_desktop.ui.movement.table_model import PAYLOAD_ROLE, Row, RowsModel
from anninh_desktop.ui.movement.work import MovementData
from anninh_desktop.ui.tasks import describe_error

log = logging.getLogger(__name__)


class OrganisationsPage(QWidget):
    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._data: MovementData | None = None
        self.summary = QLabel(self)
        self.add_button = QPushButton(_("New organisation…"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.model = RowsModel(
            [_("Organisation"), _("Kind"), _("Unit"), _("Members"), _("Established")], self
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def show_data(self, data: MovementData) -> None:
        self._data = data
        day = data.rollup.end
        rows = []
        for v in data.organisations:
            o = v.organisation
            rows.append(
                Row(
                    [
                        o.name,
                        _(ORGANISATION_KIND_LABELS[o.kind]),
                        v.unit_name,
                        str(o.members),
                        format_date(o.established_on),
                    ],
                    payload=(o.id, o.unit_id),
                    attention=not o.live_on(day),
                    tooltips=[
                        _("dissolved on {date}").format(date=format_date(o.dissolved_on))
                        if o.dissolved_on
                        else ""
                    ],
                )
            )
        self.model.set_rows(rows)
        members = sum(
            v.organisation.members for v in data.organisations if v.organisation.live_on(day)
        )
        self.summary.setText(
            ngettext("{count} organisation", "{count} organisations", len(rows)).format(
                count=len(rows)
            )
            + " · "
            + ngettext("{count} member", "{count} members", members).format(count=members)
        )

    def _run_dialog(self, dialog) -> bool:
        return bool(dialog.exec())

    def _on_add_button_clicked(self) -> None:
        if self._data is None:
            return
        scope = self._data.scope
        units = [scope, *self._ws.store.units.children(scope.id)]

        def save(unit_id, kind, name, members, established):
            return registry.save_organisation(
                self._ws, unit_id, kind, name, members, established_on=established
            )

        dialog = OrganisationDialog(units, save, today=self._ws.clock().date(), parent=self)
        if self._run_dialog(dialog):
            self.changed.emit()

    def _on_remove_button_clicked(self) -> None:
        index = self.table.currentIndex()
        payload = self.model.data(index, PAYLOAD_ROLE) if index.isValid() else None
        if payload is None:
            return
        organisation_id, unit_id = payload
        try:
            registry.remove_organisation(self._ws, organisation_id, unit_id)
        except Exception as exc:  # a message for the user, the details in the log
            log.info("organisation not removed", exc_info=True)
            QMessageBox.warning(self, _("Not changed"), describe_error(exc))
            return
        self.changed.emit()
