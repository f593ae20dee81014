"""v11: indexes so that an export costs what it sends, not what the database holds (issue 14;
bench/sync_export.py, bench/province_round.py).

- ``row_version(tbl, local_seq)`` replaces ``row_version(local_seq)``: an export reads one
  table's versions newer than a peer's watermark by a range of it (the index on ``local_seq``
  alone walked every table's versions for each table); every query on ``local_seq`` names its
  table.
- ``document(assessment_id)``, ``model_team(unit_id)``, ``model_site_document(unit_id)``: an
  export for a commune finds the rows of the commune's units through them.
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
}
DROPPED = ("row_version_local_seq",)


def apply(db: Database) -> None:
    for name in DROPPED:
        db.execute(f"DROP INDEX IF EXISTS {name}")
    for name, target in INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
