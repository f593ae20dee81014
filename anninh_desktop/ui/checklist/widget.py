"""The checklist of one assessment: find box, groups ▸ criteria ▸ items, and the current row's details.

Every change is saved at once (results, work status) or after a short pause in typing (text fields,
due date), on leaving a field, on changing rows and on `flush()`; nothing waits for a Save button.
Each saved change becomes one command on the window's undo stack; typing in one field of one row is
merged into one command until the user leaves the field.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import (
    RESULT_LABELS,
    Assessment,
    Result,
    ResultValue,
)
from anninh_desktop.domain.criteria import Criterion
from anninh_desktop.i18n import N_, _
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.office_settings import results_refusal
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.checklist import columns
from anninh_desktop.ui.checklist.commands import ResultCommand, apply_target
from anninh_desktop.ui.checklist.detail import RESULT_ORDER, DetailPane
from anninh_desktop.ui.checklist.marks import BANNER_STYLE, result_icon
from anninh_desktop.ui.checklist.model import (
    ASSESSABLE_ROLE,
    REF_ROLE,
    ChecklistFilter,
    ChecklistModel,
)
from anninh_desktop.ui.checklist.tree import ChecklistTree
from anninh_desktop.ui.layout_memory import LayoutMemory

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 600
# Below this height the detail pane moves beside the tree (when the width allows it): a tree over
# a pane in a short window would show neither.
SIDE_BY_SIDE_BELOW = 360
DETAIL_MIN_WIDTH = 330
_FIELD_LABELS = {
    "note": N_("Note"),
    "figures": N_("Figures"),
    "na_reason": N_("Reason (not applicable)"),
    "remediation": N_("Remediation plan"),
    "responsible": N_("Responsible"),
    "due_date": N_("Due date"),
    "work_status": N_("Work status"),
    "points": N_("Points"),
}


class ChecklistWidget(QWidget):
    currentCriterionChanged = Signal(str)  # "" when no row is current
    resultsChanged = Signal(str)  # assessment id, after any saved edit, undo or redo
    historyRequested = Signal(str)  # the criterion ref whose history the user asked for

    def __init__(
        self,
        workspace: Workspace,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        memory: LayoutMemory | None = None,
        banner: bool = True,
    ) -> None:
        """`banner`: say above the tree why the results cannot change (the assessment page's
        header says it already)."""
        super().__init__(parent)
        self._ws = workspace
        self._with_banner = banner
        self._stack = undo_stack
        self._memory = memory or LayoutMemory(None, self)
        self._row_texts: list[columns.RowText] = []
        self._refusal = ""  # why the shown results cannot change ("" when they can)
        self.hidden_columns: list[int] = []
        self._apply_target = apply_target(undo_stack)
        self._apply_target.apply = self._apply_from_stack
        self._assessment: Assessment | None = None
        self._shown_ref: str | None = None  # the row the detail pane holds
        self._pending: set[str] = set()  # fields typed in and not saved yet
        self._session = 0  # typing in one field merges into one command per session
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)
        self._build()
        self.show_assessment(None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText(_("Find a criterion (Ctrl+F)"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(self._on_find_box_text_changed)
        self.find_box.installEventFilter(self)
        self.model = ChecklistModel(self)
        self.proxy = ChecklistFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = ChecklistTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setIndentation(columns.INDENTATION)
        self.tree.resized.connect(self._fit_columns)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.resultKeyPressed.connect(self._on_tree_result_key_pressed)
        self.tree.customContextMenuRequested.connect(self._on_tree_context_menu)
        self.detail = DetailPane(self)
        from anninh_desktop.ui.people.name_completer import offer_officer_names

        offer_officer_names(self.detail.responsible, self._ws)  # the responsible: an officer
        self.detail.resultChosen.connect(self._on_detail_result_chosen)
        self.detail.workStatusChosen.connect(self._on_detail_work_status_chosen)
        self.detail.fieldEdited.connect(self._on_detail_field_edited)
        self.detail.fieldCommitted.connect(self._on_detail_field_committed)
        self.detail.fieldEntered.connect(self._on_detail_field_entered)
        self.detail.fieldLeft.connect(self._on_detail_field_left)
        self.detail.undoRequested.connect(self._on_detail_undo_requested)
        self.detail.redoRequested.connect(self._on_detail_redo_requested)
        self.detail_scroll = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: a scroll bar that comes and goes changes the width, the result buttons
        # wrap differently, the height changes, and the bar comes or goes again.
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setWidget(self.detail)
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._memory.track("checklist", splitter, _default_split)
        layout.addWidget(self.banner)
        layout.addWidget(self.find_box)
        layout.addWidget(splitter, 1)

    # public interface ----------------------------------------------------------------------
    def show_assessment(self, assessment_id: str | None) -> None:
        """Show an assessment's checklist (None: nothing); a pending text edit is saved first."""
        self.flush()
        previous = self.current_ref()
        view = assessment_service.checklist(self._ws, assessment_id) if assessment_id else None
        same_set = (
            view is not None
            and self._assessment is not None
            and view.criterion_set.id == self._assessment.set_id
        )
        self._assessment = view.assessment if view is not None else None
        self._shown_ref = None
        self.tree.setUpdatesEnabled(False)
        try:
            if view is None:
                self.model.set_content(None, {}, {})
            else:
                self.model.set_content(view.criterion_set, view.results, view.evidence_counts)
            self.tree.expandAll()
            self._row_texts = self.model.row_texts()
            self._fit_columns()
            self._update_banner()
            target = previous if same_set and previous else self._first_assessable_ref()
            self.select_ref(target)
            if target is None:
                self._show_detail(None)
        finally:
            self.tree.setUpdatesEnabled(True)

    def refresh(self) -> None:
        """Reload results, counts and state of the shown assessment, keeping row, scroll and expansion."""
        if self._assessment is None:
            return
        self.flush()
        view = assessment_service.checklist(self._ws, self._assessment.id)
        if view.criterion_set.id != self._assessment.set_id:
            self.show_assessment(self._assessment.id)
            return
        self._assessment = view.assessment
        self.model.update_content(view.results, view.evidence_counts)
        self._update_banner()
        self._show_detail(self._shown_ref)

    def flush(self) -> None:
        """Save what was typed and not saved yet."""
        self._save_timer.stop()
        if not self._pending:
            return
        fields, self._pending = self._pending, set()
        if self._assessment is None or self._shown_ref is None:
            return
        ref = self._shown_ref
        result = self.model.result(ref)
        if result is None:
            return
        for name in sorted(fields):
            value = self.detail.value_of(name)
            if value != getattr(result, name):
                self._edit(ref, {name: value}, merge_field=name)

    def comfortable_width(self) -> int:
        """The width at which the criterion column holds its minimum beside the result column."""
        return columns.comfortable_width(self.tree, self._row_texts or self.model.row_texts())

    def minimum_height_beside(self) -> int:
        """The height under which the detail pane goes beside the tree."""
        return SIDE_BY_SIDE_BELOW

    def focus_find(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def current_ref(self) -> str | None:
        index = self.tree.currentIndex()
        return index.data(REF_ROLE) if index.isValid() else None

    def select_ref(self, ref: str | None) -> None:
        """Make a row current (the find box is cleared when it hides the row)."""
        source = self.model.index_of(ref) if ref else QModelIndex()
        if not source.isValid():
            self.tree.setCurrentIndex(QModelIndex())
            return
        index = self.proxy.mapFromSource(source)
        if not index.isValid() and self.proxy.active():
            self.find_box.clear()
            index = self.proxy.mapFromSource(source)
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)

    # layout --------------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        self.hidden_columns = columns.fit_columns(self.tree, self._row_texts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Tree over the detail pane; beside it in a short, wide space."""
        size = self.size()
        beside = (
            size.height() < SIDE_BY_SIDE_BELOW
            and size.width() >= self.comfortable_width() + DETAIL_MIN_WIDTH
        )
        wanted = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
        # Beside the detail pane, the tree keeps the width its criterion column needs.
        self.tree.setMinimumWidth(self.comfortable_width() if beside else 0)
        self.detail_scroll.setMinimumWidth(DETAIL_MIN_WIDTH if beside else 0)
        if self.splitter.orientation() is not wanted:
            self.splitter.setOrientation(wanted)
            self._memory.restore("checklist")

    # reading state -------------------------------------------------------------------------
    def _first_assessable_ref(self) -> str | None:
        for ref in self.model.refs():
            if self.model.result(ref) is not None and self.model.criterion(ref).assessable:
                return ref
        return None

    def _read_only_reason(self, c: Criterion | None) -> str:
        if self._assessment is None or c is None:
            return ""
        if self._refusal:
            return self._refusal
        if c.computed is not None:
            return _(
                "Read-only: the program sets this row from the child units' records "
                "when the assessment is submitted."
            )
        if not c.assessable or self.model.result(c.ref) is None:
            return _("This is a heading; its criteria are below it.")
        return ""

    def _update_banner(self) -> None:
        """Why the results cannot change (a locked state, an office that only appraises)."""
        a = self._assessment
        self._refusal = results_refusal(self._ws, a) if a is not None else ""
        self.banner.setText(self._refusal)
        self.banner.setVisible(bool(self._refusal) and self._with_banner)

    def _show_detail(self, ref: str | None) -> None:
        self._shown_ref = ref
        self._session += 1
        c = self.model.criterion(ref) if ref else None
        result = self.model.result(ref) if ref and c is not None and c.assessable else None
        titles = [e.title for e in self._ws.store.evidence.for_result(result.id)] if result else []
        self.detail.show_row(c, result, titles, read_only_reason=self._read_only_reason(c))
        aid = self._assessment.id if result is not None and self._assessment is not None else None
        self.detail.verdicts.show_for(self._ws, aid, ref)

    # writing -------------------------------------------------------------------------------
    def _edit(self, ref: str, changes: dict[str, Any], *, merge_field: str | None = None) -> bool:
        """Save a change of the shown assessment and push its undo command; False if refused."""
        assert self._assessment is not None
        aid = self._assessment.id
        old = self.model.result(ref)
        new = self._write(aid, ref, changes)
        if old is None or new is None:
            return False
        before = {k: getattr(old, k) for k in assessment_service.EDITABLE_FIELDS}
        after = {k: getattr(new, k) for k in assessment_service.EDITABLE_FIELDS}
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return True
        command = ResultCommand(
            self._apply_target,
            aid,
            ref,
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
            self._command_text(ref, changes),
            (merge_field, self._session) if merge_field else None,
        )
        self._stack.push(command)
        return True

    def _command_text(self, ref: str, changes: dict[str, Any]) -> str:
        # Shown after "Undo" / "Redo" in the Edit menu: a phrase that continues them.
        if "value" in changes:
            # TRANSLATORS: follows "Undo" or "Redo" in the Edit menu: start in lower case.
            return _("set {ref} to “{result}”").format(
                ref=ref, result=_(RESULT_LABELS[ResultValue(changes["value"])])
            )
        name = next(iter(changes))
        # TRANSLATORS: follows "Undo" or "Redo" in the Edit menu: start in lower case.
        return _("edit {field} of {ref}").format(field=_(_FIELD_LABELS[name]).lower(), ref=ref)

    def _write(self, aid: str, ref: str, changes: dict[str, Any]) -> Result | None:
        try:
            new = assessment_service.update_result(self._ws, aid, ref, **changes)
        except UserError as exc:
            self.detail.set_message(exc.message, error=True)
            if self._assessment is not None and aid == self._assessment.id:
                self._show_stored(ref, message=exc.message)
            return None
        except KeyError:
            log.exception("result %s of %s is gone", ref, aid)
            self.detail.set_message(_("This assessment no longer exists."), error=True)
            return None
        if self._assessment is not None and aid == self._assessment.id:
            self.model.update_result(new)
            if ref == self._shown_ref:
                self.detail.update_values(new)
        self.resultsChanged.emit(aid)
        return new

    def _show_stored(self, ref: str, *, message: str) -> None:
        """After a refusal the row shows the stored value again, with the reason."""
        if ref == self._shown_ref:
            result = self.model.result(ref)
            if result is not None:
                self.detail.update_values(result)
            self.detail.set_message(message, error=True)

    def _apply_from_stack(self, aid: str, ref: str, fields: dict[str, Any]) -> bool:
        """Undo/redo: write the fields and bring the changed row into view."""
        self._save_timer.stop()
        self._pending.clear()  # the stack moves: typing not saved yet would undo the undo
        if self._write(aid, ref, fields) is None:
            return False
        if self._assessment is not None and aid == self._assessment.id:
            if self.current_ref() != ref:
                self.select_ref(ref)
        return True

    def _set_result(self, value: ResultValue) -> None:
        ref = self.current_ref()
        c = self.model.criterion(ref) if ref else None
        reason = self._read_only_reason(c)
        if self._assessment is None or c is None:
            return
        if reason:
            self.detail.set_message(reason, error=False)
            return
        self.flush()
        if self._edit(c.ref, {"value": value}):
            self.detail.set_message("")

    # slots ---------------------------------------------------------------------------------
    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        ref = current.data(REF_ROLE) if current.isValid() else None
        self._show_detail(ref)
        self.currentCriterionChanged.emit(ref or "")

    def _on_tree_result_key_pressed(self, value: str) -> None:
        self._set_result(ResultValue(value))

    def _on_tree_context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if not index.isValid() or not index.data(ASSESSABLE_ROLE):
            return
        self.tree.setCurrentIndex(index)
        menu = QMenu(self)
        editable = not self._read_only_reason(self.model.criterion(index.data(REF_ROLE)))
        for value, key in zip(RESULT_ORDER, ("1", "2", "3", "0"), strict=True):
            action = QAction(result_icon(value), _(RESULT_LABELS[value]), menu)
            action.setShortcut(QKeySequence(key))
            action.setEnabled(editable)
            action.triggered.connect(lambda _c=False, v=value: self._set_result(v))
            menu.addAction(action)
        menu.addSeparator()
        ref = str(index.data(REF_ROLE))
        history = menu.addAction(_("&History of this criterion…"))
        history.triggered.connect(lambda _c=False: self.historyRequested.emit(ref))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _on_detail_result_chosen(self, value: str) -> None:
        self._set_result(ResultValue(value))

    def _on_detail_work_status_chosen(self, status: str) -> None:
        if self._shown_ref is not None:
            self.flush()
            self._edit(self._shown_ref, {"work_status": status})

    def _on_detail_field_edited(self, name: str) -> None:
        self._pending.add(name)
        self._save_timer.start()

    def _on_detail_field_committed(self, name: str) -> None:
        if name == "due_date" and self.detail.due_check.isChecked():
            result = self.model.result(self._shown_ref or "")
            if result is not None and result.due_date is None:
                self.detail.start_due_date(self._ws.clock().date())
        self._pending.add(name)
        self.flush()

    def _on_detail_field_entered(self, _name: str) -> None:
        self._session += 1

    def _on_detail_field_left(self, _name: str) -> None:
        self.flush()

    def _on_detail_undo_requested(self) -> None:
        self.flush()
        self._stack.undo()

    def _on_detail_redo_requested(self) -> None:
        self.flush()
        self._stack.redo()

    def _on_save_timer_timeout(self) -> None:
        self.flush()

    def _on_find_box_text_changed(self, text: str) -> None:
        current = self.current_ref()
        self.proxy.set_query(text)
        self.tree.expandAll()
        if current:
            index = self.proxy.mapFromSource(self.model.index_of(current))
            if index.isValid():
                self.tree.scrollTo(index)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.find_box and event.type() == event.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.find_box.clear()
                self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.tree.currentIndex().isValid():
                    self.tree.setCurrentIndex(self.proxy.index(0, 0))
                return True
        return super().eventFilter(watched, event)


def _default_split(splitter: QSplitter) -> None:
    """Tree and detail pane share the space, the tree a little more (setSizes keeps proportions)."""
    splitter.setSizes([550, 450])
