"""Logging to a file in the data folder: tracebacks go there, never to the user's screen."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "anninh.log"
WARNINGS_LOGGER = "py.warnings"
PENDING_LIMIT = 200
MAX_BYTES = 2_000_000
BACKUPS = 3


def rotate_log(path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
    """Move a log grown past `max_bytes` to `.1` (`.1` to `.2` …, the oldest dropped).

    Done once when the program starts rather than while it writes: a session writes little, and
    `logging.handlers` (which pulls in sockets, pickle and URL parsing) stays out of the start.
    """
    try:
        if path.stat().st_size <= max_bytes:
            return
    except OSError:
        return
    for n in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


class _PendingWarnings(logging.Handler):
    """Holds the warnings raised before the log file is open (imports of third-party packages)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < PENDING_LIMIT:
            self.records.append(record)


def capture_warnings() -> None:
    """Send Python warnings to the log, never to the user's terminal or screen.

    Called first by the entry points (anninh_desktop.entry), before any third-party import: a
    package's warning (cryptography's "DSA is deprecated" when pyHanko loads, say) is kept until
    `setup_logging` opens the log file and written there; without a log file it is dropped.
    """
    logging.captureWarnings(True)
    logger = logging.getLogger(WARNINGS_LOGGER)
    logger.propagate = False
    if not any(isinstance(h, _PendingWarnings) for h in logger.handlers):
        logger.addHandler(_PendingWarnings())


def _release_warnings(file_handler: logging.Handler | None) -> None:
    """Write the pending warnings to the log file; later ones go there directly (through the root)."""
    logger = logging.getLogger(WARNINGS_LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, _PendingWarnings):
            if file_handler is None:
                continue  # no log file: keep holding (bounded) rather than print
            for record in handler.records:
                file_handler.handle(record)
            logger.removeHandler(handler)
            logger.propagate = True


def setup_logging(data_dir: Path | None, *, verbose: bool = False) -> Path | None:
    """Log to <data_dir>/logs/anninh.log (rotated at start); the file, or None if it cannot be made."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_anninh", False):
            root.removeHandler(handler)
            handler.close()
    if data_dir is None:
        return None
    log_dir = data_dir / "logs"
    path = log_dir / LOG_NAME
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        rotate_log(path)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._anninh = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    _release_warnings(handler)
    return path
