"""What verification found in a document (any PDF, ours or received), keyed by its SHA-256."""

from __future__ import annotations

from datetime import datetime

from anninh_desktop.domain.documents import Document
from anninh_desktop.storage.codec import datetime_to_text
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.documents_repo import (
    DOCUMENT_COLUMNS,
    DocumentRepository,
    row_to_document,
)
from anninh_desktop.storage.meta import ChangeStamp


class VerificationRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find_by_sha256(self, sha256: str) -> Document | None:
        """The document with this content (the most recently verified one if several)."""
        row = self._db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM document WHERE sha256 = ? AND deleted = 0 "
            "ORDER BY verified_at IS NULL, verified_at DESC, id LIMIT 1",
            [sha256],
        ).fetchone()
        return row_to_document(row) if row else None

    def add_document(self, document: Document, stamp: ChangeStamp) -> None:
        DocumentRepository(self._db).add(document, stamp)

    def record(
        self,
        document_id: str,
        *,
        signatures: str,
        verification: str,
        verified_at: datetime,
        stamp: ChangeStamp,
    ) -> None:
        """Store the result of a verification on an existing document."""
        self._db.execute(
            "UPDATE document SET signatures = ?, verification = ?, verified_at = ?, "
            "changed_by = ?, change_seq = ? WHERE id = ?",
            [
                signatures,
                verification,
                datetime_to_text(verified_at),
                stamp.installation,
                stamp.seq,
                document_id,
            ],
        )
