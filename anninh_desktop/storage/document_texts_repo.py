"""The user's own text of a dossier document, per assessment and document kind."""

from __future__ import annotations

from datetime import datetime

from anninh_desktop.domain.text import nfc
from anninh_desktop.storage.codec import datetime_to_text
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp


class DocumentTextRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, assessment_id: str, kind: str) -> str | None:
        """The saved text, or None when the user has not edited this document."""
        row = self._db.execute(
            "SELECT text FROM document_text WHERE assessment_id = ? AND kind = ? AND deleted = 0",
            [assessment_id, kind],
        ).fetchone()
        return None if row is None else str(row[0])

    def edited_kinds(self, assessment_id: str) -> list[str]:
        rows = self._db.execute(
            "SELECT kind FROM document_text WHERE assessment_id = ? AND deleted = 0 ORDER BY kind",
            [assessment_id],
        ).fetchall()
        return [str(r[0]) for r in rows]

    def save(
        self,
        new_id: str,
        assessment_id: str,
        kind: str,
        text: str,
        saved_at: datetime,
        stamp: ChangeStamp,
    ) -> None:
        """Store the text; an earlier (or reset) row of the same document is overwritten in place."""
        self._db.execute(
            "INSERT INTO document_text (id, assessment_id, kind, text, saved_at, changed_by, "
            "change_seq, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, 0) "
            "ON CONFLICT(assessment_id, kind) DO UPDATE SET text = excluded.text, "
            "saved_at = excluded.saved_at, changed_by = excluded.changed_by, "
            "change_seq = excluded.change_seq, deleted = 0",
            [
                new_id,
                assessment_id,
                kind,
                nfc(text),
                datetime_to_text(saved_at),
                stamp.installation,
                stamp.seq,
            ],
        )

    def reset(self, assessment_id: str, kind: str, stamp: ChangeStamp) -> bool:
        """Forget the user's text (a tombstone, so the reset travels too); False if there was none."""
        cursor = self._db.execute(
            "UPDATE document_text SET deleted = 1, changed_by = ?, change_seq = ? "
            "WHERE assessment_id = ? AND kind = ? AND deleted = 0",
            [stamp.installation, stamp.seq, assessment_id, kind],
        )
        return bool(cursor.rowcount)
