"""v12: an index that finds a row's last audit event in one seek (issue 14, `anninh check`).

`check` compares every row this office wrote last with the values its last audit event
recorded (storage/maintenance.py, `rows_unlike_their_log`). With ``audit_event(entity_id, seq)``
alone, finding that event read each of the row's events from the table to test its entity;
``audit_event(entity_id, entity, seq)`` answers `max(seq)` for a row of a table from the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

INDEXES = {"audit_event_last": "audit_event(entity_id, entity, seq)"}


def apply(db: Database) -> None:
    for name, target in INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
