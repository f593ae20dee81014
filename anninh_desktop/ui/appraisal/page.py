"""The "Appraisal" tab of an appraising office: the queue per commune, the verdict sheet, return
and decision, and the check of the signed dossier that came with the assessment."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import STATE_LABELS, AssessmentState
from anninh_desktop.i18n import _
from anninh_desktop.services import appraisal_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.appraisal.decision_dialogs import DecisionDialog, ReturnDialog
from anninh_desktop.ui.appraisal.queue_view import QueueView
from anninh_desktop.ui.appraisal.sheet_view import SheetView
from anninh_desktop.ui.tasks import TaskRunner, describe_error
from anninh_desktop.ui.workflow_dialogs import confirm_return

log = logging.getLogger(__name__)

S = AssessmentState
OPEN_STATES = (S.SUBMITTED, S.UNDER_APPRAISAL)
SIDE_BY_SIDE_WIDTH = 1100  # narrower: the queue goes above the sheet
ERROR_STYLE = "color: #b00020;"


class AppraisalPage(QWidget):
    changed = Signal(str)  # assessment id: a verdict, a return or a decision was written

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self.return_dialog: ReturnDialog | None = None
        self.confirmation: QWidget | None = None  # the open "return for correction?" question
        self.decision_dialog: DecisionDialog | None = None
        self.verification: QWidget | None = None
        self.queue = QueueView(workspace, self)
        self.sheet = SheetView(workspace, self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.return_button = QPushButton(_("Return for &correction…"), self)
        self.decide_button = QPushButton(_("Record the &decision…"), self)
        self.verify_button = QPushButton(_("Verify the signed &dossier"), self)
        right = QWidget(self)
        r = QVBoxLayout(right)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(self.title)
        r.addWidget(self.sheet, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.decide_button)
        r.addLayout(buttons)
        r.addWidget(self.message)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.queue)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.queue.assessmentChosen.connect(self._on_queue_assessment_chosen)
        self.sheet.verdictRecorded.connect(self._on_sheet_verdict_recorded)
        self.return_button.clicked.connect(self.ask_return)
        self.decide_button.clicked.connect(self.ask_decision)
        self.verify_button.clicked.connect(self.verify_dossier)
        self.reload()

    # ---------------------------------------------------------------- arrangement
    def resizeEvent(self, event: QResizeEvent) -> None:
        """The queue beside the sheet when both have room, above it on a narrow screen."""
        super().resizeEvent(event)
        wanted = (
            Qt.Orientation.Horizontal
            if event.size().width() >= SIDE_BY_SIDE_WIDTH
            else Qt.Orientation.Vertical
        )
        if self.splitter.orientation() is not wanted:
            self.splitter.setOrientation(wanted)
            total = (
                event.size().width()
                if wanted is Qt.Orientation.Horizontal
                else event.size().height()
            )
            self.splitter.setSizes([total * 2 // 5, total - total * 2 // 5])

    # ---------------------------------------------------------------- reading
    def reload(self) -> None:
        """Read the queue again (after an import, a verdict…); the chosen assessment stays."""
        try:
            queues = appraisal_service.assessments_to_appraise(self._ws)
        except UserError:  # this office is not set up (yet): say where, never a command
            queues = []
            self.say(
                _(
                    "Set up this office first (Sync ▸ This office and other offices): the "
                    "assessments submitted to it are listed here."
                ),
                error=True,
            )
        self.queue.show_queues(queues)
        if not self.queue.current_id():
            ids = self.queue.ids()
            if ids:
                self.queue.choose(ids[0])
        self._show(self.queue.current_id() or None)

    def current_id(self) -> str | None:
        return self.queue.current_id() or None

    def _show(self, assessment_id: str | None) -> None:
        a = self._ws.store.assessments.get(assessment_id) if assessment_id else None
        editable = a is not None and a.state in OPEN_STATES
        level = self._level() if a is not None else ""
        self.sheet.show_assessment(assessment_id, level=level, editable=editable)
        self.return_button.setEnabled(editable)
        self.decide_button.setEnabled(editable)
        if a is None:
            self.title.setText(_("No assessment waits for appraisal."))
            self._set_dossier(None)
            return
        unit = self._ws.store.units.get(a.unit_id).display_name
        text = _("{unit}, {year}: {state}").format(
            unit=unit, year=a.year, state=_(STATE_LABELS[a.state])
        )
        if a.decision_number:
            text += " — " + _("decision {number} of {date}, {by}").format(
                number=a.decision_number,
                date=format_date(a.decision_date) if a.decision_date else "—",
                by=a.decided_by,
            )
        self.title.setText(text)
        self._set_dossier(a.id)

    def _level(self) -> str:
        """This office's appraising level: the kind of its unit (e.g. "province")."""
        from anninh_desktop.services.sync.identity import require_office

        try:
            return self._ws.store.units.get(require_office(self._ws).office_unit_id).kind.value
        except UserError:
            return ""

    def _set_dossier(self, assessment_id: str | None) -> None:
        self._dossier = self._dossier_file(assessment_id) if assessment_id else None
        self.verify_button.setEnabled(self._dossier is not None)
        self.verify_button.setToolTip(
            ""
            if self._dossier is not None
            else _("No signed dossier came with this assessment; the unit sends it on paper.")
        )

    def _dossier_file(self, assessment_id: str) -> Path | None:
        """The signed dossier PDF that came with the assessment, if its file is here."""
        for doc in self._ws.store.documents.for_assessment(assessment_id, "dossier"):
            if doc.signatures and doc.sha256 and self._ws.store.blobs.exists(doc.sha256):
                return self._ws.store.blobs.path_for(doc.sha256)
        return None

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # ---------------------------------------------------------------- slots
    def _on_queue_assessment_chosen(self, assessment_id: str) -> None:
        self.say("")
        self._show(assessment_id or None)

    def _on_sheet_verdict_recorded(self, _ref: str) -> None:
        aid = self.current_id()
        self.reload()  # the state may have moved to "under appraisal", counts changed
        if aid:
            self.changed.emit(aid)

    def ask_return(self) -> ReturnDialog | None:
        aid = self.current_id()
        if aid is None:
            return None
        unit = self._ws.store.units.get(self._ws.store.assessments.get(aid).unit_id)
        dialog = ReturnDialog(unit.display_name, self)
        dialog.accepted.connect(lambda: self._confirm_return(unit.display_name, dialog.text()))
        self.return_dialog = dialog
        dialog.open()
        return dialog

    def _confirm_return(self, unit_name: str, reason: str) -> None:
        """The second question: a return sends the assessment back with the reason."""
        box, yes = confirm_return(self, unit_name, reason)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self.return_for_correction(reason) if button is yes else None
        )
        self.confirmation = box
        box.open()

    def return_for_correction(self, reason: str) -> bool:
        aid = self.current_id()
        if aid is None:
            return False
        try:
            appraisal_service.return_for_correction(self._ws, aid, reason=reason)
        except UserError as exc:
            self.say(exc.message, error=True)
            return False
        self.reload()
        self.say(_("Returned for correction; the unit sees it after the next export."))
        self.changed.emit(aid)
        return True

    def ask_decision(self) -> DecisionDialog | None:
        aid = self.current_id()
        if aid is None:
            return None
        unit = self._ws.store.units.get(self._ws.store.assessments.get(aid).unit_id)
        dialog = DecisionDialog(unit.display_name, self._ws.clock().date(), self)
        dialog.accepted.connect(lambda: self.record_decision(*dialog.values()))
        self.decision_dialog = dialog
        dialog.open()
        return dialog

    def record_decision(self, recognised: bool, number: str, on: object, decided_by: str) -> bool:
        aid = self.current_id()
        if aid is None:
            return False
        try:
            appraisal_service.decide(
                self._ws, aid, recognised=recognised, number=number, on=on, decided_by=decided_by
            )  # type: ignore[arg-type]
        except UserError as exc:
            self.say(exc.message, error=True)
            return False
        self.reload()
        self.say(_("Decision recorded; the unit receives it with the next export."))
        self.changed.emit(aid)
        return True

    def verify_dossier(self) -> None:
        from anninh_desktop.ui.dossier.verify_view import VerificationDialog
        from anninh_desktop.ui.dossier.work import verify_task

        if self._dossier is None:
            return

        def shown(report: object) -> None:
            dialog = VerificationDialog(report, self)  # type: ignore[arg-type]
            self.verification = dialog
            dialog.open()

        self._tasks.run(
            verify_task(self._ws, self._dossier),
            name="appraisal.verify",
            on_success=shown,
            on_error=lambda exc: self.say(describe_error(exc), error=True),
        )
