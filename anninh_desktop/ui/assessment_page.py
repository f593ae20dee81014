"""The assessment tab: header and workflow on top, the checklist and the evidence pane below.

It only wires its three parts together; they never import each other.

Below the header the page has two arrangements, chosen by the room it gets (`arrange`): the
checklist and the evidence pane side by side when both fit (the criterion column at its minimum,
the evidence lists at three rows each), else one tab each ("Criteria" / "Evidence (n)"), so a
small screen shows one of them whole rather than both crushed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QUndoStack
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.assessment import AssessmentHeader
from anninh_desktop.ui.checklist import ChecklistWidget
from anninh_desktop.ui.evidence import EvidencePane
from anninh_desktop.ui.layout_memory import LayoutMemory
from anninh_desktop.ui.tasks import TaskRunner

SIDE, TABS = "side", "tabs"
COMPACT_HEADER_BELOW = 560  # page heights below this get the header's short form
_HYSTERESIS = 24  # pixels: a window resized around a limit does not flip back and forth


class AssessmentPage(QWidget):
    """One unit's assessment: the part of the window commune police work in."""

    # The unit's state or progress changed (results, evidence, transitions): the navigator refreshes.
    unitChanged = Signal(str)
    # Units or assessments were added: the navigator reloads and selects this unit.
    unitsAdded = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        memory: LayoutMemory | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._memory = memory or LayoutMemory(None, self)
        self._unit_id: str | None = None
        self._assessment_id: str | None = None
        self.arrangement = ""
        self._arrange_pending = False
        self.header = AssessmentHeader(workspace, self)
        # The header says why results are locked: the checklist need not say it again.
        self.checklist = ChecklistWidget(
            workspace, undo_stack, self, memory=self._memory, banner=False
        )
        self.evidence = EvidencePane(workspace, tasks, self, memory=self._memory)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.body_tabs = QTabWidget(self)
        self.body_tabs.setDocumentMode(True)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.splitter)
        self.body.addWidget(self.body_tabs)
        self.body.installEventFilter(self)
        self._memory.track("page", self.splitter, self._default_split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)
        self._place(SIDE)

        self.header.assessmentChosen.connect(self._on_header_assessment_chosen)
        self.header.transitioned.connect(self._on_header_transitioned)
        self.header.registered.connect(self._on_header_registered)
        self.header.unitCreated.connect(self.unitsAdded)
        self.checklist.currentCriterionChanged.connect(self._on_checklist_current_changed)
        self.checklist.resultsChanged.connect(self._on_checklist_results_changed)
        self.evidence.evidenceChanged.connect(self._on_evidence_changed)

    # ---------------------------------------------------------------- public

    @property
    def assessment_id(self) -> str | None:
        return self._assessment_id

    def show_unit(self, unit_id: str | None, year: int) -> None:
        self.checklist.flush()
        self._unit_id = unit_id
        self.header.show_unit(unit_id, year)
        if unit_id is None:
            self._on_header_assessment_chosen("")

    def flush(self) -> None:
        self.checklist.flush()

    def show_evidence(self) -> None:
        """Bring the evidence pane into view (its tab on a small screen)."""
        if self.arrangement == TABS:
            self.body_tabs.setCurrentWidget(self.evidence)

    def show_checklist(self) -> None:
        if self.arrangement == TABS:
            self.body_tabs.setCurrentWidget(self.checklist)

    # ---------------------------------------------------------------- arrangement

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.header.set_compact(event.size().height() < COMPACT_HEADER_BELOW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Resize:
            self._schedule_arrange()
        return super().eventFilter(watched, event)

    def _schedule_arrange(self) -> None:
        if not self._arrange_pending:
            self._arrange_pending = True
            QTimer.singleShot(0, self, self.arrange)

    def wanted_arrangement(self, width: int, height: int) -> str:
        """Side by side when the checklist's minimum and the evidence lists both fit, else tabs."""
        # Going from tabs to side by side asks for a little more room than staying side by side.
        margin = 0 if self.arrangement == SIDE else _HYSTERESIS
        needed_width = (
            self.checklist.comfortable_width()
            + self.evidence.narrowest()
            + self.splitter.handleWidth()
        )
        fits = width >= needed_width + margin and self.evidence.fits_stacked(height - margin)
        return SIDE if fits else TABS

    def arrange(self) -> None:
        """Place the checklist and the evidence pane for the body's present size."""
        self._arrange_pending = False
        size = self.body.size()
        wanted = self.wanted_arrangement(size.width(), size.height())
        if wanted != self.arrangement:
            self._place(wanted)
        if wanted == SIDE:
            # Side by side only when both fit: the splitter then keeps each at its minimum.
            self.checklist.setMinimumWidth(self.checklist.comfortable_width())
            self.evidence.setMinimumWidth(self.evidence.narrowest())
        else:
            self.checklist.setMinimumWidth(0)
            self.evidence.setMinimumWidth(0)
        if wanted == TABS:
            # A hidden tab is not resized: the evidence pane arranges itself for the tab's size
            # now, so its minimum size fits the window before it is shown.
            area = self.body_tabs.currentWidget().size() if self.body_tabs.count() else size
            self.evidence.arrange_for(area.width(), area.height())

    def _place(self, wanted: str) -> None:
        current = self.body_tabs.currentWidget() if self.arrangement == TABS else None
        self.arrangement = wanted
        if wanted == SIDE:
            self.body_tabs.clear()
            self.splitter.addWidget(self.checklist)
            self.splitter.addWidget(self.evidence)
            self.checklist.show()
            self.evidence.show()
            self.body.setCurrentWidget(self.splitter)
            self._memory.restore("page")
        else:
            self.body_tabs.addTab(self.checklist, _("Criteria"))
            self.body_tabs.addTab(self.evidence, "")
            self._update_evidence_tab()
            self.body.setCurrentWidget(self.body_tabs)
            if current is not None:
                self.body_tabs.setCurrentWidget(current)

    def _default_split(self, splitter: QSplitter) -> None:
        """The checklist three fifths, the evidence the rest (weights: kept whatever the width;
        side by side, each keeps its minimum width anyway)."""
        splitter.setSizes([3000, 2000])

    def _update_evidence_tab(self) -> None:
        index = self.body_tabs.indexOf(self.evidence)
        if index < 0:
            return
        count = self.evidence.linked_count()
        text = _("Evidence ({count})").format(count=count) if count is not None else _("Evidence")
        self.body_tabs.setTabText(index, text)

    # ---------------------------------------------------------------- slots

    def _on_header_assessment_chosen(self, assessment_id: str) -> None:
        self.checklist.flush()
        self._assessment_id = assessment_id or None
        self.checklist.show_assessment(self._assessment_id)
        self.evidence.set_context(self._unit_id, self._assessment_id, self.checklist.current_ref())
        self._update_evidence_tab()
        self._schedule_arrange()  # another set: the criterion column may need another width

    def _on_checklist_current_changed(self, ref: str) -> None:
        self.evidence.set_context(self._unit_id, self._assessment_id, ref or None)
        self._update_evidence_tab()

    def _on_checklist_results_changed(self, _assessment_id: str) -> None:
        self.header.refresh()
        if self._unit_id:
            self.unitChanged.emit(self._unit_id)

    def _on_evidence_changed(self) -> None:
        self._update_evidence_tab()
        self.checklist.refresh()
        self.header.refresh()
        if self._unit_id:
            self.unitChanged.emit(self._unit_id)

    def _on_header_transitioned(self, assessment_id: str) -> None:
        ref = self.checklist.current_ref()
        self.checklist.show_assessment(assessment_id)
        if ref:
            self.checklist.select_ref(ref)
        self.evidence.set_context(self._unit_id, assessment_id, ref)
        if self._unit_id:
            self.unitChanged.emit(self._unit_id)

    def _on_header_registered(self, _assessment_id: str) -> None:
        if self._unit_id:
            self.unitsAdded.emit(self._unit_id)
