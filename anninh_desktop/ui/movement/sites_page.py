"""The "Models" page: model sites of the scope with their teams and dossier, the dossier check,
and the changes an officer makes (new model, new site, team, document, state)."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement import (
    DOCUMENT_ROLE_LABELS,
    STRUCK_OFF_REASON_LABELS,
    DocumentRole,
)
from anninh_desktop.domain.units import Unit
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services import evidence_service
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.movement import registry
from anninh_desktop.services.movement.views import SiteView, gap_text, model_types
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.column_fit import ColumnFitter
from anninh_desktop.ui.flow_layout import FlowLayout
from anninh_desktop.ui.movement.dialogs import (
    ERROR_STYLE,
    ModelTypeDialog,
    SiteDialog,
    StateDialog,
    TeamDialog,
)
from anninh_desktop.ui.movement.table_model import PAYLOAD_ROLE, Row, RowsModel
from anninh_desktop.ui.movement.work import MovementData
from anninh_desktop.ui.tasks import TaskRunner, describe_error

log = logging.getLogger(__name__)

COL_NAME, COL_MODEL, COL_UNIT, COL_STATE, COL_TEAMS, COL_MEMBERS, COL_DOSSIER = range(7)


def state_text(view: SiteView) -> str:
    from anninh_desktop.domain.movement import SITE_STATE_LABELS

    text = _(SITE_STATE_LABELS[view.site.state])
    if view.site.struck_off_reason is not None:
        text += f" ({_(STRUCK_OFF_REASON_LABELS[view.site.struck_off_reason])})"
    return text


class SitesPage(QWidget):
    changed = Signal()  # after any change of the registry

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._data: MovementData | None = None
        self._pending_select: str | None = None  # a site just added, chosen once it is shown
        self._build()

    # view -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.gaps_only = QCheckBox(_("Only sites whose dossier is incomplete"), self)
        self.new_type_button = QPushButton(_("New model…"), self)
        self.new_site_button = QPushButton(_("New site…"), self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.gaps_only)
        top.addWidget(self.new_type_button)
        top.addWidget(self.new_site_button)

        self.model = RowsModel(
            [
                _("Site"),
                _("Movement model"),
                _("Unit"),
                _("State"),
                _("Teams"),
                _("Members"),
                _("Dossier"),
            ],
            self,
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # The site's name first: the model and the unit are capped (elided, with their full
        # text in the detail), the unit and the counts give way on a narrow screen.
        self.columns = ColumnFitter(
            self.table,
            main=COL_NAME,
            main_chars=22,
            drop_order=(COL_UNIT, COL_MEMBERS, COL_TEAMS),
            max_chars={COL_MODEL: 22, COL_UNIT: 18, COL_STATE: 18},
            scroll_when_narrow=True,
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.gaps_label = QLabel(self)
        self.gaps_label.setWordWrap(True)
        self.gaps_label.setStyleSheet(ERROR_STYLE)
        self.teams_model = RowsModel([_("Team"), _("Members"), _("Named members")], self)
        self.teams_table = QTableView(self)
        self.teams_table.setModel(self.teams_model)
        self.teams_table.verticalHeader().hide()
        self.teams_table.horizontalHeader().setStretchLastSection(True)
        self.documents_model = RowsModel([_("Role"), _("Document"), _("Date")], self)
        self.documents_table = QTableView(self)
        self.documents_table.setModel(self.documents_model)
        self.documents_table.verticalHeader().hide()
        self.documents_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.add_team_button = QPushButton(_("Add a team…"), self)
        self.role_combo = QComboBox(self)
        for role in DocumentRole:
            self.role_combo.addItem(_(DOCUMENT_ROLE_LABELS[role]), role.value)
        self.add_document_button = QPushButton(_("Add a document…"), self)
        self.state_button = QPushButton(_("Change the state…"), self)
        self.remove_button = QPushButton(_("Remove the site"), self)

        detail = QWidget(self)
        d = QVBoxLayout(detail)
        d.addWidget(self.title)
        d.addWidget(self.facts)
        d.addWidget(self.gaps_label)
        d.addWidget(QLabel(_("Teams"), detail))
        d.addWidget(self.teams_table, 1)
        d.addWidget(self.add_team_button, 0, Qt.AlignmentFlag.AlignRight)
        d.addWidget(QLabel(_("Dossier"), detail))
        d.addWidget(self.documents_table, 1)
        # The lines of buttons wrap in a narrow detail instead of widening it past its pane.
        for widgets in (
            (self.role_combo, self.add_document_button),
            (self.state_button, self.remove_button),
        ):
            line_box = QWidget(detail)
            line = FlowLayout(line_box, align_right=True)
            for widget in widgets:
                line.addWidget(widget)
            d.addWidget(line_box)

        # The site's detail scrolls: on a small screen (1280×720 at 150 %) its tables and
        # buttons need more height than the tab has, and they must not make the whole window
        # taller than the screen.
        detail_scroll = QScrollArea(self)
        detail_scroll.setWidget(detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([900, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.gaps_only.toggled.connect(self._on_gaps_only_toggled)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.new_type_button.clicked.connect(self._on_new_type_button_clicked)
        self.new_site_button.clicked.connect(self._on_new_site_button_clicked)
        self.add_team_button.clicked.connect(self._on_add_team_button_clicked)
        self.add_document_button.clicked.connect(self._on_add_document_button_clicked)
        self.state_button.clicked.connect(self._on_state_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._show_site(None)

    # public -----------------------------------------------------------------------------------
    def show_data(self, data: MovementData) -> None:
        current = self._pending_select or self.current_site_id()
        self._pending_select = None
        self._data = data
        views = data.sites
        teams = sum(len(v.teams) for v in views)
        members = sum(v.members for v in views)
        incomplete = sum(1 for v in views if not v.check.complete)
        self.summary.setText(
            " · ".join(
                [
                    ngettext("{count} site", "{count} sites", len(views)).format(count=len(views)),
                    ngettext("{count} team", "{count} teams", teams).format(count=teams),
                    ngettext("{count} member", "{count} members", members).format(count=members),
                    ngettext(
                        "{count} dossier incomplete", "{count} dossiers incomplete", incomplete
                    ).format(count=incomplete),
                ]
            )
        )
        self._fill(current)

    def current_site_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(index, PAYLOAD_ROLE) if index.isValid() else None

    def select_site(self, site_id: str) -> None:
        for row, item in enumerate(self.model.rows()):
            if item.payload == site_id:
                self.table.selectRow(row)
                return

    # filling ----------------------------------------------------------------------------------
    def _fill(self, keep: str | None) -> None:
        data = self._data
        views = data.sites if data else []
        if self.gaps_only.isChecked():
            views = [v for v in views if not v.check.complete]
        rows = []
        for v in views:
            gaps = len(v.check.gaps)
            if not v.check.checked:
                dossier = "–"
            elif gaps:
                dossier = ngettext("{count} gap", "{count} gaps", gaps).format(count=gaps)
            else:
                dossier = _("complete")
            tooltip = "\n".join(gap_text(g, data.rule) for g in v.check.gaps) if data else ""
            rows.append(
                Row(
                    [
                        v.site.name,
                        v.type_name,
                        v.unit_name,
                        state_text(v),
                        str(len(v.teams)),
                        str(v.members),
                        dossier,
                    ],
                    payload=v.site.id,
                    attention=bool(gaps),
                    tooltips=["", "", "", "", "", "", tooltip],
                )
            )
        self.model.set_rows(rows)
        if keep:
            self.select_site(keep)
        if self.current_site_id() is None and rows:
            self.table.selectRow(0)
        self._show_site(self._view(self.current_site_id()))

    def _view(self, site_id: str | None) -> SiteView | None:
        if self._data is None or site_id is None:
            return None
        return next((v for v in self._data.sites if v.site.id == site_id), None)

    def _show_site(self, view: SiteView | None) -> None:
        for widget in (
            self.add_team_button,
            self.add_document_button,
            self.role_combo,
            self.state_button,
            self.remove_button,
        ):
            widget.setEnabled(view is not None)
        if view is None:
            self.title.setText(_("Choose a site to see its teams and dossier."))
            for label in (self.facts, self.gaps_label):
                label.clear()
            self.teams_model.set_rows([])
            self.documents_model.set_rows([])
            return
        site = view.site
        self.title.setText(site.name)
        facts = [view.type_name, view.unit_name, state_text(view)]
        if site.established_on:
            facts.append(_("established {date}").format(date=format_date(site.established_on)))
        if site.state_on:
            facts.append(_("since {date}").format(date=format_date(site.state_on)))
        self.facts.setText(
            " · ".join(facts) + (f"\n{site.struck_off_note}" if site.struck_off_note else "")
        )
        rule = self._data.rule if self._data else None
        self.gaps_label.setText(
            "\n".join(f"• {gap_text(g, rule)}" for g in view.check.gaps) if rule else ""
        )
        self.gaps_label.setVisible(bool(view.check.gaps))
        team_rows = []
        for t in view.teams:
            named = [f"{m.name} ({m.role})" if m.role else m.name for m in t.members]
            team_rows.append(
                Row(
                    [t.name, str(t.members_count), ", ".join(named)],
                    payload=t.id,
                    tooltips=["", "", "\n".join(named)],
                )
            )
        self.teams_model.set_rows(team_rows)
        self.documents_model.set_rows(
            [
                Row(
                    [_(DOCUMENT_ROLE_LABELS[d.document.role]), d.title, format_date(d.issue_date)],
                    payload=d.document.id,
                )
                for d in view.documents
            ]
        )

    # slots ------------------------------------------------------------------------------------
    def _on_gaps_only_toggled(self, _checked: bool) -> None:
        self._fill(self.current_site_id())

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_site(self._view(self.model.data(current, PAYLOAD_ROLE)))

    def _today(self) -> date:
        return self._ws.clock().date()

    def _units(self) -> list[Unit]:
        if self._data is None:
            return []
        scope = self._data.scope
        return [scope, *self._ws.store.units.children(scope.id)]

    def _run_dialog(self, dialog) -> bool:
        """Show a dialog (tests replace this); True when it saved."""
        return bool(dialog.exec())

    def _on_new_type_button_clicked(self) -> None:
        if self._data is None:
            return
        scope = self._data.scope

        def save(name: str, field, basis: str) -> object:
            return registry.add_model_type(self._ws, name, field, scope.id, basis=basis)

        if self._run_dialog(ModelTypeDialog(save, self)):
            self.changed.emit()

    def _on_new_site_button_clicked(self) -> None:
        if self._data is None:
            return

        def save(type_id: str, unit_id: str, name: str, established: date | None) -> object:
            return registry.add_site(self._ws, type_id, unit_id, name, established_on=established)

        dialog = SiteDialog(
            model_types(self._ws), self._units(), save, today=self._today(), parent=self
        )
        if self._run_dialog(dialog):
            self._pending_select = dialog.result_value.id
            self.changed.emit()

    def _on_add_team_button_clicked(self) -> None:
        site_id = self.current_site_id()
        if site_id is None:
            return

        def save(name: str, count: int, members, established) -> object:
            return registry.save_team(
                self._ws, site_id, name, count, members, established_on=established
            )

        if self._run_dialog(TeamDialog(save, today=self._today(), parent=self)):
            self.changed.emit()

    def _on_state_button_clicked(self) -> None:
        view = self._view(self.current_site_id())
        if view is None:
            return

        def save(state, on, reason, note) -> object:
            return registry.set_site_state(
                self._ws, view.site.id, state, on, reason=reason, note=note
            )

        if self._run_dialog(StateDialog(view.site.state, save, today=self._today(), parent=self)):
            self.changed.emit()

    def _confirm(self, title: str, text: str) -> bool:
        """Ask before removing (tests replace this)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _on_remove_button_clicked(self) -> None:
        view = self._view(self.current_site_id())
        if view is None:
            return
        if not self._confirm(
            _("Remove the site"),
            _(
                "Remove “{name}” entered by mistake? Its teams and dossier links go with it; the "
                "evidence files stay. A site that stopped working is struck off instead."
            ).format(name=view.site.name),
        ):
            return
        self._call(lambda: registry.remove_site(self._ws, view.site.id))

    def _call(self, change) -> None:
        try:
            change()
        except Exception as exc:  # a message for the user, the details in the log
            log.info("movement change refused", exc_info=True)
            QMessageBox.warning(self, _("Not changed"), describe_error(exc))
            return
        self.changed.emit()

    def _ask_file(self) -> Path | None:
        """Choose a document file (tests replace this)."""
        chosen, _filter = QFileDialog.getOpenFileName(self, _("Add a document to the dossier"))
        return Path(chosen) if chosen else None

    def _on_add_document_button_clicked(self) -> None:
        view = self._view(self.current_site_id())
        path = self._ask_file() if view is not None else None
        if view is None or path is None:
            return
        role = DocumentRole(self.role_combo.currentData())
        meta = evidence_service.EvidenceMetadata(
            title=f"{_(DOCUMENT_ROLE_LABELS[role])} — {view.site.name}",
            kind=evidence_service.guess_kind(path),
        )
        ws, site_id = self._ws, view.site.id
        self.add_document_button.setEnabled(False)

        def task(_ctx: object) -> object:
            own = ws.reopen()
            try:
                return registry.add_document_file(own, site_id, path, role, meta)
            finally:
                own.close()

        self._tasks.run(
            task,
            name="movement-document",
            on_success=lambda _doc: self.changed.emit(),
            on_error=self._on_task_failed,
        )

    def _on_task_failed(self, exc: BaseException) -> None:
        self.add_document_button.setEnabled(True)
        QMessageBox.warning(self, _("Not changed"), describe_error(exc))
