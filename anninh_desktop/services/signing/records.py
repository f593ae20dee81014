"""Keeping what verification found: in the document table, by the file's SHA-256."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.signing.verify_texts import overall_text
from anninh_desktop.services.workspace import Workspace

RECEIVED_KIND = "received"


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
    return document
