"""Export: every row changed since the peer's acknowledged watermark, its blobs, signed and encrypted."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anninh_desktop.domain.authority import APPRAISER_STATES, DECISION_FIELDS, is_appraiser
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.partial_files import remove_stale_parts
from anninh_desktop.services.sync import audit_heads, container, keys, relocation
from anninh_desktop.services.sync.authorship import Authors, row_digest, sign_row
from anninh_desktop.services.sync.identity import private_keys, repo, require_office
from anninh_desktop.services.sync.payload import (
    COPY_CHUNK,
    Entry,
    Manifest,
    blob_entry,
    manifest_bytes,
    rows_entry,
)
from anninh_desktop.services.sync.plan import SIGNATURE_FIELD, Scopes, concerns
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import Database, transaction
from anninh_desktop.storage.sync_export_rows import (
    rows_for_peer,
    scope_units,
    tables_changed_in_range,
)
from anninh_desktop.storage.sync_rows import SYNCED_TABLES, current_counter, read_snapshot
from anninh_desktop.storage.sync_signatures import RowSignature, mark_verified, save_signatures

log = logging.getLogger(__name__)

PACKAGE_SUFFIX = ".ansync"
VECTOR_FIELD = "_v"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    peer_id: str
    since: int
    upto: int
    rows: dict[str, int]  # table → rows
    blobs: int
    size: int
    skipped: int  # rows concerning the peer that this office may not send, left out


@dataclass
class _Snapshot:
    upto: int
    tables: dict[str, list[dict[str, Any]]]
    blobs: dict[str, int]  # sha256 → size
    skipped: int
    new_signatures: list[RowSignature]  # made now for our own rows, kept after the export
    verified: list[tuple[str, str]]  # relayed rows whose kept signature was checked now


def _snapshot(
    ws: Workspace, own_unit: str, peer_id: str, since: int, peer_unit: str = ""
) -> _Snapshot:
    """Rows and blob list read in one read transaction, so `upto` matches what was read.

    Every row goes with its author's signature (`_s`): ours made now (or kept from an earlier
    export of the same version), another office's kept from when it arrived; a row whose
    author's signature is not at hand, or whose author may not have written it at all (see
    docs/sync.md, "Authority"), is left out: every peer would refuse the whole package for it.
    """
    db: Database = ws.store.db
    me = ws.store.installation
    pairs = private_keys(ws)
    authors = Authors(ws)
    new_signatures: list[RowSignature] = []
    verified: list[tuple[str, str]] = []
    with read_snapshot(db):
        upto = current_counter(db)
        found: dict[str, list[dict[str, Any]]] = {}
        kept_signatures: dict[tuple[str, str], RowSignature] = {}
        # Tables with no version in the range send nothing: not read at all.
        changed = tables_changed_in_range(db, since, upto)
        units = scope_units(db, peer_unit) if peer_unit and changed else []
        for table in SYNCED_TABLES:
            rows: list[dict[str, Any]] = []
            if table not in changed:
                found[table] = rows
                continue
            for out in rows_for_peer(
                db, table, since, upto, peer_id=peer_id, peer_unit=peer_unit, units=units
            ):
                rows.append({**out.row, VECTOR_FIELD: out.vector})
                if out.signature is not None:
                    kept_signatures[table, str(out.row["id"])] = out.signature
            found[table] = rows
        scopes = Scopes(db, found)
        tables: dict[str, list[dict[str, Any]]] = {}
        skipped = 0
        held_back = _self_decided(scopes, found.get("assessment", ()), me, own_unit, authors)
        for table, rows in found.items():
            kept: list[dict[str, Any]] = []
            for r in rows:
                row = {k: v for k, v in r.items() if k != VECTOR_FIELD}
                author = str(row.get("changed_by") or "")
                author_unit = own_unit if author == me else authors.unit(author)
                if (
                    author_unit is None
                    or scopes.assessment_of(table, row) in held_back
                    or not scopes.may_author(table, row, author_unit)
                ):
                    skipped += 1
                    continue
                # Nothing about other communes: a province sends a commune only what concerns it
                # (the query already chose these rows by the peer's units; checked again here).
                if not concerns(scopes, table, row, peer_unit):
                    continue
                digest = row_digest(table, row)
                sig = kept_signatures.get((table, str(row["id"])))
                usable = sig is not None and (sig.author, sig.change_seq, sig.digest) == (
                    author,
                    row.get("change_seq"),
                    digest,
                )
                if author == me:
                    if usable and sig is not None:
                        signature = sig.signature
                    else:
                        signature = sign_row(pairs.signing, table, row)
                        new_signatures.append(
                            RowSignature(
                                table,
                                str(row["id"]),
                                me,
                                int(row["change_seq"]),
                                digest,
                                signature,
                                True,
                            )
                        )
                elif (
                    usable
                    and sig is not None
                    and (sig.verified or authors.verify(author, table, row, sig.signature))
                ):
                    signature = sig.signature
                    if not sig.verified:
                        verified.append((table, str(row["id"])))
                else:
                    skipped += 1  # relayed without its author's proof: no office would take it
                    continue
                kept.append({**r, SIGNATURE_FIELD: signature})
            if kept:
                tables[table] = kept
    hashes = {
        str(r["sha256"])
        for t in ("evidence_revision", "document")
        for r in tables.get(t, ())
        if r.get("sha256")
    }
    blobs: dict[str, int] = {}
    for sha in sorted(hashes):
        try:
            blobs[sha] = ws.store.blobs.path_for(sha).stat().st_size
        except (OSError, ValueError):
            if "document" in tables and any(r.get("sha256") == sha for r in tables["document"]):
                continue  # a dossier PDF that was never stored here: metadata only
            raise UserError(
                _(
                    "The evidence file {sha} is missing from this data folder; run “anninh "
                    "check” and restore it before exporting."
                ).format(sha=sha[:12])
            ) from None
    return _Snapshot(upto, tables, blobs, skipped, new_signatures, verified)


def _self_decided(
    scopes: Scopes, rows: Sequence[dict[str, Any]], me: str, own_unit: str, authors: Authors
) -> set[str]:
    """Our own assessments in an appraiser's state (or decided) that no appraising office ever
    wrote: history this office recorded itself (the demo's earlier years, a move made around the
    command line's refusal). Every receiver would refuse it as new, so it stays here, with its
    results, documents and verdicts."""
    out: set[str] = set()
    for r in rows:
        if r.get("changed_by") != me:
            continue
        decided = r.get("state") in APPRAISER_STATES or any(
            r.get(k) not in (None, "") for k in DECISION_FIELDS
        )
        if not decided:
            continue
        unit = str(r.get("unit_id"))
        appraised = any(
            (u := authors.unit(i)) is not None and is_appraiser(u, unit, scopes.lookup)
            for i in r.get(VECTOR_FIELD, {})
        )
        if not appraised:
            out.add(str(r["id"]))
    return out


def export_package(
    ws: Workspace,
    peer_id: str,
    target_dir: Path,
    *,
    passphrase: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write one package for `peer_id` into `target_dir` (temp name, fsync, rename)."""
    ident = require_office(ws)
    peer = repo(ws).peer(peer_id)
    if peer is None or not peer.trusted:
        raise UserError(
            _("{peer} is not a trusted office; import and trust its card first.").format(
                peer=peer_id
            )
        )
    pairs = private_keys(ws)
    snap = _snapshot(ws, ident.office_unit_id, peer_id, peer.acked_seq, peer.office_unit_id)
    package_id = os.urandom(16).hex()
    entries: list[Entry] = []
    row_data: dict[str, bytes] = {}
    for table, rows in snap.tables.items():
        entry, data = rows_entry(table, rows)
        entries.append(entry)
        row_data[entry.name] = data
    entries.extend(blob_entry(sha, size) for sha, size in snap.blobs.items())
    manifest = Manifest(
        format=container.FORMAT,
        package_id=package_id,
        sender=ident.installation_id,
        recipient=peer_id,
        upto=snap.upto,
        since=peer.acked_seq,
        created_at=ws.clock().isoformat(),
        entries=tuple(entries),
        received=repo(ws).received_without_gap(peer_id),
        audit=audit_heads.claim(ws, peer_id),
    )
    header: dict[str, Any] = {
        "package_id": package_id,
        "sender": ident.installation_id,
        "recipient": peer_id,
    }
    if passphrase is None:
        key, sealing = container.seal_for_recipient(
            keys.encryption_public(peer.encryption_public),
            package_id,
            ident.installation_id,
            peer_id,
        )
    else:
        key, sealing = container.seal_with_passphrase(passphrase)
    header.update(sealing)

    name = f"anninh-{ws.clock().strftime('%Y%m%d-%H%M%S')}-{package_id[:8]}{PACKAGE_SUFFIX}"
    final = target_dir / name
    temp = target_dir / f"{name}.part"  # a killed export leaves only this; the next one removes it
    total = sum(e.stored_size for e in entries)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        if cancel is not None and cancel():
            raise Cancelled()
        done += n
        if progress is not None:
            progress(done, total)

    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target_dir, f"anninh-*{PACKAGE_SUFFIX}.part")
        with temp.open("wb") as out:
            writer = container.ContainerWriter(out, header, key, pairs.signing)
            writer.write(manifest_bytes(manifest))
            for entry in entries:
                if entry.kind == "rows":
                    writer.write(row_data[entry.name])
                    step(entry.stored_size)
                else:
                    _copy_blob(ws, entry, writer, step)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, final)
        _fsync_dir(target_dir)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UserError(
                _(
                    "Cannot write the package to {path}: {reason}. Check that the drive is "
                    "plugged in, writable and not full."
                ).format(path=target_dir, reason=exc.strerror or exc)
            ) from exc
        raise
    with transaction(ws.store.db):
        repo(ws).note_export(peer_id, snap.upto)
        audit_heads.note_sent(ws, manifest)
        relocation.note_at_home(ws)
        save_signatures(ws.store.db, snap.new_signatures)
        for table, row_id in snap.verified:
            mark_verified(ws.store.db, table, row_id)
    log.info("exported package %s for %s: %d entries", package_id, peer_id, len(entries))
    return ExportResult(
        path=final,
        package_id=package_id,
        peer_id=peer_id,
        since=peer.acked_seq,
        upto=snap.upto,
        rows={t: len(r) for t, r in snap.tables.items()},
        blobs=len(snap.blobs),
        size=final.stat().st_size,
        skipped=snap.skipped,
    )


def _copy_blob(
    ws: Workspace, entry: Entry, writer: container.ContainerWriter, step: Callable[[int], None]
) -> None:
    with ws.store.blobs.open(entry.sha256) as fh:
        left = entry.size
        while left > 0:
            piece = fh.read(min(COPY_CHUNK, left))
            if not piece:
                raise UserError(
                    _("The evidence file {sha} changed while exporting; try again.").format(
                        sha=entry.sha256[:12]
                    )
                )
            writer.write(piece)
            left -= len(piece)
            step(len(piece))


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
