"""v10: indexes so that sync and `check` cost what they send or read, not what the database holds
(issue 14; bench/sync_export.py, bench/integrity_check.py).

- ``row_version(tbl, local_seq)``: an export reads one table's versions newer than a peer's
  watermark by a range of this index (the index on ``local_seq`` alone walks every table's).
- ``document(assessment_id)``, ``model_team(unit_id)``, ``model_site_document(unit_id)``: an
  export for a commune finds the rows of the commune's units through them.
- ``audit_event(entity, entity_id, seq)``: `check` finds the latest event of each row it compares
  with the log by one seek (before: a scan of the whole log per table).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

INDEXES = {
    "row_version_table_seq": "row_version(tbl, local_seq)",
    "document_assessment": "document(assessment_id)",
    "model_team_unit": "model_team(unit_id)",
    "model_site_document_unit": "model_site_document(unit_id)",
    "audit_event_row": "audit_event(entity, entity_id, seq)",
}


def apply(db: Database) -> None:
    for name, target in INDEXES.items():
        db.execute(f"CREATE INDEX {name} ON {target}")
