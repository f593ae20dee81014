"""Backups of a data folder to any folder (a USB stick), taken while the program runs, and restore.

A backup is one encrypted, signed file (`anninh-backup-….anbak`, services/backup_file.py) holding
the database, the evidence files, this office's sync identity and keys, and its settings: everything
to carry on after a disk failure, and nothing readable on a lost stick. It is written under a
`.part` name and renamed when whole; the next backup into the same folder removes a `.part` a killed
run left. Restore on a new PC asks what the restored folder is: the office's PC **replaced** (same
identity: the other offices need nothing; its change counter jumps ahead so that what it writes
from now on is newer than anything the lost PC wrote) or a **copy** beside a PC still in use (its
own identity; the other offices import its new card). Backups in the older folder format (no
keys, not encrypted) still restore. See docs/sync.md, "Backups".
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from anninh_desktop import __version__
from anninh_desktop.i18n import _
from anninh_desktop.services import backup_file
from anninh_desktop.services.backup_file import (
    DATABASE,
    FILE_ROOTS,
    SUFFIX,
    BackupEntry,
    BackupManifest,
    BackupReader,
    BackupWriter,
)
from anninh_desktop.services.clock import system_clock
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.maintenance import backup_catalog
from anninh_desktop.services.partial_files import remove_stale_parts
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore
from anninh_desktop.storage.backup_files import (
    UnreadableDatabaseFile,
    file_blob_hashes,
    file_integrity_problems,
    file_referenced_blobs,
    file_schema_version,
    file_sync_identity,
    fold_write_ahead_log,
)
from anninh_desktop.storage.database import backup_copy, schema_version
from anninh_desktop.storage.migrations import LATEST_VERSION
from anninh_desktop.storage.store import BLOBS_DIR, DATABASE_NAME

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"  # of the older folder format
FORMAT = 1
NAME_PREFIX = "anninh-backup-"
PART_SUFFIX = ".part"
SNAPSHOT = "backup-snapshot.part"  # in the data folder while a backup runs
COUNTER_JUMP = 1 << 32

Progress = Callable[[int, int], None]
Mode = Literal["replace", "copy"]


def _sha256_file(path: Path) -> str:
    return backup_file.sha256_of(path)


def _disk_error(exc: OSError, where: Path) -> UserError:
    if exc.errno == 28:  # ENOSPC
        return UserError(
            _(
                "The disk at {path} is full; the backup was not made. Free some space or use "
                "another drive."
            ).format(path=where)
        )
    return UserError(
        _(
            "Cannot write to {path}: {reason}. Check that the drive is plugged in and writable."
        ).format(path=where, reason=exc.strerror or exc)
    )


def _settings_files(root: Path) -> list[str]:
    out: list[str] = []
    for name in FILE_ROOTS:
        if name.endswith("/"):
            folder = root / name.rstrip("/")
            if folder.is_dir():
                out.extend(
                    p.relative_to(root).as_posix()
                    for p in sorted(folder.rglob("*"))
                    if p.is_file() and not p.name.endswith(PART_SUFFIX)
                )
        elif (root / name).is_file():
            out.append(name)
    return [n for n in out if backup_file.allowed_name(n)]


def backup(
    ws: Workspace,
    target: Path,
    *,
    passphrase: str,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Write one encrypted backup file of the data folder into `target`; its path."""
    if not passphrase:
        raise UserError(_("A backup needs a passphrase: without it, anyone could read it."))
    from anninh_desktop.services.sync import keys as sync_keys

    now = ws.clock()
    root = ws.root
    stamp = now.strftime("%Y%m%d-%H%M%S")
    name = f"{NAME_PREFIX}{stamp}{SUFFIX}"
    suffix = 1
    while (target / name).exists() or (target / f"{name}{PART_SUFFIX}").exists():
        suffix += 1  # two backups in the same second get their own files
        name = f"{NAME_PREFIX}{stamp}-{suffix}{SUFFIX}"
    final = target / name
    part = target / f"{name}{PART_SUFFIX}"
    snapshot = root / SNAPSHOT
    remove_stale_parts(root, SNAPSHOT)
    try:
        target.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target, f"{NAME_PREFIX}*{PART_SUFFIX}")
        backup_copy(ws.store.db, snapshot)
        pairs = sync_keys.load(root)
        signing = pairs.signing if pairs is not None else sync_keys.generate().signing
        entries = [
            BackupEntry(DATABASE, "database", snapshot.stat().st_size, _sha256_file(snapshot))
        ]
        for rel in _settings_files(root):
            path = root / rel
            entries.append(BackupEntry(rel, "file", path.stat().st_size, _sha256_file(path)))
        blobs = [sha for sha in file_referenced_blobs(snapshot) if ws.store.blobs.exists(sha)]
        for sha in blobs:
            size = ws.store.blobs.path_for(sha).stat().st_size
            entries.append(BackupEntry(f"blobs/{sha}", "blob", size, sha))
        manifest = BackupManifest(
            now.isoformat(), schema_version(ws.store.db), ws.store.installation, tuple(entries)
        )
        header = {
            "backup_format": FORMAT,
            "created_at": now.isoformat(),
            "schema_version": manifest.schema_version,
            "program_version": __version__,
            "backup_id": secrets.token_hex(8),
        }
        total = sum(e.size for e in entries)
        done = 0

        def step(n: int) -> None:
            nonlocal done
            if cancel is not None and cancel():
                raise Cancelled()
            done += n
            if progress is not None:
                progress(done, total)

        with part.open("wb") as out:
            writer = BackupWriter(out, manifest, passphrase, signing, header)
            for entry in entries:
                if entry.kind == "blob":
                    source = ws.store.blobs.path_for(entry.sha256)
                elif entry.kind == "database":
                    source = snapshot
                else:
                    source = root / entry.name
                try:
                    with source.open("rb") as fh:
                        writer.copy(fh, entry, step)
                except ValueError as exc:
                    raise UserError(
                        _(
                            "Evidence file {sha} in the data folder is damaged; run “anninh check”"
                        ).format(sha=entry.sha256[:12])
                        if entry.kind == "blob"
                        else _("{name} changed while it was backed up; try again.").format(
                            name=entry.name
                        )
                    ) from exc
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, blobstore.SourceMissingError | FileNotFoundError) and not isinstance(
            exc, UserError
        ):
            raise UserError(
                _("An evidence file is missing from the data folder; run “anninh check”")
            ) from exc
        if isinstance(exc, OSError):
            raise _disk_error(exc, target) from exc
        raise
    finally:
        snapshot.unlink(missing_ok=True)
    log.info("backup written to %s (%d entries)", final, len(entries))
    try:
        backup_catalog.record_backup(ws, now, final)
    except Exception:  # the backup is whole; only the reminder's date is missing
        log.exception("cannot record the backup's time")
    return final


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    schema_version: int
    blobs: int
    has_identity: bool = False


