"""v7: the reason an appraising office gave when it returned an assessment for correction.

Kept on the assessment row (`return_reason`), owned by the appraising office like the decision
fields, so it travels to the commune with the returned state (see docs/sync.md, round 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database


def apply(db: Database) -> None:
    db.execute("ALTER TABLE assessment ADD COLUMN return_reason TEXT NOT NULL DEFAULT ''")
