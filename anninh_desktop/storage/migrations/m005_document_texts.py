"""v5: the user's own text of a dossier document (Tờ trình, Báo cáo, Biên bản) per assessment.

A row exists only when the user edited the text; without one the dossier uses the template text.
The row travels with the assessment (sync columns), so an office that receives it builds the same
dossier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import SYNC_COLUMNS, _statements

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

SCHEMA = f"""
CREATE TABLE document_text (
    id TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessment(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    saved_at TEXT,
    {SYNC_COLUMNS},
    UNIQUE (assessment_id, kind)
);
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
