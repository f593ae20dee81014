"""v4: indexes for lookups that scanned whole tables on province-scale data.

- ``audit_event(entity_id, seq)``: the header asks when an assessment entered its state; without
  the index that read all ~120,000 events (84 ms a unit selection, bench/select_unit.py).
- ``result(assessment_id, value)``: counts by result for the overview and the navigator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

SCHEMA = """
CREATE INDEX audit_event_entity ON audit_event(entity_id, seq);
CREATE INDEX result_assessment_value ON result(assessment_id, value);
"""


def apply(db: Database) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
