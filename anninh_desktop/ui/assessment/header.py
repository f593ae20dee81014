"""The assessment header: which unit and assessment is open, where it stands, and its next steps."""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QVBoxLayout, QWidget

from anninh_desktop.domain.assessments import STATE_LABELS, Assessment, AssessmentState
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.progress import points_score
from anninh_desktop.domain.units import CERTIFIED_KINDS, Unit, UnitKind
from anninh_desktop.domain.workflow import TRANSITIONS, Actor, lock_text
from anninh_desktop.i18n import _
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import countdown, format_date, format_number, format_share
from anninh_desktop.services.office_settings import office_actors_for, results_refusal
from anninh_desktop.services.overview_service import ancestors
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.assessment.header_view import (
    BANNER_STYLE,
    CHIP_STYLE,
    OVERDUE_STYLE,
    HeaderView,
)
from anninh_desktop.ui.assessment.new_unit_dialog import NewUnitDialog
from anninh_desktop.ui.assessment.register_dialog import RegisterDialog
from anninh_desktop.ui.assessment.workflow_actions import (
    DECISION_TARGETS,
    STATE_COLOURS,
    DecisionDialog,
    action_label,
    decision_text,
    legal_basis_text,
    plain_label,
)
from anninh_desktop.ui.workflow_dialogs import (
    ReturnDialog,
    confirm_finish,
    confirm_return,
    confirm_submit,
)

log = logging.getLogger(__name__)

S = AssessmentState


