"""Logging to a file in the data folder: tracebacks go there, never to the user's screen."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(data_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """Log to <data_dir>/logs/anninh.log (rotating); returns the file, or None when it cannot be made."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_anninh", False):
            root.removeHandler(handler)
            handler.close()
    if data_dir is None:
        return None
    log_dir = data_dir / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / "anninh.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._anninh = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return log_dir / "anninh.log"
