"""A data folder copied or moved to another PC or folder: found before it can sync wrongly.

A copy of an office's data folder (a second PC, a restored backup used beside the original) keeps
the original's installation id and keys. Both would then write changes under one id, and their
edits would look ordered instead of concurrent: one PC's edit could silently replace the other's.
So the place a sync identity was made in (this computer's name and the folder's full path) is kept,
and when the folder is opened somewhere else the user must say what it is before it syncs:
- a **copy** used beside the original: it becomes a new installation (new id and keys; the other
  offices import its new card);
- **moved** (the original is no longer used): the identity stays, the new place is recorded.

Only storage is imported here (no keys, no cryptography): the window asks at start.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import current_counter, get_meta, set_meta
from anninh_desktop.storage.sync_repo import SyncRepository

PLACE_KEY = "sync_place"
# This installation's change counter when the folder was last seen at its recorded place: what
# changed after it may have been changed on a copy (see `new_installation_id_for_copy`).
PLACE_COUNTER_KEY = "sync_place_counter"


def machine_name() -> str:
    """This computer's name (Windows: COMPUTERNAME; elsewhere the host name)."""
    name = os.environ.get("COMPUTERNAME")
    if name:
        return name
    try:
        return os.uname().nodename
    except AttributeError:  # pragma: no cover - Windows without COMPUTERNAME
        return ""


def current_place(root: Path) -> str:
    """A short fingerprint of this computer and this folder's full path."""
    text = f"{machine_name().casefold()}|{os.path.normcase(str(root.resolve()))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_place(ws: Workspace) -> None:
    """Remember that the identity lives here (when it is made, moved or made a copy)."""
    with transaction(ws.store.db):
        set_meta(ws.store.db, PLACE_KEY, current_place(ws.root))
        set_meta(ws.store.db, PLACE_COUNTER_KEY, str(current_counter(ws.store.db)))


def place_counter(ws: Workspace) -> int:
    """The change counter when this folder was last seen at its place (0 when never)."""
    try:
        return int(get_meta(ws.store.db, PLACE_COUNTER_KEY) or 0)
    except ValueError:
        return 0


def relocated(ws: Workspace) -> bool:
    """True when this folder has a sync identity that was made or last confirmed elsewhere.

    A folder with an identity from before places were kept gets this place, once.
    """
    if SyncRepository(ws.store.db).identity() is None:
        return False
    stored = get_meta(ws.store.db, PLACE_KEY)
    if stored is None:
        record_place(ws)
        return False
    return stored != current_place(ws.root)


def note_at_home(ws: Workspace) -> None:
    """Inside a write transaction of an exchange made here (export, import, ack): the folder is
    at its place now, so what changes after this may have been changed on a copy."""
    set_meta(ws.store.db, PLACE_COUNTER_KEY, str(current_counter(ws.store.db)))


def confirm_moved(ws: Workspace) -> None:
    """The folder was moved (the original is not used any more): keep the identity."""
    record_place(ws)


def require_not_relocated(ws: Workspace) -> None:
    """Refuse to sync from a folder that was copied or moved until the user has said which."""
    if relocated(ws):
        raise UserError(
            _(
                "This data folder was copied or moved from another computer or folder. Before it "
                "exchanges data, say what it is: a copy used beside the original gets its own "
                "identity (“anninh sync identity --new-copy”), a moved folder keeps it "
                "(“anninh sync identity --moved”); in the window, the program asks when it starts."
            )
        )
