"""How the workflow reads in the window: action labels, state colours, and the decision dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import Assessment, AssessmentState
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.formatting import format_date
from anninh_desktop.ui.screen_fit import keep_on_screen

S = AssessmentState

# (from, to) → the button's label: the same target reads differently depending on where it starts.
ACTION_LABELS: dict[tuple[AssessmentState, AssessmentState], str] = {
    (S.REGISTERED, S.IN_PROGRESS): N_("S&tart assessing"),
    (S.IN_PROGRESS, S.SELF_ASSESSED): N_("&Finish self-assessment…"),
    (S.SELF_ASSESSED, S.IN_PROGRESS): N_("&Reopen for editing"),
    (S.SELF_ASSESSED, S.SUBMITTED): N_("&Submit…"),
    (S.SUBMITTED, S.UNDER_APPRAISAL): N_("S&tart appraisal"),
    (S.UNDER_APPRAISAL, S.RETURNED): N_("&Return for correction…"),
    (S.UNDER_APPRAISAL, S.RECOGNISED): N_("Re&cognise…"),
    (S.UNDER_APPRAISAL, S.NOT_RECOGNISED): N_("&Not recognise…"),
    (S.RETURNED, S.IN_PROGRESS): N_("&Resume correcting"),
}

# Moves that record the verdict of the appraising office.
DECISION_TARGETS = frozenset({S.RECOGNISED, S.NOT_RECOGNISED})

# Background colours of the state chip (white text on each).
STATE_COLOURS: dict[AssessmentState, str] = {
    S.REGISTERED: "#6b7280",
    S.IN_PROGRESS: "#1d4ed8",
    S.SELF_ASSESSED: "#0f766e",
    S.SUBMITTED: "#7c3aed",
    S.UNDER_APPRAISAL: "#b45309",
    S.RETURNED: "#c2410c",
    S.RECOGNISED: "#15803d",
    S.NOT_RECOGNISED: "#b91c1c",
}


def action_label(current: AssessmentState, target: AssessmentState) -> str:
    """The translated label (with its mnemonic) of the button that moves `current` to `target`."""
    label = ACTION_LABELS.get((current, target))
    return _(label) if label is not None else _("Move on")


def plain_label(current: AssessmentState, target: AssessmentState) -> str:
    """The action's label without its mnemonic ampersand and ellipsis, for sentences."""
    return action_label(current, target).replace("&", "").rstrip("…").rstrip(".")


def legal_basis_text(criterion_set: CriterionSet) -> str:
    """ "Thông tư 124/2021/TT-BCA · Bộ Công an · 28/12/2021", one entry per document."""
    entries = []
    for basis in criterion_set.legal_basis:
        parts = [basis.document, basis.issuer, format_date(basis.issued_on)]
        entries.append(" · ".join(p for p in parts if p))
    return "; ".join(entries)


def decision_text(a: Assessment) -> str:
    """ "decision 249/QĐ-UBND, dated 28/11/2025, by Chủ tịch UBND tỉnh", leaving out what is unknown."""
    parts = []
    if a.decision_number:
        parts.append(_("decision {number}").format(number=a.decision_number))
    if a.decision_date is not None:
        parts.append(_("dated {date}").format(date=format_date(a.decision_date)))
    if a.decided_by:
        parts.append(_("by {who}").format(who=a.decided_by))
    return ", ".join(parts) or _("no decision recorded")


class DecisionDialog(QDialog):
    """Asks for the decision behind a verdict: its number, date and who decided."""

    def __init__(self, recognised: bool, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self.recognised = recognised
        self.setMinimumWidth(440)
        self.setWindowTitle(_("Recognise") if recognised else _("Not recognise"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("Record the decision that recognises this unit.")
            if recognised
            else _("Record the decision that does not recognise this unit.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(_("e.g. 125/QĐ-UBND"))
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.decided_by_edit = QLineEdit(self)
        self.decided_by_edit.setPlaceholderText(
            _("e.g. Chairman of the commune People's Committee")
        )
        form.addRow(_("Decision &number:"), self.number_edit)
        form.addRow(_("Decision &date:"), self.date_edit)
        form.addRow(_("Decided &by:"), self.decided_by_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Record decision"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.number_edit.textChanged.connect(self._on_number_edit_textChanged)
        self._on_number_edit_textChanged(self.number_edit.text())
        self.number_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_number_edit_textChanged(self, text: str) -> None:
        # A verdict without a decision number cannot be traced back to its paper.
        self.ok_button.setEnabled(bool(text.strip()))

    def decision(self) -> tuple[str, date, str]:
        """(number, date, decided by) as entered."""
        qdate = self.date_edit.date()
        return (
            self.number_edit.text().strip(),
            date(qdate.year(), qdate.month(), qdate.day()),
            self.decided_by_edit.text().strip(),
        )
