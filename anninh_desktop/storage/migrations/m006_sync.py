"""v6: USB sync — row version vectors (kept by triggers), identity, peers, received packages, conflicts.

See docs/sync.md. `row_version` holds per synced row a JSON version vector
`{installation: highest change_seq}` and `local_seq`, this installation's change counter when the
row version was written here (a local edit or an import); exports select on `local_seq`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import _statements

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

# Tables whose rows travel, in the order an import writes them (parents before children).
SYNCED_TABLES = (
    "unit",
    "criterion_set",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "document",
    "document_text",
    "appraisal",
)

SCHEMA = """
CREATE TABLE row_version (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    vector TEXT NOT NULL,
    local_seq INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX row_version_local_seq ON row_version(local_seq);

CREATE TABLE sync_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    office_name TEXT NOT NULL DEFAULT '',
    office_unit_id TEXT NOT NULL DEFAULT '',
    signing_public TEXT NOT NULL,
    encryption_public TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sync_peer (
    installation_id TEXT PRIMARY KEY,
    office_name TEXT NOT NULL,
    office_unit_id TEXT NOT NULL,
    signing_public TEXT NOT NULL,
    encryption_public TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    trusted INTEGER NOT NULL DEFAULT 0,
    acked_seq INTEGER NOT NULL DEFAULT 0,
    last_export_seq INTEGER NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL
);

CREATE TABLE sync_received (
    package_id TEXT PRIMARY KEY,
    sender_id TEXT NOT NULL,
    upto INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sync_conflict (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    package_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    local_row TEXT NOT NULL,
    local_vector TEXT NOT NULL,
    remote_row TEXT NOT NULL,
    remote_vector TEXT NOT NULL,
    kept TEXT NOT NULL CHECK (kept IN ('local', 'remote')),
    detected_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX sync_conflict_row ON sync_conflict(tbl, row_id);
"""

_COUNTER = "COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_counter'), 0)"


def _triggers(table: str) -> str:
    upsert = f"""
    INSERT INTO row_version(tbl, row_id, vector, local_seq)
    VALUES ('{table}', NEW.id, json_object(NEW.changed_by, NEW.change_seq), {_COUNTER})
    ON CONFLICT(tbl, row_id) DO UPDATE SET
        vector = json_set(vector, '$."' || NEW.changed_by || '"', NEW.change_seq),
        local_seq = excluded.local_seq;"""
    return f"""
CREATE TRIGGER row_version_{table}_insert AFTER INSERT ON {table}
WHEN NEW.changed_by <> ''
BEGIN{upsert}
END;
CREATE TRIGGER row_version_{table}_update AFTER UPDATE OF changed_by, change_seq ON {table}
WHEN NEW.changed_by <> '' AND (NEW.changed_by IS NOT OLD.changed_by
                               OR NEW.change_seq IS NOT OLD.change_seq)
BEGIN{upsert}
END;
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
    for table in SYNCED_TABLES:
        for statement in _statements(_triggers(table)):
            db.execute(statement)
        # Existing rows: one entry each; they were all written here, so local_seq = change_seq.
        db.execute(
            "INSERT INTO row_version(tbl, row_id, vector, local_seq) "
            f"SELECT '{table}', id, json_object(changed_by, change_seq), change_seq "
            f"FROM {table} WHERE changed_by <> ''"
        )
