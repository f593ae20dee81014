"""What goes on the dossier's laid-out pages, in order: the documents and the table (`lead`),
the evidence index (`index`, which prints pages that depend on how long everything before the
evidence is) and the evidence and approval pages (`after`); `front` and `full` for a layout in
passes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.platypus import Flowable

from anninh_desktop.services.dossier.assemble import PdfInfo, evidence_starts
from anninh_desktop.services.dossier.evidence_pages import EvidencePage, approval_page
from anninh_desktop.services.dossier.evidence_plan import PlannedItem
from anninh_desktop.services.dossier.facts import DossierFacts, day_text, placeholder_values
from anninh_desktop.services.dossier.flowables import Heading, LayoutRecord
from anninh_desktop.services.dossier.letter import letter
from anninh_desktop.services.dossier.numbers import DossierNumbers
from anninh_desktop.services.dossier.tables import assessment_table, evidence_index
from anninh_desktop.services.dossier.templates import Phrases
from anninh_desktop.services.dossier.texts import EDITABLE_KINDS, REQUEST, DocumentText


def date_parts(day: date) -> dict[str, str]:
    """Day and month as Nghị định 30 writes them: a leading zero for days under 10 and months 1, 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return {"day": f"{day.day:02d}", "month": month, "year": str(day.year)}


class DossierContent:
    def __init__(
        self,
        facts: DossierFacts,
        texts: Mapping[str, DocumentText],
        numbers: DossierNumbers,
        planned: Sequence[PlannedItem],
        labels: Phrases,
    ) -> None:
        self.facts, self.texts, self.numbers = facts, texts, numbers
        self.planned, self.labels = planned, labels
        issued = numbers.issued_at.date()
        self.values = dict(placeholder_values(facts))
        self.values.update(
            number=str(numbers.numbers[REQUEST]),
            date=day_text(issued),
        )
        self.problems = {
            item.code: labels.get(f"problem_{item.problem.value}")
            for item in planned
            if item.problem is not None
        }

    def heading(self, kind: str) -> Heading:
        office, labels = self.facts.office, self.labels
        return Heading(
            parent_line=office.parent_line,
            own_line=office.own_line,
            motto_country=labels.get("motto_country"),
            motto=labels.get("motto"),
            number_line=labels.get("number", number=str(self.numbers.numbers[kind])),
            place_date=labels.get(
                "place_date", place=office.place, **date_parts(self.numbers.issued_at.date())
            ),
        )

    def lead(self, record: LayoutRecord) -> list[list[Flowable]]:
        """The documents and the self-assessment table (their pages depend on nothing after)."""
        labels = self.labels
        parts = [
            letter(
                record, kind, self.texts[kind], self.heading(kind), labels.get("recipients_heading")
            )
            for kind in EDITABLE_KINDS
        ]
        parts.append(assessment_table(record, self.facts, labels, self.values))
        return parts

    def index(self, record: LayoutRecord, front_pages: int) -> list[Flowable]:
        """The evidence index, with the page where each item starts after `front_pages`."""
        starts = evidence_starts(front_pages, self.planned)
        return evidence_index(record, self.facts, self.labels, self.values, starts, self.problems)

    def after(self, record: LayoutRecord, front_pages: int) -> list[list[Flowable]]:
        """Every laid-out evidence page and the approval page."""
        parts: list[list[Flowable]] = []
        starts = evidence_starts(front_pages, self.planned)
        for item in self.planned:
            if item.own_pages:
                for frame in range(item.pages):
                    parts.append(
                        [EvidencePage(record, item, self.labels, starts[item.code] + frame, frame)]
                    )
        parts.append(approval_page(record, self.labels, self.values))
        return parts

    def front(self, record: LayoutRecord, front_pages: int) -> list[list[Flowable]]:
        """The documents, the self-assessment table and the evidence index."""
        return [*self.lead(record), self.index(record, front_pages)]

    def full(self, record: LayoutRecord, front_pages: int) -> list[list[Flowable]]:
        """The front part, every laid-out evidence page, and the approval page."""
        return [*self.front(record, front_pages), *self.after(record, front_pages)]

    def title(self) -> str:
        return self.labels.get(
            "document_title", unit_title=self.facts.unit_title, year=self.facts.assessment.year
        )

    def reportlab_meta(self) -> dict[str, str]:
        return {"title": self.title(), "author": self.facts.office.name}

    def pdf_info(self, creator: str) -> PdfInfo:
        return PdfInfo(
            title=self.title(),
            author=self.facts.office.name,
            subject=self.facts.criterion_set.title,
            created=self.numbers.issued_at,
            creator=creator,
        )
