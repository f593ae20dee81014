"""Backups of a data folder to any folder (a USB stick), taken while the program runs, and restore."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from anninh_desktop import __version__
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import system_clock
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore
from anninh_desktop.storage.backup_files import (
    UnreadableDatabaseFile,
    file_blob_hashes,
    file_integrity_problems,
    file_schema_version,
)
from anninh_desktop.storage.database import backup_copy, schema_version
from anninh_desktop.storage.migrations import LATEST_VERSION
from anninh_desktop.storage.store import BLOBS_DIR, DATABASE_NAME

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1

Progress = Callable[[int, int], None]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def backup(
    ws: Workspace,
    target: Path,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Copy the database (consistent snapshot) and its evidence files into a new folder in `target`.

    The folder gets its final name only when complete, so a pulled stick leaves no backup that
    looks whole.
    """
    now = ws.clock()
    name = f"anninh-backup-{now.strftime('%Y%m%d-%H%M%S')}"
    suffix = 1
    while (target / name).exists() or (target / f"{name}.part").exists():
        suffix += 1  # two backups in the same second get their own folders
        name = f"anninh-backup-{now.strftime('%Y%m%d-%H%M%S')}-{suffix}"
    final = target / name
    part = target / f"{name}.part"
    try:
        if part.exists():
            shutil.rmtree(part)
        part.mkdir(parents=True)
        backup_copy(ws.store.db, part / DATABASE_NAME)
        hashes = file_blob_hashes(part / DATABASE_NAME)
        copy = blobstore.BlobStore(part / BLOBS_DIR)
        total = len(hashes)
        for index, (sha256, _size) in enumerate(hashes, start=1):
            if cancel is not None and cancel():
                raise Cancelled()
            source = ws.store.blobs.path_for(sha256)
            stored = copy.import_file(source)
            if stored.sha256 != sha256:
                raise UserError(
                    _(
                        "Evidence file {sha} in the data folder is damaged; run “anninh check”"
                    ).format(sha=sha256[:12])
                )
            if progress is not None:
                progress(index, total)
        manifest = {
            "format": FORMAT,
            "program_version": __version__,
            "schema_version": schema_version(ws.store.db),
            "created_at": now.isoformat(),
            "installation": ws.store.installation,
            "database_sha256": _sha256_file(part / DATABASE_NAME),
            "blobs": total,
        }
        (part / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _fsync_tree(part)
        part.rename(final)
    except (Cancelled, UserError):
        shutil.rmtree(part, ignore_errors=True)
        raise
    except (blobstore.DiskFullError, blobstore.StoreWriteError) as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise _disk_error(OSError(exc.errno or 0, str(exc)), target) from exc
    except blobstore.SourceMissingError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise UserError(
            _("An evidence file is missing from the data folder; run “anninh check”")
        ) from exc
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise _disk_error(exc, target) from exc
    return final


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: str
    schema_version: int
    blobs: int


def verify_backup(folder: Path) -> BackupInfo:
    """Check a backup folder completely; UserError says what is wrong."""
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
    if int(manifest.get("format", 0)) > FORMAT or version > LATEST_VERSION:
        raise UserError(
            _(
                "The backup at {path} was made by a newer version of the program; update the "
                "program first"
            ).format(path=folder)
        )
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


def restore(data_dir: Path, folder: Path, *, now: datetime | None = None) -> Path | None:
    """Replace the data folder's database with a verified backup; the current one is kept aside.

    Returns where the previous database was moved (None when there was none). The store must not be
    open in this process.
    """
    info = verify_backup(folder)
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
        # Leave the data folder as it was: no half-copied database, no blobs of the failed restore.
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
