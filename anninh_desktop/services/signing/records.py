"""Keeping what verification found: in the document table, by the file's SHA-256."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.document_blobs import keep_pdf_blob
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.signing.verify_texts import overall_text
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.blobstore import BlobStoreError

log = logging.getLogger(__name__)

RECEIVED_KIND = "received"
RECEIVED_DIR = "received"  # in the data folder: PDFs written out from the blob store


def file_sha256(path: Path) -> str:
    """SHA-256 of a file (taken before it is signed in place, for `signed_from`)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_verification(
    ws: Workspace,
    path: Path,
    report: VerificationReport,
    *,
    kind: str = RECEIVED_KIND,
    signed_from: str | None = None,
) -> Document:
    """Store the report on the document with the same SHA-256, or as a new document.

    `signed_from`: the SHA-256 of the file this one was signed from (our dossier before its
    signature). A new document then takes that document's assessment, kind, number and year, so a
    signed dossier stays the assessment's dossier (and travels with it); else it is of `kind`.
    """
    store = ws.store
    origin = store.verifications.find_by_sha256(signed_from) if signed_from else None
    signatures = report.signatures_json()
    verdict = overall_text(report)
    existing = store.verifications.find_by_sha256(report.sha256)
    with store.change() as stamp:
        if existing is not None:
            store.verifications.record(
                existing.id,
                signatures=signatures,
                verification=verdict,
                verified_at=report.checked_at,
                stamp=stamp,
            )
            document = replace(
                existing,
                signatures=signatures,
                verification=verdict,
                verified_at=report.checked_at,
            )
        else:
            document = Document(
                id=new_id(),
                assessment_id=origin.assessment_id if origin else None,
                kind=origin.kind if origin else kind,
                number=origin.number if origin else "",
                year=origin.year if origin else report.checked_at.year,
                issuer=origin.issuer if origin else "",
                sha256=report.sha256,
                filename=nfc(path.name),
                created_at=report.checked_at,
                signatures=signatures,
                verification=verdict,
                verified_at=report.checked_at,
            )
            store.verifications.add_document(document, stamp)
        ws.record(
            stamp,
            "document.verify",
            "document",
            document.id,
            None,
            {"sha256": report.sha256, "ok": report.ok, "signatures": len(report.signatures)},
        )
    if document.assessment_id is not None:
        keep_pdf_blob(ws, path, report.sha256)
    return document


def document_file(ws: Workspace, document_id: str, folder: Path | None = None) -> Path:
    """Write the PDF of a document (e.g. a dossier received with an assessment) to a file, for
    verification or reading: `<folder or data folder/received>/<its file name>`."""
    document = ws.store.documents.get(document_id)
    if document is None:
        raise UserError(_("This document is no longer in the data folder."))
    if not document.sha256 or not ws.store.blobs.exists(document.sha256):
        raise UserError(
            _(
                "The file of “{name}” did not come with the data; ask the sending office to "
                "build or sign it again and export."
            ).format(name=document.filename)
        )
    out_dir = folder if folder is not None else ws.root / RECEIVED_DIR
    name = Path(document.filename).name or f"{document.sha256[:16]}.pdf"
    target = out_dir / name
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".~", suffix=".part", dir=out_dir)
        try:
            with os.fdopen(handle, "wb") as out, ws.store.blobs.open(document.sha256) as src:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, target)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    except (BlobStoreError, OSError) as exc:
        log.warning("writing document %s to %s failed: %s", document_id, target, exc)
        raise UserError(
            _("Could not write {path}: {reason}").format(
                path=target, reason=getattr(exc, "strerror", None) or exc
            )
        ) from exc
    return target
