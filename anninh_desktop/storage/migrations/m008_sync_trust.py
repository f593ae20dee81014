"""v8: sync that a province can trust (issue 13, see docs/sync.md).

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
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
