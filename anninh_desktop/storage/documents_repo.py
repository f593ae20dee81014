"""Generated and received documents, and the numbers already issued."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.numbering import DocumentNumber, parse_number
from anninh_desktop.storage.codec import datetime_to_text, text_to_datetime
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

DOCUMENT_COLUMNS = (
    "id, assessment_id, kind, number, year, issuer, sha256, filename, created_at, signatures, "
    "verification, verified_at"
)


def row_to_document(row: Sequence[Any]) -> Document:
    return Document(
        id=row[0],
        assessment_id=row[1],
        kind=row[2],
        number=row[3],
        year=int(row[4]),
        issuer=row[5],
        sha256=row[6],
        filename=row[7],
        created_at=text_to_datetime(row[8]),
        signatures=row[9],
        verification=row[10],
        verified_at=text_to_datetime(row[11]),
    )


class DocumentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, d: Document, stamp: ChangeStamp) -> None:
        # A plain INSERT: a dossier build writes its numbers here, and importing sqlite-utils for
        # them cost ≈ 50 ms of the build's ~0.9 s of CPU (bench/dossier_build.py, issue 14).
        row = {
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
        self._db.execute(
            f"INSERT INTO document ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})",
            row,
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

    def get(self, document_id: str) -> Document | None:
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE id = ? AND deleted = 0", [document_id]
        ).fetchone()
        return row_to_document(row) if row else None

    def for_assessment(self, assessment_id: str, kind: str | None = None) -> list[Document]:
        """The documents of an assessment (of one kind when given), oldest first."""
        sql = f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE assessment_id = ? AND deleted = 0"
        params: list[object] = [assessment_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self._db.execute(sql + " ORDER BY created_at, id", params).fetchall()
        return [row_to_document(r) for r in rows]

    def numbered(self, assessment_id: str, kind: str) -> Document | None:
        """The first numbered document of this kind issued for the assessment, if any."""
        rows = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE assessment_id = ? AND kind = ? "
            "AND number != '' AND deleted = 0 ORDER BY created_at, id LIMIT 1",
            [assessment_id, kind],
        ).fetchall()
        return row_to_document(rows[0]) if rows else None

    def find_file(
        self, assessment_id: str, kind: str, sha256: str, filename: str
    ) -> Document | None:
        """A document of the assessment with exactly this content and file name."""
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE assessment_id = ? AND kind = ? AND sha256 = ? "
            "AND filename = ? AND deleted = 0 ORDER BY created_at, id LIMIT 1",
            [assessment_id, kind, sha256, filename],
        ).fetchone()
        return row_to_document(row) if row else None
