"""v10: what the check on arrival found in each evidence file (see domain.evidence.FileCheck).

Revisions stored before this version keep '' (not checked); the dossier build still checks them.
The column is not part of the immutability trigger's list, but nothing ever rewrites it: the check
is made once, before the revision is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database


def apply(db: Database) -> None:
    db.execute("ALTER TABLE evidence_revision ADD COLUMN file_check TEXT NOT NULL DEFAULT ''")
