"""Moving a verified, staged blob (already in the blob store's temp folder) into its place."""

from __future__ import annotations

import os
from pathlib import Path

from anninh_desktop.storage.blobstore import BlobStore


def adopt_blob(blobs: BlobStore, staged: Path, sha256: str) -> None:
    """fsync the staged file and rename it to `blobs/<2 hex>/<sha256>` (same file system).

    The same order as the blob store's imports: the bytes are on the disk before the name, the
    name before this returns (the shard folder fsynced, and the root when the folder is new).
    """
    target = blobs.path_for(sha256)
    if target.exists():
        staged.unlink(missing_ok=True)
        return
    fd = os.open(
        staged, os.O_RDWR | getattr(os, "O_BINARY", 0)
    )  # Windows flushes only writable handles
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    shard = target.parent
    new_shard = not shard.is_dir()
    shard.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)
    if os.name != "nt":
        for folder in (shard, blobs.root) if new_shard else (shard,):
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
