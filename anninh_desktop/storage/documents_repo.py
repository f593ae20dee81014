"""Generated and received documents, and the numbers already issued."""

from __future__ import annotations

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.numbering import DocumentNumber, parse_number
from anninh_desktop.storage.codec import datetime_to_text
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp


class DocumentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, d: Document, stamp: ChangeStamp) -> None:
        self._db["document"].insert(
            {
                "id": d.id,
                "assessment_id": d.assessment_id,
                "kind": d.kind,
                "number": d.number,
                "year": d.year,
                "issuer": d.issuer,
                "sha256": d.sha256,
                "filename": d.filename,
                "created_at": datetime_to_text(d.created_at),
                "signatures": d.signatures,
                "verification": d.verification,
                "verified_at": datetime_to_text(d.verified_at),
                **stamp.columns(),
            }
        )

    def issued_numbers(self, issuer: str, kind: str, year: int) -> list[DocumentNumber]:
        rows = self._db.execute(
            "SELECT number FROM document WHERE issuer = ? AND kind = ? AND year = ? "
            "AND number != '' AND deleted = 0",
            [issuer, kind, year],
        ).fetchall()
        numbers = []
        for (text,) in rows:
            try:
                numbers.append(parse_number(text, year))
            except ValueError:
                continue
        return numbers
