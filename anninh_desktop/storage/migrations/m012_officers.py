"""v12: the office's officers, and the officer named on every audited change (issue 17 item 5).

- `officer`: the people of an office (name, rank, position), scoped to the office's unit
  (`unit_id`) like the movement's rows, so an office's list travels with its sync packages and
  only that office may change it (domain/authority.py, owner). Removing an officer marks the row
  deleted: the history keeps naming who made older changes.
- `officer_pin`: an officer's optional PIN as a salted hash (services/people/pins.py). Local to this
  installation: it never travels.
- `audit_event.officer_id` / `officer_name`: who made the change (the name as shown then). Old
  events keep '' and hash as before (domain/audit.py), so their chain still verifies.

Written on a branch beside m011 (scale indexes); nothing here depends on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import SYNC_COLUMNS, _statements
from anninh_desktop.storage.migrations.m006_sync import _triggers

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

OFFICER_TABLES = ("officer",)

SCHEMA = f"""
CREATE TABLE officer (
    id TEXT PRIMARY KEY,
    unit_id TEXT REFERENCES unit(id),
    name TEXT NOT NULL,
    rank TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX officer_unit ON officer(unit_id);

CREATE TABLE officer_pin (
    officer_id TEXT PRIMARY KEY,
    salt TEXT NOT NULL,
    digest TEXT NOT NULL,
    iterations INTEGER NOT NULL
);

ALTER TABLE audit_event ADD COLUMN officer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_event ADD COLUMN officer_name TEXT NOT NULL DEFAULT '';
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
    for table in OFFICER_TABLES:
        for statement in _statements(_triggers(table)):
            db.execute(statement)
