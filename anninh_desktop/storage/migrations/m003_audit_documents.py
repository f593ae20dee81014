"""v3: hash-chained audit log, documents (dossier PDFs) and appraisal verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import SYNC_COLUMNS, _statements

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

SCHEMA = f"""
CREATE TABLE audit_event (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    installation TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    old TEXT NOT NULL,
    new TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
-- Append-only. (A determined user can drop these triggers; the hash chain still shows the edit.)
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE document (
    id TEXT PRIMARY KEY,
    assessment_id TEXT REFERENCES assessment(id),
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    created_at TEXT,
    signatures TEXT NOT NULL DEFAULT '',
    verification TEXT NOT NULL DEFAULT '',
    verified_at TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX document_numbering ON document(issuer, kind, year);

CREATE TABLE appraisal (
    id TEXT PRIMARY KEY,
    result_id TEXT NOT NULL REFERENCES result(id),
    level TEXT NOT NULL,
    verdict TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    appraiser TEXT NOT NULL DEFAULT '',
    at TEXT,
    {SYNC_COLUMNS},
    UNIQUE (result_id, level)
);
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
