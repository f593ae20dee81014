"""Undo the last import: every row it changed back as it was, its conflicts gone, its package
counted as not applied (it may be imported again), from the journal the import kept.

Possible while no row the import wrote has changed since (a later edit or import would be lost).
The sender learns it with the next package this office sends it (its watermark goes back, so it
sends those rows again). See docs/sync.md, "Apply and undo".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.maintenance import referenced_blob_hashes
from anninh_desktop.storage.sync_rows import RowRejected
from anninh_desktop.storage.sync_undo import (
    changed_since,
    clear_journal,
    entries_in_reverse,
    load_journal,
    put_back,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LastImport:
    package_id: str
    sender_id: str
    sender_name: str
    applied_at: str
    rows: int  # rows it changed
    undoable: bool
    reason: str  # why not, when it is not


@dataclass(frozen=True)
class UndoResult:
    package_id: str
    sender_name: str
    rows: int
    conflicts_removed: int
    blobs_removed: int


def last_import(ws: Workspace) -> LastImport | None:
    """The import that can be undone, if any, and whether it still can."""
    journal = load_journal(ws.store.db)
    if journal is None:
        return None
    peer = repo(ws).peer(journal.sender_id)
    name = peer.office_name if peer is not None else journal.sender_id[:8]
    later = changed_since(ws.store.db, journal)
    reason = ""
    if later:
        reason = ngettext(
            "{count} row it brought was changed after it; undoing it would lose that change.",
            "{count} rows it brought were changed after it; undoing it would lose those changes.",
            len(later),
        ).format(count=len(later))
    return LastImport(
        journal.package_id,
        journal.sender_id,
        name,
        journal.applied_at,
        len(journal.entries),
        not later,
        reason,
    )


def undo_last_import(ws: Workspace) -> UndoResult:
    """Put back what the last import changed (one transaction); UserError when not possible."""
    db = ws.store.db
    info = last_import(ws)
    if info is None:
        raise UserError(_("There is no import to undo."))
    if not info.undoable:
        raise UserError(
            _("The last import (from {office}) can no longer be undone: {reason}").format(
                office=info.sender_name, reason=info.reason
            )
        )
    journal = load_journal(db)
    assert journal is not None
    sync_repo = repo(ws)
    try:
        with ws.store.change() as stamp:
            for entry in entries_in_reverse(journal):
                put_back(db, entry)
            for conflict_id in journal.conflicts_added:
                sync_repo.delete_conflict(conflict_id)
            for conflict_id in journal.conflicts_closed:
                sync_repo.reopen_conflict(conflict_id)
            sync_repo.forget_received(journal.package_id)
            clear_journal(db)
            ws.record(
                stamp,
                "sync.undo",
                "sync_package",
                journal.package_id,
                {"sender": journal.sender_id, "rows": len(journal.entries)},
                None,
            )
    except RowRejected as exc:
        log.warning("undoing package %s failed: %s", journal.package_id, exc)
        raise UserError(
            _(
                "The last import cannot be undone ({table} {row}: {reason}); nothing was changed."
            ).format(table=exc.table, row=exc.row_id[:12], reason=exc.detail)
        ) from exc
    removed = 0
    still = referenced_blob_hashes(db)
    for sha in journal.blobs_added:
        if sha not in still and ws.store.blobs.exists(sha):
            ws.store.blobs.remove(sha)  # came with the undone import, used by nothing else
            removed += 1
    log.info("undid package %s from %s", journal.package_id, journal.sender_id)
    return UndoResult(
        journal.package_id,
        info.sender_name,
        len(journal.entries),
        len(journal.conflicts_added),
        removed,
    )