def _stepper(
    total: int, progress: Progress | None, cancel: Callable[[], bool] | None
) -> Callable[[int], None]:
    """Counts bytes read; stops the work (Cancelled) when asked, before the next entry."""
    done = 0

    def step(n: int) -> None:
        nonlocal done
        if cancel is not None and cancel():
            raise Cancelled()
        done += n
        if progress is not None:
            progress(done, total)

    return step


def verify_backup(
    path: Path,
    passphrase: str | None = None,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> BackupInfo:
    """Check a backup completely (every chunk, every entry's hash); writes nothing."""
    if path.is_dir():
        return _verify_folder(path)
    if passphrase is None:
        raise UserError(
            _("The backup {path} is protected with a passphrase; give it.").format(path=path)
        )
    reader = BackupReader(path, passphrase)
    try:
        _check_version(reader.manifest.schema_version, path)
        step = _stepper(sum(e.size for e in reader.manifest.entries), progress, cancel)
        for entry, copy in reader.entries():
            step(0)
            copy(None)
            step(entry.size)
    finally:
        reader.close()
    m = reader.manifest
    return BackupInfo(
        path,
        m.created_at,
        m.schema_version,
        sum(1 for e in m.entries if e.kind == "blob"),
        any(e.name == "sync/keys.json" for e in m.entries),
    )


def _check_version(version: int, path: Path) -> None:
    if version > LATEST_VERSION:
        raise UserError(
            _(
                "The backup at {path} was made by a newer version of the program; update the "
                "program first"
            ).format(path=path)
        )


@dataclass(frozen=True)
class RestoreResult:
    kept: list[Path]  # what was in the data folder before, moved aside
    identity: Literal["none", "replaced", "copy"]
    office_name: str = ""

    @property
    def kept_database(self) -> Path | None:
        return next((p for p in self.kept if p.name.startswith(f"{DATABASE_NAME}.")), None)


def restore(
    data_dir: Path,
    path: Path,
    *,
    passphrase: str | None = None,
    mode: Mode | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> RestoreResult:
    """Restore a backup into `data_dir` (the store must not be open in this process).

    Everything is read, checked and staged in the data folder first; only then is what was there
    moved aside (`….before-restore-STAMP`) and the backup put in place. A backup of an office with
    a sync identity needs `mode`: "replace" (this PC replaces the lost one) or "copy".
    """
    if path.is_dir():
        kept = _restore_folder(data_dir, path, now=now)
        return RestoreResult([kept] if kept else [], "none")
    if passphrase is None:
        raise UserError(
            _("The backup {path} is protected with a passphrase; give it.").format(path=path)
        )
    stamp = (now or system_clock()).strftime("%Y%m%d-%H%M%S")
    created = not data_dir.exists()
    staging = data_dir / f".restoring-{secrets.token_hex(4)}"
    staged_blobs: list[tuple[Path, str]] = []
    blobs = blobstore.BlobStore(data_dir / BLOBS_DIR)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(data_dir, ".restoring-*")
        staging.mkdir()
        reader = BackupReader(path, passphrase)
        try:
            _check_version(reader.manifest.schema_version, path)
            step = _stepper(sum(e.size for e in reader.manifest.entries), progress, cancel)
            for entry, copy in reader.entries():
                step(0)  # a cancel stops here, before anything in the data folder changed
                if entry.kind == "blob" and blobs.exists(entry.sha256):
                    copy(None)
                    step(entry.size)
                    continue
                if entry.kind == "blob":
                    blobs.temp_dir.mkdir(parents=True, exist_ok=True)
                    target = blobs.temp_dir / f"restore-{entry.sha256}{PART_SUFFIX}"
                    staged_blobs.append((target, entry.sha256))
                else:
                    target = staging / entry.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    copy(out)
                    out.flush()
                    os.fsync(out.fileno())
                step(entry.size)
        finally:
            reader.close()
        keys_file = staging / "sync" / "keys.json"
        if keys_file.exists():
            _check_signer(keys_file, reader.header, path)
        db = staging / DATABASE
        try:
            if file_schema_version(db) != reader.manifest.schema_version or file_integrity_problems(
                db
            ):
                raise backup_file.damaged(path)
            identity = file_sync_identity(db)
        except UnreadableDatabaseFile as exc:
            raise backup_file.damaged(path) from exc
        if identity is not None and mode is None:
            raise UserError(
                _(
                    "This backup holds the sync identity of {office}. Say what this computer is: "
                    "it replaces the office's old computer (the same identity; the other offices "
                    "need nothing), or it is a copy beside a computer still in use (its own "
                    "identity; the other offices import its new card)."
                ).format(office=identity[0] or identity[1][:8])
            )
        kept = _swap_in(data_dir, staging, stamp)
        for staged, sha in staged_blobs:
            _adopt(blobs, staged, sha)
        staged_blobs.clear()
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        for staged, _sha in staged_blobs:
            staged.unlink(missing_ok=True)
        if created:
            shutil.rmtree(data_dir, ignore_errors=True)
        if isinstance(exc, OSError | blobstore.BlobStoreError):
            err = getattr(exc, "errno", None)
            if isinstance(exc, blobstore.DiskFullError) or err == 28:
                raise UserError(
                    _(
                        "The disk of the data folder {path} is full; nothing was restored. Free "
                        "some space and try again."
                    ).format(path=data_dir)
                ) from exc
            raise UserError(
                _("Cannot restore into {path}: {reason}").format(path=data_dir, reason=exc)
            ) from exc
        raise
    shutil.rmtree(staging, ignore_errors=True)
    result = RestoreResult(kept, "none")
    if identity is not None and mode is not None:
        result = _take_identity(data_dir, mode, identity[0], kept)
    log.info("restored %s from %s (%s; kept %s)", data_dir, path, result.identity, kept)
    return result


def _check_signer(keys_file: Path, header: dict[str, object], path: Path) -> None:
    """The backup is signed with the key it holds: else it was made again by someone else
    (who knew the passphrase) around another office's keys."""
    from anninh_desktop.services.sync import keys as sync_keys

    try:
        pairs = sync_keys.load(keys_file.parent.parent)
    except UserError as exc:
        raise backup_file.damaged(path) from exc
    if pairs is None or pairs.signing_public_hex != header.get("signing_public"):
        raise UserError(
            _(
                "The backup {path} was changed after it was made (it is not signed by the office "
                "whose keys it holds); nothing was restored."
            ).format(path=path)
        )


def _swap_in(data_dir: Path, staging: Path, stamp: str) -> list[Path]:
    """Put the staged backup in place, what was there kept aside (`….before-restore-STAMP`).

    Each file is swapped by one atomic rename over the old one, which was first given its aside
    name too (a hard link, or a copy): killed at any moment, every file is whole, old or new. The
    database goes last, after its write-ahead log was folded into it.
    """
    kept: list[Path] = []
    moves = [p.relative_to(staging) for p in sorted(staging.rglob("*")) if p.is_file()]
    moves.sort(key=lambda rel: rel.as_posix() == DATABASE)  # the database last
    for rel in moves:
        dest = data_dir / rel
        if dest.exists():
            if rel.as_posix() == DATABASE:
                _fold_wal(dest)
            aside = dest.with_name(f"{dest.name}.before-restore-{stamp}")
            _keep_aside(dest, aside)
            kept.append(aside)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, dest)
        if rel.as_posix() == DATABASE:
            for side in ("-wal", "-shm"):  # the old database's, empty now: never the new one's
                (data_dir / f"{DATABASE_NAME}{side}").unlink(missing_ok=True)
    return kept


def _keep_aside(path: Path, aside: Path) -> None:
    try:
        os.link(path, aside)
    except OSError:
        shutil.copy2(path, aside)


def _fold_wal(db: Path) -> None:
    """Fold a database's write-ahead log into it (best effort: a damaged file stays as it is,
    with its log kept aside beside it)."""
    if not fold_write_ahead_log(db):
        log.warning("could not fold the write-ahead log of %s", db)
    for side in ("-wal", "-shm"):
        extra = db.with_name(f"{db.name}{side}")
        if extra.exists() and extra.stat().st_size > 0:
            _keep_aside(extra, db.with_name(f"{db.name}.before-restore{side}"))


def _adopt(blobs: blobstore.BlobStore, staged: Path, sha: str) -> None:
    from anninh_desktop.storage.sync_blobs import adopt_blob

    adopt_blob(blobs, staged, sha)


def _take_identity(data_dir: Path, mode: Mode, office: str, kept: list[Path]) -> RestoreResult:
    """The restored office's identity: the same (this PC replaces the lost one) or its own."""
    from anninh_desktop.services.sync import identity, relocation
    from anninh_desktop.services.workspace import open_workspace
    from anninh_desktop.storage.sync_rows import jump_counter

    ws = open_workspace(data_dir)  # applies migrations when the backup is older
    try:
        if mode == "copy":
            identity.new_installation_id_for_copy(ws)
            return RestoreResult(kept, "copy", office)
        with ws.store.change() as stamp:
            counter = jump_counter(ws.store.db, COUNTER_JUMP)
            ws.record(
                stamp,
                "backup.restore",
                "installation",
                ws.store.installation,
                None,
                {"mode": "replace", "counter": counter},
            )
        relocation.confirm_moved(ws)
        return RestoreResult(kept, "replaced", office)
    finally:
        ws.close()


# ---------------------------------------------------------------- the older folder format


def _verify_folder(folder: Path) -> BackupInfo:
    """Check a backup folder (older format) completely; UserError says what is wrong."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise UserError(
            _("{path} is not a complete backup (no manifest); it may have been interrupted").format(
                path=folder
            )
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        version = int(manifest["schema_version"])
        expected_db = str(manifest["database_sha256"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(
            _("The backup at {path} is damaged (manifest)").format(path=folder)
        ) from exc
    if int(manifest.get("format", 0)) > FORMAT:
        version = LATEST_VERSION + 1
    _check_version(version, folder)
    db_path = folder / DATABASE_NAME
    if not db_path.is_file() or _sha256_file(db_path) != expected_db:
        raise UserError(
            _("The backup at {path} is damaged: its database does not match the manifest").format(
                path=folder
            )
        )
    try:
        if file_schema_version(db_path) != version or file_integrity_problems(db_path):
            raise UserError(_("The backup at {path} is damaged (database)").format(path=folder))
        hashes = file_blob_hashes(db_path)
    except UnreadableDatabaseFile as exc:
        raise UserError(
            _("The backup at {path} is damaged (database)").format(path=folder)
        ) from exc
    blobs = blobstore.BlobStore(folder / BLOBS_DIR)
    for sha256, _size in hashes:
        if not blobs.exists(sha256) or not blobs.verify(sha256):
            raise UserError(
                _(
                    "The backup at {path} is damaged: evidence file {sha} is missing or changed"
                ).format(path=folder, sha=sha256[:12])
            )
    return BackupInfo(folder, str(manifest.get("created_at", "")), version, len(hashes))


def _restore_folder(data_dir: Path, folder: Path, *, now: datetime | None = None) -> Path | None:
    """Replace the data folder's database with a verified older-format backup; the current one is
    kept aside. Returns where the previous database was moved (None when there was none)."""
    info = _verify_folder(folder)
    stamp = (now or system_clock()).strftime("%Y%m%d-%H%M%S")
    data_dir.mkdir(parents=True, exist_ok=True)
    current = data_dir / DATABASE_NAME
    kept: Path | None = None
    incoming = data_dir / f"{DATABASE_NAME}.restoring"
    blobs = blobstore.BlobStore(data_dir / BLOBS_DIR)
    source_blobs = blobstore.BlobStore(folder / BLOBS_DIR)
    added: list[Path] = []
    try:
        shutil.copyfile(info.path / DATABASE_NAME, incoming)
        for sha256, _size in file_blob_hashes(incoming):
            if not blobs.exists(sha256):
                blobs.import_file(source_blobs.path_for(sha256))
                added.append(blobs.path_for(sha256))
    except (OSError, blobstore.BlobStoreError) as exc:
        incoming.unlink(missing_ok=True)
        for path in added:
            path.unlink(missing_ok=True)
        err = getattr(exc, "errno", None)
        if isinstance(exc, blobstore.DiskFullError) or err == 28:
            raise UserError(
                _(
                    "The disk of the data folder {path} is full; nothing was restored. Free some "
                    "space and try again."
                ).format(path=data_dir)
            ) from exc
        raise UserError(
            _("Cannot restore into {path}: {reason}").format(path=data_dir, reason=exc)
        ) from exc
    if current.exists():
        kept = data_dir / f"{DATABASE_NAME}.before-restore-{stamp}"
        current.rename(kept)
        for suffix in ("-wal", "-shm"):
            side = data_dir / f"{DATABASE_NAME}{suffix}"
            if side.exists():
                side.rename(data_dir / f"{kept.name}{suffix}")
    incoming.rename(current)
    log.info("restored %s from %s (previous database kept at %s)", current, folder, kept)
    return kept


__all__ = ["BackupInfo", "RestoreResult", "backup", "restore", "verify_backup"]
