"""The navigator: the unit tree with search and filters; tells the window which unit is chosen."""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QVBoxLayout, QWidget

from anninh_desktop.domain.assessments import STATE_LABELS, AssessmentState
from anninh_desktop.domain.periods import PERIOD_16_NOV, period_bounds
from anninh_desktop.domain.units import CERTIFIED_KINDS, UNIT_KIND_LABELS, UnitKind
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services import navigator_service as nav
from anninh_desktop.services.formatting import format_date, format_number
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.navigator.tree_model import COL_NAME, UnitTreeModel
from anninh_desktop.ui.navigator.view import NavigatorView

log = logging.getLogger(__name__)

# With more matches than this, a search opens only the top level instead of every match's parents.
EXPAND_MATCHES_LIMIT = 300
# A tree this small opens completely at start.
EXPAND_ALL_LIMIT = 60
_NOT_REGISTERED = "not_registered"


class NavigatorWidget(QWidget):
    """Province → commune → residential areas and establishments, each with its state and progress.

    Signals: `unitSelected(unit_id)` when the current unit changes (or Enter is pressed on it),
    `yearChanged(year)` when another period year is chosen.
    """

    unitSelected = Signal(str)
    yearChanged = Signal(int)
    missingReportRequested = Signal(str)  # from the context menu: the unit's "còn thiếu gì"
    unitListRequested = Signal(str)  # from the context menu: the commune's units from/to Excel

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._year = nav.default_year(workspace)
        self._scope = nav.TreeScope()
        self._filter = nav.TreeFilter()
        self._result: nav.FilterResult | None = None
        self._lacking: dict[int, set[str]] = {}  # year → assessment ids, computed on first use
        self._emitted: str | None = None

        self.view = NavigatorView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        v = self.view
        self.search, self.tree = v.search, v.tree
        self.year_combo, self.kind_combo, self.state_combo = (
            v.year_combo,
            v.kind_combo,
            v.state_combo,
        )
        self.unmet_check, self.evidence_check = v.unmet_check, v.evidence_check
        self.all_units_check, self.historic_check = v.all_units_check, v.historic_check
        self.summary = v.summary

        self.model = UnitTreeModel(self)
        self.model.successor_names = lambda unit_id: nav.successor_names(self._ws, unit_id)
        self.model.progress_loader = self._on_model_listing
        self.tree.setModel(self.model)
        v.fit_columns([_(label) for label in STATE_LABELS.values()])
        self._fill_combos()
        self.setFocusProxy(self.search)
        self.search.installEventFilter(self)
        self.tree.installEventFilter(self)

        self.search.textChanged.connect(self._on_search_textChanged)
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_currentIndexChanged)
        for combo in (self.kind_combo, self.state_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.unmet_check.toggled.connect(self._on_filter_changed)
        self.evidence_check.toggled.connect(self._on_filter_changed)
        self.all_units_check.toggled.connect(self._on_scope_changed)
        self.historic_check.toggled.connect(self._on_scope_changed)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_currentChanged)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_tree_customContextMenuRequested)
        self.context_menu: QMenu | None = None
        self._load()

    # ------------------------------------------------------------------------- public
    def year(self) -> int:
        return self._year

    def set_year(self, year: int) -> None:
        """Show another period year, if the data folder has it (a remembered year may be gone)."""
        index = self.year_combo.findData(year)
        if index >= 0:
            self.year_combo.setCurrentIndex(index)

    def current_unit_id(self) -> str | None:
        return self.model.unit_id(self.tree.currentIndex())

    def select_unit(self, unit_id: str) -> None:
        """Make a unit current (opening its parents); clears the search if it hides the unit."""
        if not self.model.is_listed(unit_id) and self._filter.active:
            self.search.clear()
            self._clear_filters()
        if self.model.tree is not None and unit_id not in self.model.tree.units:
            self.reload()
        index = self.model.index_of(unit_id)
        if not index.isValid():
            return
        self._reveal(index)
        self.tree.setCurrentIndex(index)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh_units(self, unit_ids: list[str]) -> None:
        """State or progress of these units changed (ancestors show no totals, so only these)."""
        tree = self.model.tree
        if tree is None:
            return
        if any(u not in tree.units for u in unit_ids):
            self.reload()
            return
        self._lacking.pop(self._year, None)
        updated = nav.refresh_assessments(self._ws, tree, unit_ids)
        if self._filter.active and (self._filter.states or self._filter.unmet):
            self._apply_filter()
        else:
            self.model.assessments_changed(updated)

    def reload(self) -> None:
        """Units or assessments were added: read the tree again, keeping the current unit."""
        self._lacking.clear()
        self._fill_years()
        self._load()

    # ------------------------------------------------------------------------- loading
    def _fill_combos(self) -> None:
        self._fill_years()
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in CERTIFIED_KINDS:
            self.kind_combo.addItem(_(UNIT_KIND_LABELS[kind]), kind.value)
        self.state_combo.addItem(_("All states"), None)
        self.state_combo.addItem(_("Not registered"), _NOT_REGISTERED)
        for state in AssessmentState:
            self.state_combo.addItem(_(STATE_LABELS[state]), state.value)

    def _fill_years(self) -> None:
        combo = self.year_combo
        combo.blockSignals(True)
        combo.clear()
        for year in nav.period_years(self._ws):
            start, end = period_bounds(PERIOD_16_NOV, year)
            combo.addItem(str(year), year)
            combo.setItemData(
                combo.count() - 1,
                _("Period {start} – {end}").format(start=format_date(start), end=format_date(end)),
                Qt.ItemDataRole.ToolTipRole,
            )
        combo.setCurrentIndex(max(0, combo.findData(self._year)))
        combo.blockSignals(False)

    def _load(self) -> None:
        current = self.current_unit_id() or self._emitted
        busy = self.isVisible()  # all official units take a moment: show it
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            tree = nav.load_tree(self._ws, self._year, self._scope)
            self._result = None
            if self._filter.unmet:
                nav.ensure_all_progress(self._ws, tree)
            if self._filter.active:
                self._result = nav.filter_tree(tree, self._filter, self._lacking_for_filter())
            self.model.set_tree(tree, self._result.visible if self._result else None)
        finally:
            if busy:
                QApplication.restoreOverrideCursor()
        self._after_reset(current)

    def _on_model_listing(self, unit_ids: list[str]) -> None:
        tree = self.model.tree
        if tree is not None:
            nav.ensure_progress(self._ws, tree, unit_ids)

    def _lacking_for_filter(self) -> set[str]:
        if not self._filter.lacks_evidence:
            return set()
        if self._year not in self._lacking:
            self._lacking[self._year] = nav.lacking_evidence(self._ws, self._year)
        return self._lacking[self._year]

    # ------------------------------------------------------------------------- filtering
    def _current_filter(self) -> nav.TreeFilter:
        kind = self.kind_combo.currentData()
        state = self.state_combo.currentData()
        states: frozenset[AssessmentState | None] = frozenset()
        if state == _NOT_REGISTERED:
            states = frozenset({None})
        elif state:
            states = frozenset({AssessmentState(state)})
        return nav.TreeFilter(
            text=self.search.text(),
            kinds=frozenset({UnitKind(kind)}) if kind else frozenset(),
            states=states,
            unmet=self.unmet_check.isChecked(),
            lacks_evidence=self.evidence_check.isChecked(),
        )

    def _apply_filter(self, *, narrowing: bool = False) -> None:
        tree = self.model.tree
        if tree is None:
            return
        current = self.current_unit_id() or self._emitted
        flt = self._filter
        if not flt.active:
            self._result = None
            self.model.set_visible(None)
        else:
            if flt.unmet:
                nav.ensure_all_progress(self._ws, tree)
            within = self._result.matched if (narrowing and self._result) else None
            self._result = nav.filter_tree(tree, flt, self._lacking_for_filter(), within=within)
            self.model.set_visible(self._result.visible)
        self._after_reset(current)

    def _clear_filters(self) -> None:
        for widget in (self.kind_combo, self.state_combo, self.unmet_check, self.evidence_check):
            widget.blockSignals(True)
        self.kind_combo.setCurrentIndex(0)
        self.state_combo.setCurrentIndex(0)
        self.unmet_check.setChecked(False)
        self.evidence_check.setChecked(False)
        for widget in (self.kind_combo, self.state_combo, self.unmet_check, self.evidence_check):
            widget.blockSignals(False)
        self._filter = self._current_filter()
        self._apply_filter()

    def _after_reset(self, current: str | None) -> None:
        """Open the right nodes, put the current unit back and say how many units show."""
        self._expand_default()
        if current is not None and self.model.is_listed(current):
            index = self.model.index_of(current)
            self._reveal(index)
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_summary()

    def _expand_default(self) -> None:
        tree = self.model.tree
        if tree is None:
            return
        if self._result is not None and len(self._result.matched) <= EXPAND_MATCHES_LIMIT:
            # Open every parent of a match, top down, so each match can be seen.
            parents = sorted(
                {p for m in self._result.matched for p in tree.ancestors(m)},
                key=lambda u: len(tree.ancestors(u)),
            )
            for unit_id in parents:
                self.tree.expand(self.model.index_of(unit_id))
            return
        count = len(tree.units) if self._result is None else len(self._result.visible)
        if count <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
            return
        for row in range(self.model.rowCount()):
            self.tree.expand(self.model.index(row, COL_NAME))

    def _reveal(self, index: QModelIndex) -> None:
        parent = index.parent()
        chain = []
        while parent.isValid():
            chain.append(parent)
            parent = parent.parent()
        for p in reversed(chain):
            self.tree.expand(p)
        self.tree.scrollTo(index)

    def _update_summary(self) -> None:
        # Later, not before the first paint: the first number formatted loads babel's data.
        QTimer.singleShot(0, self, self._write_summary)

    def _write_summary(self) -> None:
        tree = self.model.tree
        if tree is None:
            return
        if self._result is None:
            text = ngettext("{count} unit", "{count} units", len(tree.units)).format(
                count=format_number(len(tree.units))
            )
        elif not self._result.matched:
            text = _("No unit matches. Press Esc to clear the search.")
        else:
            n = len(self._result.matched)
            text = ngettext("{count} unit matches", "{count} units match", n).format(
                count=format_number(n)
            )
        self.summary.setText(text)

    # ------------------------------------------------------------------------- slots
    def _on_search_textChanged(self, _text: str) -> None:
        previous, self._filter = self._filter, self._current_filter()
        narrowing = previous.active and nav.narrows(previous, self._filter)
        self._apply_filter(narrowing=narrowing)

    def _on_filter_changed(self, *_args: object) -> None:
        self._filter = self._current_filter()
        self._apply_filter()

    def _on_scope_changed(self, _checked: bool) -> None:
        self._scope = nav.TreeScope(
            all_units=self.all_units_check.isChecked(), historic=self.historic_check.isChecked()
        )
        self._load()

    def _on_year_combo_currentIndexChanged(self, _row: int) -> None:
        year = self.year_combo.currentData()
        if year is None or year == self._year:
            return
        self._year = int(year)
        tree = self.model.tree
        if tree is not None:
            nav.change_year(self._ws, tree, self._year)
            if self._filter.active:
                self._apply_filter()
            else:  # same units, other assessments: repaint, keeping what is open
                self.model.all_assessments_changed()
        self.yearChanged.emit(self._year)

    def _on_tree_currentChanged(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit_id = self.model.unit_id(current)
        if unit_id is not None and unit_id != self._emitted:
            self._emitted = unit_id
            self.unitSelected.emit(unit_id)

    def _on_tree_customContextMenuRequested(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)  # the row clicked; the menu key: the current row
        unit_id = self.model.unit_id(index if index.isValid() else self.tree.currentIndex())
        if unit_id is None:
            return
        menu = self.context_menu = QMenu(self.tree)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        action = menu.addAction(_("What is still &missing…"))
        action.triggered.connect(lambda: self.missingReportRequested.emit(unit_id))
        action = menu.addAction(_("&Lists of units (Excel)…"))
        action.triggered.connect(lambda: self.unitListRequested.emit(unit_id))
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _on_tree_activated(self, index: QModelIndex) -> None:
        unit_id = self.model.unit_id(index)
        if unit_id is not None:
            self._emitted = unit_id
            self.unitSelected.emit(unit_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    return True
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._focus_first_match()
                    return True
            elif watched is self.tree and key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _focus_first_match(self) -> None:
        """From the search box into the tree, on the first match (or the current unit)."""
        index = self.tree.currentIndex()
        if self._result is not None and self._result.matched:
            if self.model.unit_id(index) not in self._result.matched:
                first = self._first_listed_match()
                index = self.model.index_of(first) if first else index
        if not index.isValid():
            index = self.model.index(0, COL_NAME)
        if index.isValid():  # before the focus: a view without a current row takes the first
            self.tree.setCurrentIndex(index)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _first_listed_match(self) -> str | None:
        """The topmost match in the tree's order (depth first over listed children)."""
        assert self._result is not None
        stack = [self.model.index(r, COL_NAME) for r in reversed(range(self.model.rowCount()))]
        while stack:
            index = stack.pop()
            unit_id = self.model.unit_id(index)
            if unit_id in self._result.matched:
                return unit_id
            stack.extend(
                self.model.index(r, COL_NAME, index)
                for r in reversed(range(self.model.rowCount(index)))
            )
        return None
