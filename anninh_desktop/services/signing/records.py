"""Keeping what verification found: in the document table, by the file's SHA-256."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.signing.verify_texts import overall_text
from anninh_desktop.services.workspace import Workspace

RECEIVED_KIND = "received"


def record_verification(
    ws: Workspace, path: Path, report: VerificationReport, *, kind: str = RECEIVED_KIND
) -> Document:
    """Store the report on the document with the same SHA-256, or as a new document of `kind`."""
    store = ws.store
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
                assessment_id=None,
                kind=kind,
                number="",
                year=report.checked_at.year,
                issuer="",
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