class AssessmentHeader(QWidget):
    """Unit · set · period · state · progress · deadline, and the buttons of the allowed moves."""

    assessmentChosen = Signal(str)  # "" when the unit has no assessment to show
    transitioned = Signal(str)
    registered = Signal(str)
    unitCreated = Signal(str)
    dossierRequested = Signal(str)  # the assessment whose dossier the user wants to open
    missingReportRequested = Signal(str)  # the unit whose "còn thiếu gì" report is wanted

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._unit: Unit | None = None
        self._year = workspace.clock().year
        self._assessments: list[Assessment] = []
        self._current: Assessment | None = None
        self._dialog: QWidget | None = None  # the open dialog or message box, kept alive
        self.view = HeaderView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.chooser.currentIndexChanged.connect(self._on_chooser_currentIndexChanged)
        self.view.register_button.clicked.connect(self._on_register_button_clicked)
        self.view.new_unit_button.clicked.connect(self._on_new_unit_button_clicked)
        self.view.dossier_button.clicked.connect(self._on_dossier_button_clicked)
        self.view.missing_button.clicked.connect(
            lambda: self._unit is not None and self.missingReportRequested.emit(self._unit.id)
        )
        self._show(None)

    # public ------------------------------------------------------------------------------------

    def show_unit(self, unit_id: str | None, year: int) -> None:
        """Show a unit; the assessment of `year` is chosen when it has one."""
        self._unit = self._ws.store.units.get(unit_id) if unit_id else None
        self._year = year
        self._load(keep_id=None)
        self.assessmentChosen.emit(self.current_assessment_id() or "")

    def refresh(self) -> None:
        """Read the unit and its assessments again (results, evidence or states changed elsewhere)."""
        before = self.current_assessment_id()
        if self._unit is not None:
            self._unit = self._ws.store.units.get(self._unit.id)
        self._load(keep_id=before)
        if self.current_assessment_id() != before:
            self.assessmentChosen.emit(self.current_assessment_id() or "")

    def current_assessment_id(self) -> str | None:
        return self._current.id if self._current is not None else None

    def set_compact(self, compact: bool) -> None:
        """Fewer lines for a short window (see HeaderView.set_compact)."""
        self.view.set_compact(compact)

    # loading ----------------------------------------------------------------------------------

    def _load(self, keep_id: str | None) -> None:
        unit = self._unit
        self._assessments = []
        if unit is not None and unit.kind in CERTIFIED_KINDS:
            self._assessments = self._ws.store.assessments.for_unit(unit.id)
        ids = [a.id for a in self._assessments]
        chosen: Assessment | None = None
        if keep_id in ids:
            chosen = self._assessments[ids.index(keep_id)]
        else:
            chosen = next((a for a in self._assessments if a.year == self._year), None)
        self._fill_chooser(chosen)
        self._show(chosen)

    def _fill_chooser(self, chosen: Assessment | None) -> None:
        chooser = self.view.chooser
        chooser.blockSignals(True)
        chooser.clear()
        for a in self._assessments:
            s = self._ws.store.criteria.get(a.set_id)
            text = _("{year} · {set} (v{version})").format(
                year=a.year, set=s.title, version=s.version
            )
            chooser.addItem(text, a.id)
        chooser.setPlaceholderText(_("Not registered for {year}").format(year=self._year))
        chooser.setCurrentIndex(self._assessments.index(chosen) if chosen else -1)
        chooser.blockSignals(False)
        several = len(self._assessments) > 1 or (bool(self._assessments) and chosen is None)
        self.view.chooser.setVisible(several)
        self.view.chooser_label.setVisible(several)

    def _show(self, a: Assessment | None) -> None:
        v = self.view
        self._current = a
        unit = self._unit
        certifiable = unit is not None and unit.kind in CERTIFIED_KINDS
        current_unit = unit is not None and not unit.is_historic
        v.register_button.setVisible(certifiable and current_unit)
        v.new_unit_button.setVisible(
            unit is not None and unit.kind is UnitKind.COMMUNE and current_unit
        )
        if unit is None:
            v.unit_label.setText(_("Choose a unit in the list to see its assessment."))
        else:
            chain = [unit, *reversed(ancestors(self._ws, unit))]
            v.unit_label.setText(" · ".join(u.display_name for u in chain))
        v.details.setVisible(a is not None)
        v.empty_label.setVisible(certifiable and a is None)
        if a is None:
            if certifiable:
                v.empty_label.setText(
                    _(
                        "<b>Not registered for {year}.</b> Register the unit for a criterion set "
                        "to start its assessment."
                    ).format(year=self._year)
                )
            return
        self._show_assessment(a)

    def _show_assessment(self, a: Assessment) -> None:
        # QProgressBar.setValue repaints at once (~40 ms a selection on a large window); with
        # updates off, the header is painted once, with everything else.
        self.setUpdatesEnabled(False)
        try:
            self._fill_assessment(a)
        finally:
            self.setUpdatesEnabled(True)

    def _fill_assessment(self, a: Assessment) -> None:
        v = self.view
        view = assessment_service.checklist(self._ws, a.id)
        s = view.criterion_set
        self._current = a = view.assessment
        set_text = _("{title}, version {version}").format(title=s.title, version=s.version)
        if not s.complete:
            set_text += " — " + _("incomplete set: some criterion texts are missing")
        v.set_label.setText(set_text)
        basis = legal_basis_text(s)
        v.set_legal_basis(_("Legal basis: {basis}").format(basis=basis) if basis else "")
        v.legal_label.setToolTip("\n".join(b.title for b in s.legal_basis if b.title))
        v.period_label.setText(
            _("Period {start} – {end}").format(
                start=format_date(a.period_start), end=format_date(a.period_end)
            )
        )
        v.state_chip.setText(_(STATE_LABELS[a.state]))
        v.state_chip.setStyleSheet(CHIP_STYLE.format(colour=STATE_COLOURS[a.state]))

        p = view.progress
        v.progress_bar.setRange(0, max(p.applicable, 1))  # 0..0 would show a busy bar
        v.progress_bar.setValue(p.met)
        v.progress_bar.setFormat(
            _("{met}/{applicable} met").format(met=p.met, applicable=p.applicable)
        )
        v.progress_bar.setToolTip(
            _("Compliance {share} of applicable criteria").format(share=format_share(p.compliance))
        )
        assessed = _("{done}/{total} assessed").format(done=p.done, total=p.total)
        score = points_score(s, view.results)
        if score is not None:
            assessed += " · " + _("{points} of {maximum} points").format(
                points=format_number(score.total), maximum=format_number(score.maximum)
            )
            if score.reached:
                assessed += f" ({score.reached})"
        v.assessed_label.setText(assessed)
        self._show_deadline(s, a)
        self._show_banner(a)
        self._show_transitions(a)

    def _show_deadline(self, s: CriterionSet, a: Assessment) -> None:
        label = self.view.deadline_label
        today = self._ws.clock().date()
        due = assessment_service.next_deadline(s, a.year, today)
        # A decided assessment has nothing left to be late for.
        if due is None or not TRANSITIONS[a.state]:
            label.hide()
            return
        label.setText(
            _("Next deadline: {what} — {date} ({countdown})").format(
                what=due.label, date=format_date(due.due), countdown=countdown(due.due, today)
            )
        )
        label.setStyleSheet(OVERDUE_STYLE if due.due < today else "")
        label.show()

    def _show_banner(self, a: Assessment) -> None:
        """Why the results cannot change here (a locked state, an office that only appraises),
        and, while the unit corrects a returned assessment, what the appraising office asked."""
        v = self.view
        reason = appraisal_service.return_reason(self._ws, a.id)
        if reason:
            v.return_banner.setText(
                _("Returned for correction. What to correct: {reason}").format(reason=reason)
            )
            v.return_banner.show()
        else:
            v.return_banner.hide()
        refusal = results_refusal(self._ws, a)
        banner = v.banner
        if not refusal:
            banner.hide()
            return
        colours = ("#6d28d9", "#f5f3ff")
        text = refusal
        if a.state in (S.RECOGNISED, S.NOT_RECOGNISED):
            detail = decision_text(a)
            if a.state is S.RECOGNISED:
                text = _("Recognised: {decision}; read-only").format(decision=detail)
                colours = ("#15803d", "#ecfdf5")
            else:
                text = _("Not recognised: {decision}; read-only").format(decision=detail)
                colours = ("#b91c1c", "#fef2f2")
        elif a.state is S.SELF_ASSESSED:
            colours = ("#0f766e", "#f0fdfa")
            since = assessment_service.state_since(self._ws, a.id)
            if since is not None and refusal == lock_text(a):
                text = _(
                    "Self-assessed on {date}: results and evidence are locked. Choose “Reopen "
                    "for editing” to change them."
                ).format(date=format_date(since))
        else:
            since = assessment_service.state_since(self._ws, a.id)
            if since is not None and a.locked:
                text = _("{state} on {date}; read-only").format(
                    state=_(STATE_LABELS[a.state]), date=format_date(since)
                )
        banner.setText(text)
        banner.setStyleSheet(BANNER_STYLE.format(colour=colours[0], background=colours[1]))
        banner.show()

    def _show_transitions(self, a: Assessment) -> None:
        layout = self.view.actions_layout
        while layout.count():
            item = layout.takeAt(0)
            old = item.widget()
            if old is not None:
                # The clicked button may be the one being replaced: delete it once its click is over.
                old.hide()
                old.setObjectName("")
                old.deleteLater()
        actors = office_actors_for(self._ws, a.unit_id)
        moves = assessment_service.available_transitions(self._ws, a.id, actors)
        refused: list[str] = []
        for target, reasons in moves:
            button = QPushButton(action_label(a.state, target), self.view.actions_box)
            button.setObjectName(f"transition_{target.value}")
            button.setProperty("target", target.value)
            button.setEnabled(not reasons)
            if reasons:
                button.setToolTip("\n".join(reasons))
                refused.append(
                    _("{action} is not possible yet: {reasons}").format(
                        action=plain_label(a.state, target), reasons="; ".join(reasons)
                    )
                )
            button.clicked.connect(partial(self._on_transition_clicked, target))
            layout.addWidget(button)
        if not moves and TRANSITIONS[a.state]:
            # Whoever acts next is elsewhere: say so instead of showing nothing.
            if Actor.APPRAISER in TRANSITIONS[a.state].values():
                refused.append(_("The next step belongs to the appraising office."))
            else:
                refused.append(_("The next step belongs to the unit's own office."))
        self.view.actions_box.setVisible(bool(moves))
        self.view.set_reasons(refused)

    # slots ------------------------------------------------------------------------------------

    def _on_chooser_currentIndexChanged(self, index: int) -> None:
        if not 0 <= index < len(self._assessments):
            return
        self._show(self._assessments[index])
        self.assessmentChosen.emit(self._assessments[index].id)

    def _on_transition_clicked(self, target: AssessmentState) -> None:
        """Take a step; the ones that lock or send back ask first (and a return, why)."""
        a = self._current
        if a is None or self._unit is None:
            return
        unit = self._unit.display_name
        if target in DECISION_TARGETS:
            dialog = DecisionDialog(target is S.RECOGNISED, self._ws.clock().date(), self)
            dialog.accepted.connect(partial(self._on_decision_dialog_accepted, a.id, dialog))
            self._open(dialog)
        elif target is S.RETURNED:
            ask = ReturnDialog(unit, self)
            ask.accepted.connect(partial(self._on_return_dialog_accepted, a.id, ask))
            self._open(ask)
        elif target is S.SELF_ASSESSED:
            box, yes = confirm_finish(self, unit)
            box.buttonClicked.connect(
                partial(self._on_confirm_box_buttonClicked, yes, a.id, target)
            )
            self._open(box)
        elif target is S.SUBMITTED:
            box, yes = confirm_submit(self, unit)
            box.buttonClicked.connect(
                partial(self._on_confirm_box_buttonClicked, yes, a.id, target)
            )
            self._open(box)
        else:
            self._make_transition(a.id, target)

    def _on_confirm_box_buttonClicked(
        self, yes: QAbstractButton, assessment_id: str, target: AssessmentState, button: object
    ) -> None:
        if button is yes:
            self._make_transition(assessment_id, target)

    def _on_return_dialog_accepted(self, assessment_id: str, dialog: ReturnDialog) -> None:
        reason = dialog.text()
        unit = self._unit.display_name if self._unit is not None else ""
        box, yes = confirm_return(self, unit, reason)
        box.buttonClicked.connect(
            partial(self._on_return_confirm_buttonClicked, yes, assessment_id, reason)
        )
        # The reason dialog closes now; the question replaces it.
        QTimer.singleShot(0, lambda: self._open(box))

    def _on_return_confirm_buttonClicked(
        self, yes: QAbstractButton, assessment_id: str, reason: str, button: object
    ) -> None:
        if button is yes:
            self._make_transition(assessment_id, S.RETURNED, reason=reason)

    def _on_decision_dialog_accepted(self, assessment_id: str, dialog: DecisionDialog) -> None:
        number, day, decided_by = dialog.decision()
        target = S.RECOGNISED if dialog.recognised else S.NOT_RECOGNISED
        self._make_transition(
            assessment_id, target, decision_number=number, decision_date=day, decided_by=decided_by
        )

    def _make_transition(
        self,
        assessment_id: str,
        target: AssessmentState,
        *,
        decision_number: str = "",
        decision_date: date | None = None,
        decided_by: str = "",
        reason: str = "",
    ) -> None:
        """Move the assessment; the appraising office's steps go through the appraisal service,
        which checks that this office appraises the unit."""
        try:
            current = self._ws.store.assessments.get(assessment_id)
            actor = TRANSITIONS[current.state].get(target, Actor.UNIT)
            if actor is Actor.APPRAISER:
                if target is S.UNDER_APPRAISAL:
                    appraisal_service.start_appraisal(self._ws, assessment_id)
                elif target is S.RETURNED:
                    appraisal_service.return_for_correction(self._ws, assessment_id, reason=reason)
                else:
                    appraisal_service.decide(
                        self._ws,
                        assessment_id,
                        recognised=target is S.RECOGNISED,
                        number=decision_number,
                        on=decision_date or self._ws.clock().date(),
                        decided_by=decided_by,
                    )
            else:
                assessment_service.transition(self._ws, assessment_id, target, actor)
        except UserError as exc:
            # The data changed since the buttons were drawn (another window, an import…).
            self.refresh()
            box = QMessageBox(QMessageBox.Icon.Warning, _("Not possible"), exc.message, parent=self)
            self._open(box)
            return
        self.refresh()
        self.transitioned.emit(assessment_id)

    def _on_dossier_button_clicked(self) -> None:
        if self._current is not None:
            self.dossierRequested.emit(self._current.id)

    def _on_register_button_clicked(self) -> None:
        if self._unit is None:
            return
        dialog = RegisterDialog(self._ws, self._unit.id, self._year, self)
        dialog.registered.connect(self._on_register_dialog_registered)
        self._open(dialog)

    def _on_register_dialog_registered(self, assessment_id: str) -> None:
        self._load(keep_id=assessment_id)
        self.registered.emit(assessment_id)
        self.assessmentChosen.emit(self.current_assessment_id() or "")

    def _on_new_unit_button_clicked(self) -> None:
        if self._unit is None:
            return
        dialog = NewUnitDialog(self._ws, self._unit.id, self, year=self._year)
        dialog.unitCreated.connect(self._on_new_unit_dialog_unitCreated)
        dialog.registered.connect(self._on_new_unit_dialog_registered)
        self._open(dialog)

    def _on_new_unit_dialog_unitCreated(self, unit_id: str) -> None:
        self.refresh()  # the commune's child-unit rule now counts one more unit
        self.unitCreated.emit(unit_id)

    def _on_new_unit_dialog_registered(self, assessment_id: str) -> None:
        self.refresh()
        self.registered.emit(assessment_id)

    def _open(self, dialog: QWidget) -> None:
        """Open a dialog window-modally without blocking; it deletes itself when closed."""
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        dialog.finished.connect(partial(self._on_dialog_finished, dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QWidget, _result: int) -> None:
        if self._dialog is dialog:
            self._dialog = None
        dialog.deleteLater()
