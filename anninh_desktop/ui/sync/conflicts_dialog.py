"""Sync ▸ Conflicts…: the open conflicts, one field table each, and "Resolve" (docs/sync.md)."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.sync.conflicts import (
    ConflictView,
    list_conflicts,
    resolve_conflict,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.sync.conflict_fields import ConflictFields, field_label

log = logging.getLogger(__name__)

COL_UNIT, COL_ROW, COL_SENDER, COL_DETECTED = range(4)
ID_ROLE = Qt.ItemDataRole.UserRole
ERROR_STYLE = "color: #b00020;"


def _when(text: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(text))
    except ValueError:
        return text


def row_text(view: ConflictView) -> str:
    """What the row is: e.g. "1.2 — Note, Work status"."""
    fields = ", ".join(field_label(f.name) for f in view.fields)
    return f"{view.label} — {fields}" if fields else view.label


class ConflictsDialog(QDialog):
    """Open conflicts on the left, the chosen one's fields on the right; nothing is written
    before "Resolve", which writes the choice as a new local edit that travels with the next export."""

    resolved = Signal()  # a conflict was resolved: the window reloads what it shows

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.views: list[ConflictView] = []
        self.setWindowTitle(_("Sync conflicts"))
        self._build()
        self.reload()

    def _build(self) -> None:
        self.intro = QLabel(
            _(
                "Two PCs changed the same data before hearing from each other. Both versions "
                "were kept; the program shows one of them until you choose. Choose per field, "
                "then Resolve: the choice goes to the other offices with the next export."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.list = QTableWidget(0, 4, self)
        self.list.setHorizontalHeaderLabels([_("Unit"), _("Row"), _("From"), _("Detected")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().hide()
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(COL_ROW, QHeaderView.ResizeMode.Stretch)
        for col in (COL_UNIT, COL_SENDER, COL_DETECTED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.fields = ConflictFields(self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        right = QWidget(self)
        r = QVBoxLayout(right)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(self.title)
        r.addWidget(self.fields, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([180, 320])
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resolve_button = QPushButton(_("&Resolve"), self)
        self.close_button = QPushButton(_("Close"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(980, 620)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.resolve_button.clicked.connect(self.resolve)
        self.close_button.clicked.connect(self.accept)

    # ---------------------------------------------------------------- showing
    def reload(self) -> None:
        """Read the open conflicts again; the first one is chosen."""
        try:
            self.views = list_conflicts(self._ws)
        except UserError as exc:
            self.views = []
            self._say(exc.message, error=True)
        self.list.setRowCount(len(self.views))
        for row, v in enumerate(self.views):
            for col, text in (
                (COL_UNIT, v.unit_name),
                (COL_ROW, row_text(v)),
                (COL_SENDER, v.sender_name),
                (COL_DETECTED, _when(v.detected_at)),
            ):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, v.id)
                item.setToolTip(text)
                self.list.setItem(row, col, item)
        self.list.blockSignals(True)
        if self.views:
            self.list.selectRow(0)
        self.list.blockSignals(False)
        self._on_list_selection_changed()

    def current(self) -> ConflictView | None:
        rows = self.list.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.views):
            return None
        return self.views[rows[0].row()]

    def select(self, conflict_id: int) -> None:
        for row, v in enumerate(self.views):
            if v.id == conflict_id:
                self.list.selectRow(row)

    def _on_list_selection_changed(self) -> None:
        view = self.current()
        self.fields.show_conflict(view)
        self.resolve_button.setEnabled(view is not None)
        if view is None:
            self.title.setText(_("There are no open conflicts.") if not self.views else "")
            return
        if not view.fields:
            text = _(
                "{unit}, {row}: both PCs changed this row at the same time but the versions are "
                "the same. Resolve closes the conflict."
            )
        else:
            text = _("{unit}, {row}: this PC's version and the version of {sender}.")
        self.title.setText(
            text.format(unit=view.unit_name, row=view.label, sender=view.sender_name)
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # ---------------------------------------------------------------- resolving
    def resolve(self) -> bool:
        """Write the choice of every field of the chosen conflict; False if refused."""
        view = self.current()
        if view is None:
            return False
        mine, theirs, values = self.fields.choices()
        try:
            done = resolve_conflict(
                self._ws, view.id, keep_mine=mine, take_theirs=theirs, values=values
            )
        except UserError as exc:
            self._say(exc.message, error=True)
            return False
        log.info("conflict %s resolved", done.id)
        self._say(_("Resolved: {unit}, {row}.").format(unit=done.unit_name, row=done.label))
        self.reload()
        self.resolved.emit()
        return True
