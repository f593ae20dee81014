"""The assessment tab: header and workflow on top, the checklist and the evidence pane below.

It only wires its three parts together; they never import each other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.assessment import AssessmentHeader
from anninh_desktop.ui.checklist import ChecklistWidget
from anninh_desktop.ui.evidence import EvidencePane
from anninh_desktop.ui.tasks import TaskRunner


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
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._unit_id: str | None = None
        self._assessment_id: str | None = None
        self.header = AssessmentHeader(workspace, self)
        self.checklist = ChecklistWidget(workspace, undo_stack, self)
        self.evidence = EvidencePane(workspace, tasks, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.checklist)
        self.splitter.addWidget(self.evidence)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([640, 420])  # the checklist's texts need the room more
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)

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

    # ---------------------------------------------------------------- slots

    def _on_header_assessment_chosen(self, assessment_id: str) -> None:
        self.checklist.flush()
        self._assessment_id = assessment_id or None
        self.checklist.show_assessment(self._assessment_id)
        self.evidence.set_context(self._unit_id, self._assessment_id, self.checklist.current_ref())

    def _on_checklist_current_changed(self, ref: str) -> None:
        self.evidence.set_context(self._unit_id, self._assessment_id, ref or None)

    def _on_checklist_results_changed(self, _assessment_id: str) -> None:
        self.header.refresh()
        if self._unit_id:
            self.unitChanged.emit(self._unit_id)

    def _on_evidence_changed(self) -> None:
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
