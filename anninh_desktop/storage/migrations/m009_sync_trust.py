"""v9: sync that a province can trust (issue 13, see docs/sync.md).

- `row_signature`: the author's own signature of a row version (received with the row, or made
  here at export), so a row can be relayed with proof of who wrote it. `digest` is the SHA-256
  of the signed text: an export reuses a signature only for the same content, and `check` finds a
  row changed behind the program's back.
- `sync_undo`: the journal of the last applied package (what each row was before it), zlib
  compressed, replaced by the next import: "undo the last import" without a database copy per
  package.
- `sync_received.since`: the watermark a package was made from, so that what this office has
  received from a peer without a gap can be told (and a peer asked to send again after an undo
  or a restore).
- `sync_export`: every package made here, with the audit chain head it carried; the hashes of
  this chain at those heads go with later packages so the receiver can compare them with the
  heads it kept (`sync_audit_head`, signed by the sender). `sync_alarm`: what the comparison
  found (history rewritten or shortened), for the preview and `check`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import _statements

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

SCHEMA = """
CREATE TABLE row_signature (
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    author TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    digest TEXT NOT NULL,
    signature TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

CREATE TABLE sync_undo (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    package_id TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    stamp_seq INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    journal BLOB NOT NULL
);

ALTER TABLE sync_received ADD COLUMN since INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_export (
    package_id TEXT PRIMARY KEY,
    peer_id TEXT NOT NULL,
    upto INTEGER NOT NULL,
    audit_seq INTEGER NOT NULL,
    audit_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sync_export_peer ON sync_export(peer_id, audit_seq);

CREATE TABLE sync_audit_head (
    sender_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    signature TEXT NOT NULL,
    package_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (sender_id, seq)
) WITHOUT ROWID;

CREATE TABLE sync_alarm (
    id INTEGER PRIMARY KEY,
    sender_id TEXT NOT NULL,
    package_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq INTEGER NOT NULL,
    detected_at TEXT NOT NULL
);
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
