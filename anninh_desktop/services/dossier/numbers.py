"""The printed numbers of an assessment's documents: given once, reused on every rebuild.

The first build of an assessment's dossier takes, for each kind (TTr, BC, BB), the office's next
number of the year (domain/numbering.py) and records it as a document row, together with the issue
date (the day of that build). Later builds read the rows back, so a rebuilt dossier carries the same
numbers and date and is byte for byte the same when nothing else changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.numbering import DocumentNumber, next_number, parse_number
from anninh_desktop.services.dossier.office import Office
from anninh_desktop.services.dossier.texts import EDITABLE_KINDS
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.meta import ChangeStamp


@dataclass(frozen=True)
class DossierNumbers:
    numbers: dict[str, DocumentNumber]  # kind → number
    issued_at: datetime  # the documents' date, and the dossier's creation date
    new_kinds: tuple[str, ...]  # kinds numbered by this build (to record when it succeeds)

    def printed(self) -> dict[str, str]:
        return {kind: str(number) for kind, number in self.numbers.items()}


def dossier_numbers(ws: Workspace, assessment_id: str, office: Office) -> DossierNumbers:
    """The recorded numbers of the assessment, and the next free ones for kinds not yet numbered."""
    docs = ws.store.documents
    recorded: dict[str, Document] = {}
    for kind in EDITABLE_KINDS:
        doc = docs.numbered(assessment_id, kind)
        if doc is not None:
            recorded[kind] = doc
    dates = [d.created_at for d in recorded.values() if d.created_at is not None]
    issued_at = min(dates) if dates else ws.clock()
    numbers: dict[str, DocumentNumber] = {}
    new: list[str] = []
    for kind in EDITABLE_KINDS:
        doc = recorded.get(kind)
        if doc is not None:
            try:
                numbers[kind] = parse_number(doc.number, doc.year)
                continue
            except ValueError:
                pass  # an unreadable recorded number: issue a new one
        issued = docs.issued_numbers(office.numbering_key, kind, issued_at.year)
        numbers[kind] = next_number(
            issued, issuer=office.abbreviation, kind=kind, year=issued_at.year
        )
        new.append(kind)
    return DossierNumbers(numbers=numbers, issued_at=issued_at, new_kinds=tuple(new))


def still_free(ws: Workspace, numbers: DossierNumbers, office: Office) -> bool:
    """Whether the new numbers were not taken meanwhile (by another build of another assessment)."""
    for kind in numbers.new_kinds:
        number = numbers.numbers[kind]
        taken = ws.store.documents.issued_numbers(office.numbering_key, kind, number.year)
        if any(t.sequence == number.sequence for t in taken):
            return False
    return True


def record_numbers(
    ws: Workspace, stamp: ChangeStamp, assessment_id: str, numbers: DossierNumbers, office: Office
) -> None:
    """Write the rows of the numbers this build gave (inside the caller's transaction)."""
    for kind in numbers.new_kinds:
        number = numbers.numbers[kind]
        ws.store.documents.add(
            Document(
                id=new_id(),
                assessment_id=assessment_id,
                kind=kind,
                number=str(number),
                year=number.year,
                issuer=office.numbering_key,
                created_at=numbers.issued_at,
            ),
            stamp,
        )
        ws.record(
            stamp,
            "document.number",
            "assessment",
            assessment_id,
            None,
            {"kind": kind, "number": str(number)},
        )
