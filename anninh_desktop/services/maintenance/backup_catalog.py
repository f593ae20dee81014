"""The backups in a folder (read from their readable headers, no passphrase needed), and the time of
this data folder's last backup with the reminder's number of days.

Those two live in `backups.json` in the data folder, not in the database: taking a backup must not
change the data it copies, and the file is not part of a backup (a restored folder keeps its own
record of when it was last backed up).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.backup_file import KIND, SUFFIX
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import container
from anninh_desktop.services.workspace import Workspace

log = logging.getLogger(__name__)

STATE_FILE = "backups.json"
DEFAULT_REMINDER_DAYS = 7
NAME_PATTERN = f"anninh-backup-*{SUFFIX}"


@dataclass(frozen=True)
class ListedBackup:
    path: Path
    size: int
    created_at: datetime | None  # None when the header cannot be read
    program_version: str
    schema_version: int | None
    problem: str = ""  # why it cannot be used ("" = looks whole from its header)


def list_backups(folder: Path) -> list[ListedBackup]:
    """The backup files in `folder`, newest first; a damaged header is listed with its problem."""
    if not folder.is_dir():
        raise UserError(_("{path} is not a folder.").format(path=folder))
    out: list[ListedBackup] = []
    for path in folder.glob(NAME_PATTERN):
        if not path.is_file():
            continue
        out.append(_read(path))
    out.sort(key=lambda b: (b.created_at is not None, b.created_at or datetime.min), reverse=True)
    return out


def _read(path: Path) -> ListedBackup:
    size = path.stat().st_size
    try:
        with path.open("rb") as fh:
            header, _raw = container.read_header(fh, path, KIND)
        created = datetime.fromisoformat(str(header["created_at"]))
        schema = int(header["schema_version"])
        version = str(header.get("program_version", ""))
    except UserError as exc:
        return ListedBackup(path, size, None, "", None, exc.message)
    except (OSError, KeyError, ValueError, TypeError) as exc:
        log.info("backup header of %s unreadable: %s", path, exc)
        return ListedBackup(path, size, None, "", None, _("The file cannot be read."))
    return ListedBackup(path, size, created, version, schema)


def _state(root: Path) -> dict[str, object]:
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(root: Path, **changes: object) -> None:
    data = {**_state(root), **changes}
    part = root / f"{STATE_FILE}.part"
    with part.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, root / STATE_FILE)


def record_backup(ws: Workspace, when: datetime, path: Path) -> None:
    """Remember that the data folder was backed up (for the reminder)."""
    _write_state(ws.root, last_at=when.isoformat(), last_path=str(path))


def last_backup(ws: Workspace) -> tuple[datetime, str] | None:
    """When and where the last backup of this data folder was written, if ever."""
    state = _state(ws.root)
    try:
        when = datetime.fromisoformat(str(state["last_at"]))
    except (KeyError, ValueError):
        return None
    return when, str(state.get("last_path", ""))


def backup_overdue(ws: Workspace, days: int, now: datetime | None = None) -> int | None:
    """Days since the last backup when it is older than `days` (or never made: -1); else None.

    `days` <= 0 turns the reminder off."""
    if days <= 0:
        return None
    if not ws.store.assessments.years():
        return None  # an empty data folder has nothing to lose yet
    last = last_backup(ws)
    if last is None:
        return -1
    current = now or ws.clock()
    if current.tzinfo is None and last[0].tzinfo is not None:
        current = current.replace(tzinfo=last[0].tzinfo)
    if last[0].tzinfo is None and current.tzinfo is not None:
        current = current.replace(tzinfo=None)
    age = (current - last[0]).days
    return age if age >= days else None


MAX_REMINDER_DAYS = 365


def reminder_days(ws: Workspace) -> int:
    """After how many days without a backup the window reminds (0 = never); default 7."""
    raw = _state(ws.root).get("reminder_days", DEFAULT_REMINDER_DAYS)
    if not isinstance(raw, int) or isinstance(raw, bool):
        return DEFAULT_REMINDER_DAYS
    return max(0, min(MAX_REMINDER_DAYS, raw))


def set_reminder_days(ws: Workspace, days: int) -> None:
    _write_state(ws.root, reminder_days=max(0, min(MAX_REMINDER_DAYS, days)))
