"""A unit's checklist on paper: the dossier's "Bảng tự đánh giá" (every row of the set with its
result, note and evidence codes), laid out as in the dossier. Its subtitle names the state and the
day instead of the request (Tờ trình) the dossier's table is attached to."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from anninh_desktop.domain.assessments import STATE_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.facts import gather, placeholder_values
from anninh_desktop.services.dossier.flowables import LayoutRecord
from anninh_desktop.services.dossier.layout import render
from anninh_desktop.services.dossier.letter import paragraph_text
from anninh_desktop.services.dossier.styles import styles
from anninh_desktop.services.dossier.tables import assessment_table
from anninh_desktop.services.dossier.templates import labels
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.workspace import Workspace


def checklist_pdf(ws: Workspace, assessment_id: str) -> tuple[bytes, int]:
    """The PDF bytes and page count of the assessment's checklist table."""
    facts = gather(ws, assessment_id)
    values = dict(placeholder_values(facts), number="", date="")
    record = LayoutRecord()
    story = assessment_table(record, facts, labels(), values)
    dossier_subtitle = " ".join(labels().get("table_subtitle", **values).split())
    subtitle = _("({state}; as of {date})").format(
        state=_(STATE_LABELS[facts.assessment.state]), date=format_date(ws.clock().date())
    )
    for index, flowable in enumerate(story):
        if (
            isinstance(flowable, Paragraph)
            and " ".join(flowable.getPlainText().split()) == dossier_subtitle
        ):
            story[index] = Paragraph(paragraph_text(subtitle), styles().subtitle)
    title = f"{facts.chain.unit.display_name} — {facts.criterion_set.title}"
    rendered = render([story], record, {"title": title, "author": facts.office.name})
    return rendered.pdf, rendered.pages
