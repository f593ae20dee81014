"""The demo build as one undoable step: cancelled or failed, it leaves the data folder as it was.

The build goes through the real services in many transactions (units, assessments, evidence
files…), so it cannot be one transaction. Instead the database is copied first (an empty folder's
database holds only the official units: a few MB, a fraction of a second) and put back if the
build does not finish; evidence files it stored are removed again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from anninh_desktop.services.demo.builder import build_demo
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import backup_copy, restore_copy

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "before-demo.sqlite3"


def build_demo_or_nothing(
    ws: Workspace,
    *,
    scale: str = "commune",
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> str:
    """`build_demo`, cancellable between its steps; returns its summary.

    On `Cancelled` (raised at the next step after `cancel()` turned true) or any failure, the
    database is restored and the new evidence files deleted before the exception goes on.
    """
    snapshot = ws.store.blobs.temp_dir / SNAPSHOT_NAME
    backup_copy(ws.store.db, snapshot)
    blobs_before = set(ws.store.blobs.iter_hashes())

    def step(text: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(text)

    try:
        summary = build_demo(ws, scale=scale, seed=seed, progress=step)
        if cancel is not None and cancel():
            raise Cancelled()
        return summary
    except BaseException:
        log.info("demo build stopped: restoring the data folder as it was")
        restore_copy(ws.store.db, snapshot)
        for sha256 in set(ws.store.blobs.iter_hashes()) - blobs_before:
            ws.store.blobs.remove(sha256)
        raise
    finally:
        snapshot.unlink(missing_ok=True)
