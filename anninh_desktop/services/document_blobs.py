"""Copies of an assessment's PDFs (built or signed dossiers) in the blob store, so they travel.

Sync exports the blobs of the document rows it sends; a dossier whose PDF is only a file in
DATA/dossiers would arrive as a row without its file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.blobstore import BlobStoreError

log = logging.getLogger(__name__)


def keep_pdf_blob(ws: Workspace, path: Path, sha256: str) -> None:
    """Store a copy of the file under its SHA-256 (once); a failure only costs that copy."""
    if ws.store.blobs.exists(sha256):
        return
    try:
        stored = ws.store.blobs.import_file(path)
    except (BlobStoreError, OSError) as exc:
        log.warning("could not keep a copy of %s in the blob store: %s", path, exc)
        return
    if stored.sha256 != sha256:
        log.warning("%s changed while it was kept (%s, not %s)", path, stored.sha256, sha256)
