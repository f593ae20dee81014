"""The appraisers' verdicts on the current criterion, read-only, below the result fields."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from anninh_desktop.domain.appraisal import VERDICT_LABELS, Appraisal, Verdict
from anninh_desktop.domain.units import UNIT_KIND_LABELS, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.workspace import Workspace

VERDICT_COLOURS = {
    Verdict.AGREE: "#1b5e20",
    Verdict.DISAGREE: "#b00020",
    Verdict.NEEDS_MORE_EVIDENCE: "#8a5a00",
}


def level_label(level: str) -> str:
    try:
        return _(UNIT_KIND_LABELS[UnitKind(level)])
    except (ValueError, KeyError):
        return level


def verdict_html(a: Appraisal) -> str:
    """One verdict: level, verdict (coloured), who and when, then the comment."""
    who = ", ".join(
        x for x in (a.appraiser, format_datetime(a.at) if a.at is not None else "") if x
    )
    head = _("{level}: {verdict}").format(
        level=escape(level_label(a.level)),
        verdict=f'<b style="color:{VERDICT_COLOURS[a.verdict]}">'
        f"{escape(_(VERDICT_LABELS[a.verdict]))}</b>",
    )
    text = head + (f" <i>({escape(who)})</i>" if who else "")
    if a.comment:
        text += "<br>" + escape(a.comment).replace("\n", "<br>")
    return text


class VerdictBox(QGroupBox):
    """Hidden when the row has no verdict; the commune reads, only the appraisers write."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Appraisal"), parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.appraisals: tuple[Appraisal, ...] = ()
        self.hide()

    def show_verdicts(self, appraisals: Sequence[Appraisal]) -> None:
        self.appraisals = tuple(appraisals)
        self.label.setText("<br><br>".join(verdict_html(a) for a in self.appraisals))
        self.setVisible(bool(self.appraisals))

    def show_for(self, ws: Workspace, assessment_id: str | None, ref: str | None) -> None:
        """The verdicts of one criterion of an assessment (read when the row is shown)."""
        if assessment_id is None or ref is None:
            self.show_verdicts(())
            return
        self.show_verdicts(ws.store.appraisals.for_assessment(assessment_id).get(ref, ()))
