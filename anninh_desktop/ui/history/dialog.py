"""The history window: who changed what, when, from what to what — filtered, exported to Excel.

Opened for a unit, an assessment or a criterion (View ▸ History, the checklist's context menu);
the scope can be widened in the window. The banner on top says whether the audit log's hash chain
is intact, else where it first breaks: a history is only worth what the chain proves.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.history.describe import CATEGORIES
from anninh_desktop.services.history.export_xlsx import export_history
from anninh_desktop.services.history.log import (
    HistoryEntry,
    HistoryFilter,
    HistoryScope,
    ScopeKind,
    chain_state,
    filtered,
    history,
    people_in,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.history.model import HistoryModel

log = logging.getLogger(__name__)

_BANNER = (
    "QLabel {{ background: {background}; color: {colour}; border: 1px solid {colour};"
    " border-radius: 4px; padding: 4px 8px; }}"
)
_INTACT = _BANNER.format(colour="#166534", background="#f0fdf4")
_BROKEN = _BANNER.format(colour="#b91c1c", background="#fef2f2")


def scope_title(ws: Workspace, scope: HistoryScope) -> str:
    unit = ws.store.units.get(scope.unit_id).display_name
    if scope.kind is ScopeKind.UNIT:
        return unit
    year = ws.store.assessments.get(scope.assessment_id).year
    if scope.kind is ScopeKind.ASSESSMENT:
        return _("{unit} — assessment {year}").format(unit=unit, year=year)
    return _("{unit} — assessment {year} — criterion {ref}").format(
        unit=unit, year=year, ref=scope.criterion_ref
    )


class HistoryDialog(QDialog):
    def __init__(self, ws: Workspace, scope: HistoryScope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self._ws = ws
        self._scopes = self._wider_scopes(scope)
        self._entries: list[HistoryEntry] = []
        self.setWindowTitle(_("History"))
        self.setSizeGripEnabled(True)

        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("chain_label")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.scope_combo = QComboBox(self)
        for s in self._scopes:
            self.scope_combo.addItem(scope_title(ws, s))
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search the history…"))
        self.search_edit.setClearButtonEnabled(True)
        self.who_combo = QComboBox(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(_("Every kind of change"), "")
        for key, label in CATEGORIES.items():
            self.kind_combo.addItem(_(label), key)
        self.since_edit = QDateEdit(self)
        self.until_edit = QDateEdit(self)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.who_combo, 2)
        filters.addWidget(self.kind_combo, 2)
        since_label = QLabel(_("&From"), self)
        since_label.setBuddy(self.since_edit)
        until_label = QLabel(_("&to"), self)
        until_label.setBuddy(self.until_edit)
        filters.addWidget(since_label)
        filters.addWidget(self.since_edit)
        filters.addWidget(until_label)
        filters.addWidget(self.until_edit)

        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("history_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Subject and change share what the time, the person and the action leave.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(0, metrics.horizontalAdvance("00/00/0000 00:00") + 16)
        self.table.setColumnWidth(1, metrics.averageCharWidth() * 22)
        self.table.setColumnWidth(2, metrics.averageCharWidth() * 26)
        # Wrapped rows take the height their text needs at the columns' current widths.
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start())
        self.count_label = QLabel(self)

        self.export_button = QPushButton(_("E&xport to Excel…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        scope_row = QHBoxLayout()
        scope_label = QLabel(_("&History of"), self)
        scope_label.setBuddy(self.scope_combo)
        scope_row.addWidget(scope_label)
        scope_row.addWidget(self.scope_combo, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(scope_row)
        layout.addWidget(self.chain_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self.scope_combo.currentIndexChanged.connect(self._on_scope_combo_currentIndexChanged)
        self.search_edit.textChanged.connect(self._apply)
        self.who_combo.currentIndexChanged.connect(self._apply)
        self.kind_combo.currentIndexChanged.connect(self._apply)
        self.since_edit.dateChanged.connect(self._apply)
        self.until_edit.dateChanged.connect(self._apply)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.resize(1100, 620)
        self.reload()

    # ------------------------------------------------------------------ loading

    def _wider_scopes(self, scope: HistoryScope) -> list[HistoryScope]:
        """The asked scope first, then the ones that contain it (assessment, unit)."""
        out = [scope]
        if scope.kind is ScopeKind.CRITERION:
            out.append(HistoryScope(ScopeKind.ASSESSMENT, scope.unit_id, scope.assessment_id))
        if scope.kind is not ScopeKind.UNIT:
            out.append(HistoryScope(ScopeKind.UNIT, scope.unit_id))
        return out

    @property
    def scope(self) -> HistoryScope:
        return self._scopes[max(self.scope_combo.currentIndex(), 0)]

    def reload(self) -> None:
        """Read the scope's history and the chain's state again."""
        self._entries = history(self._ws, self.scope)
        state = chain_state(self._ws)
        self.chain_label.setText(state.message)
        self.chain_label.setStyleSheet(_INTACT if state.intact else _BROKEN)
        self._chain = state
        who = self.who_combo.currentData()
        self.who_combo.blockSignals(True)
        self.who_combo.clear()
        self.who_combo.addItem(_("Everyone"), "")
        for name in people_in(self._entries):
            self.who_combo.addItem(name, name)
        self.who_combo.setCurrentIndex(max(self.who_combo.findData(who), 0))
        self.who_combo.blockSignals(False)
        first = min((e.at.date() for e in self._entries), default=None)
        today = self._ws.clock().date()
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
        start = first or today
        self.since_edit.setDate(QDate(start.year, start.month, start.day))
        last = max(today, max((e.at.date() for e in self._entries), default=today))
        self.until_edit.setDate(QDate(last.year, last.month, last.day))
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(False)
        self._apply()

    def current_filter(self) -> HistoryFilter:
        return HistoryFilter(
            text=self.search_edit.text(),
            who=str(self.who_combo.currentData() or ""),
            category=str(self.kind_combo.currentData() or ""),
            since=self.since_edit.date().toPython(),  # type: ignore[arg-type]
            until=self.until_edit.date().toPython(),  # type: ignore[arg-type]
        )

    def shown_entries(self) -> list[HistoryEntry]:
        return [self.model.entry(row) for row in range(self.model.rowCount())]

    def _apply(self) -> None:
        shown = filtered(self._entries, self.current_filter())
        self.model.set_entries(shown)
        self._rows_timer.start()
        self.count_label.setText(
            _("{shown} of {total} changes").format(shown=len(shown), total=len(self._entries))
        )
        self.export_button.setEnabled(bool(shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rows_timer.start()

    def _on_scope_combo_currentIndexChanged(self, _index: int) -> None:
        self.reload()

    # ------------------------------------------------------------------ export

    def _ask_save_path(self, suggested: str) -> Path | None:
        """Ask where to save (tests replace this); None when the user cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _selected = QFileDialog.getSaveFileName(
            self, _("Export the history"), str(Path(folder) / suggested), _("Excel (*.xlsx)")
        )
        return Path(chosen) if chosen else None

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, _("Saving failed"), message)

    def _on_export_button_clicked(self) -> None:
        title = self.scope_combo.currentText()
        path = self._ask_save_path(_("History") + ".xlsx")
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            export_history(path, _("History"), self.shown_entries(), self._chain)
        except UserError as exc:
            self._show_error(exc.message)
            return
        log.info("history of %s exported to %s", title, path)


def open_history(ws: Workspace, scope: HistoryScope, parent: QWidget) -> HistoryDialog:
    """Show a history window (not modal: the officer may keep working beside it)."""
    dialog = HistoryDialog(ws, scope, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_history_of(
    ws: Workspace, unit_id: str | None, assessment_id: str | None, ref: str, parent: QWidget
) -> HistoryDialog | None:
    """The history of the criterion, else the assessment, else the unit the window shows."""
    if not unit_id:
        QMessageBox.information(
            parent, _("History"), _("Choose a unit in the list first, then open its history.")
        )
        return None
    if assessment_id and ref:
        scope = HistoryScope(ScopeKind.CRITERION, unit_id, assessment_id, ref)
    elif assessment_id:
        scope = HistoryScope(ScopeKind.ASSESSMENT, unit_id, assessment_id)
    else:
        scope = HistoryScope(ScopeKind.UNIT, unit_id)
    return open_history(ws, scope, parent)
