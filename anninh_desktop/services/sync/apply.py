"""Applying a verified package: blobs, rows and conflicts in one transaction, then the ack.

All or nothing: one transaction. A way back after a bad import: the transaction also keeps a
journal of what every row it changed was before (compressed, about the size of the package's rows),
replacing the journal of the import before; `undo.undo_last_import` puts it back. No copy of the
database per package (see docs/sync.md, "Apply and undo").
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anninh_desktop.domain.sync_vectors import Order, compare, merge, remote_wins
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import Clock
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import audit_heads, relocation
from anninh_desktop.services.sync.acks import write_ack
from anninh_desktop.services.sync.authorship import row_digest
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.sync.keys import SYNC_DIR
from anninh_desktop.services.sync.plan import Change, Plan, RowChange, make_plan
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import Database, transaction
from anninh_desktop.storage.meta import next_stamp
from anninh_desktop.storage.sync_blobs import adopt_blob
from anninh_desktop.storage.sync_repo import ConflictRecord, SyncRepository
from anninh_desktop.storage.sync_rows import (
    RowRejected,
    local_row,
    set_version,
    write_row,
    write_token,
)
from anninh_desktop.storage.sync_signatures import (
    RowSignature,
    save_signatures,
    signatures_for_rows,
)
from anninh_desktop.storage.sync_undo import Journal, save_journal

log = logging.getLogger(__name__)

# Older versions kept a whole copy of the database here before every import.
OLD_BACKUPS_DIR = "backups"


@dataclass(frozen=True)
class ApplyResult:
    package_id: str
    applied: bool  # False when the package had been applied before (nothing changed)
    totals: dict[str, int]
    conflicts: int
    ack_path: Path
    journal_size: int = 0  # bytes kept to undo this import (0: nothing applied)


def apply_package(
    ws: Workspace, preview: SyncPreview, *, ack_dir: Path | None = None
) -> ApplyResult:
    """Apply what `read_package` verified; a package applied before changes nothing."""
    m = preview.manifest
    folder = ack_dir if ack_dir is not None else preview.path.parent
    sync_repo = repo(ws)
    if preview.already_applied or sync_repo.received(m.package_id) is not None:
        preview.discard()
        ack = write_ack(ws, m.package_id, m.sender, m.upto, folder)
        return ApplyResult(m.package_id, False, {}, 0, ack)
    totals: Counter[str] = Counter()
    conflicts = 0
    try:
        db = ws.store.db
        with transaction(db):
            # The preview's plan holds while nothing was written since it was made (this write
            # transaction keeps it so); else the plan is made again, here, and must agree.
            planned = preview.token is not None and write_token(db) == preview.token
            stamp = next_stamp(db)
            journal = Journal(m.package_id, m.sender, stamp.seq, ws.clock().isoformat())
            for sha, staged in sorted(preview.staged.items()):
                if not ws.store.blobs.exists(sha):
                    journal.blobs_added.append(sha)
                adopt_blob(ws.store.blobs, staged, sha)
            verified = preview.plan.authors
            if planned:
                plan = preview.plan
            else:
                plan = make_plan(
                    db,
                    preview.incoming,
                    lambda item: verified.get(item.key, (None, False)),
                    receiver=ws.store.installation,
                )
                if plan.refusals or plan.set_mismatch:
                    raise UserError(
                        _("The data changed since the preview; read the package again.")
                    )
            written: list[RowChange] = []
            me = ws.store.installation
            kept = _kept_signatures(db, plan)
            in_conflict = sync_repo.rows_with_open_conflicts()
            touched: set[tuple[str, str]] = set()
            for c in plan.changes:
                totals[c.change.value] += 1
                if c.change is Change.UNCHANGED:
                    continue
                row_id = str(c.row["id"])
                key = (c.table, row_id)
                found: tuple[dict[str, Any], dict[str, int]] | None
                if key in touched:  # the package holds the row twice: as the first one left it
                    found = local_row(db, c.table, row_id)
                else:
                    journal.note_known(
                        c.table, row_id, c.local, c.local_vector, c.local_seq, kept.get(key)
                    )
                    found = None if c.local is None else (c.local, c.local_vector or {})
                touched.add(key)
                if found is not None and c.change is Change.UPDATED:
                    local, local_vector = found
                    if compare(c.vector, local_vector) is Order.CONCURRENT:
                        # Same content saved on both sides: merge the versions, no conflict;
                        # the row kept is chosen as for a conflict, so every PC keeps the same.
                        merged = merge(local_vector, c.vector)
                        if remote_wins(local_vector, local, c.vector, c.row):
                            write_row(db, c.table, c.row, local, merged, stamp.seq)
                            written.append(c)
                        else:
                            set_version(db, c.table, row_id, merged, stamp.seq)
                        if key in in_conflict:
                            _close_superseded(sync_repo, c, ws.clock, journal)
                        continue
                if c.change is not Change.CONFLICT or found is None:
                    write_row(db, c.table, c.row, found[0] if found else None, c.vector, stamp.seq)
                    written.append(c)
                    if key in in_conflict:
                        _close_superseded(sync_repo, c, ws.clock, journal)
                    continue
                local, local_vector = found
                # An old version of our own passed back never replaces what we hold.
                take_remote = c.row.get("changed_by") != me and remote_wins(
                    local_vector, local, c.vector, c.row
                )
                merged = merge(local_vector, c.vector)
                if take_remote:
                    write_row(db, c.table, c.row, local, merged, stamp.seq)
                    written.append(c)
                else:
                    set_version(db, c.table, row_id, merged, stamp.seq)
                journal.conflicts_added.append(
                    sync_repo.add_conflict(
                        ConflictRecord(
                            id=0,
                            table=c.table,
                            row_id=row_id,
                            package_id=m.package_id,
                            sender_id=m.sender,
                            local_row=local,
                            local_vector=local_vector,
                            remote_row=c.row,
                            remote_vector=c.vector,
                            kept="remote" if take_remote else "local",
                            detected_at=ws.clock().isoformat(),
                            resolved_at=None,
                        )
                    )
                )
                in_conflict.add(key)
                conflicts += 1
            _keep_signatures(ws, written, m.sender, verified)
            relocation.note_at_home(ws)
            summary = {**totals, "blobs": len(preview.staged)}
            sync_repo.record_received(
                m.package_id, m.sender, m.upto, ws.clock().isoformat(), summary, since=m.since
            )
            if m.received >= 0:
                sync_repo.set_acked(m.sender, m.received)
            history = preview.history if planned else audit_heads.check_claim(ws, preview.sender, m)
            audit_heads.keep(ws, preview.sender, m, history)
            size = save_journal(db, journal)
            ws.record(
                stamp,
                "sync.import",
                "sync_package",
                m.package_id,
                None,
                {"sender": m.sender, "upto": m.upto, **summary},
            )
    except RowRejected as exc:
        log.warning("applying package %s failed: %s", m.package_id, exc)
        raise UserError(
            _(
                "The package does not fit this data folder (row {row} of {table}: {reason}); "
                "nothing was imported. The sender may need to send the data it refers to first."
            ).format(row=exc.row_id[:12], table=exc.table, reason=exc.detail)
        ) from exc
    preview.staged.clear()
    _remove_old_copies(ws)
    ack = write_ack(ws, m.package_id, m.sender, m.upto, folder)
    log.info("applied package %s: %s, %d conflicts", m.package_id, dict(totals), conflicts)
    return ApplyResult(m.package_id, True, dict(totals), conflicts, ack, size)


def _kept_signatures(db: Database, plan: Plan) -> dict[tuple[str, str], RowSignature]:
    """The signatures kept here of the rows the plan changes (for the undo journal)."""
    ids: dict[str, list[str]] = {}
    for c in plan.changes:
        if c.change is not Change.UNCHANGED:
            ids.setdefault(c.table, []).append(str(c.row["id"]))
    return {
        (table, row_id): sig
        for table, row_ids in ids.items()
        for row_id, sig in signatures_for_rows(db, table, row_ids).items()
    }


def _remove_old_copies(ws: Workspace) -> None:
    """Whole database copies an older version kept before each import (one per package, never
    removed): the journal replaces them, and an old copy could not be put back anyway without
    losing every import after it."""
    old = ws.root / SYNC_DIR / OLD_BACKUPS_DIR
    if not old.is_dir():
        return
    for copy in old.glob("before-*.sqlite3*"):
        try:
            copy.unlink()
        except OSError:
            log.warning("could not remove the old pre-import copy %s", copy)
    try:
        old.rmdir()
    except OSError:
        pass  # something else is in it


def _close_superseded(
    sync_repo: SyncRepository, c: RowChange, clock: Clock, journal: Journal
) -> None:
    """Open conflicts of the row whose two versions the arriving one has seen are settled.

    A conflict resolved on another PC (a new edit there, dominating both versions) closes here
    when that edit arrives; the conflict stays in the history.
    """
    for found in sync_repo.open_conflicts_for(c.table, str(c.row["id"])):
        seen = (Order.BEFORE, Order.EQUAL)
        if compare(found.local_vector, c.vector) in seen and (
            compare(found.remote_vector, c.vector) in seen
        ):
            sync_repo.mark_resolved(found.id, clock().isoformat())
            journal.conflicts_closed.append(found.id)


def _keep_signatures(
    ws: Workspace,
    plan_changes: list[RowChange],
    sender: str,
    attributed: dict[tuple[str, str], tuple[str, bool]],
) -> None:
    """Keep the authors' signatures of the row versions written here, to relay them with proof
    (a relayed row's signature was checked here; the sender's own rows are proved by the
    package's signature, and rows of authors unknown here are not checked: theirs are checked
    when first relayed)."""
    save_signatures(
        ws.store.db,
        [
            RowSignature(
                c.table,
                str(c.row["id"]),
                str(c.row.get("changed_by") or ""),
                int(c.row.get("change_seq") or 0),
                row_digest(c.table, c.row),
                c.signature,
                c.row.get("changed_by") != sender
                and not attributed.get((c.table, str(c.row["id"])), ("", True))[1],
            )
            for c in plan_changes
            if c.signature
        ],
    )
