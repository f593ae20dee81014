"""v2: evidence items, their immutable revisions (blobs by SHA-256) and links to results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import SYNC_COLUMNS, _statements

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

SCHEMA = f"""
CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    issue_date TEXT,
    issuer TEXT NOT NULL DEFAULT '',
    effective_date TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX evidence_unit ON evidence(unit_id);

CREATE TABLE evidence_revision (
    id TEXT PRIMARY KEY,
    evidence_id TEXT NOT NULL REFERENCES evidence(id),
    revision INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    added_at TEXT NOT NULL,
    {SYNC_COLUMNS},
    UNIQUE (evidence_id, revision)
);
CREATE INDEX evidence_revision_sha ON evidence_revision(sha256);

-- Revisions are immutable: a new file is a new revision.
CREATE TRIGGER evidence_revision_immutable BEFORE UPDATE OF sha256, size, revision, evidence_id
ON evidence_revision
BEGIN SELECT RAISE(ABORT, 'evidence revisions are immutable'); END;

CREATE TABLE evidence_link (
    id TEXT PRIMARY KEY,
    evidence_id TEXT NOT NULL REFERENCES evidence(id),
    result_id TEXT NOT NULL REFERENCES result(id),
    {SYNC_COLUMNS},
    UNIQUE (evidence_id, result_id)
);
CREATE INDEX evidence_link_result ON evidence_link(result_id);
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
