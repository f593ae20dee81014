"""Partial files: what a killed export, backup or restore leaves, removed by the next run."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)

# A partial file younger than this may be written by a run going on now: left alone.
LIVE_PART_SECONDS = 10


def remove_stale_parts(folder: Path, pattern: str, *, now: float | None = None) -> list[Path]:
    """Remove what a killed run left in `folder` (files or folders matching `pattern`), unless
    it was written to in the last seconds (a run going on now)."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    clock = time.time() if now is None else now
    for path in folder.glob(pattern):
        try:
            if clock - path.stat().st_mtime < LIVE_PART_SECONDS:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            log.warning("could not remove the partial %s", path)
            continue
        log.info("removed %s, left by an interrupted run", path)
        removed.append(path)
    return removed
