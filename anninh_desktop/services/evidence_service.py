"""Adding evidence files (stored once by content), new revisions, and links to criteria."""

from __future__ import annotations

import errno
import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import Evidence, EvidenceLink, EvidenceRevision
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore


@dataclass(frozen=True)
class EvidenceMetadata:
    title: str
    kind: EvidenceKind = EvidenceKind.OTHER
    number: str = ""
    issue_date: date | None = None
    issuer: str = ""
    effective_date: date | None = None


def _store_blob(
    ws: Workspace,
    path: Path,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> blobstore.StoredBlob:
    try:
        return ws.store.blobs.import_file(path, progress=progress, cancel=cancel)
    except blobstore.Cancelled as exc:
        raise Cancelled() from exc
    except (FileNotFoundError, blobstore.SourceMissingError) as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except blobstore.BlobStoreError as exc:
        raise UserError(_blob_error_message(path, exc)) from exc
    except OSError as exc:
        raise UserError(_blob_error_message(path, exc)) from exc


def _blob_error_message(path: Path, exc: Exception) -> str:
    err = getattr(exc, "errno", None) or getattr(getattr(exc, "__cause__", None), "errno", None)
    if isinstance(exc, blobstore.DiskFullError) or err == errno.ENOSPC:
        return _(
            "The disk of the data folder is full; nothing was added. Free some space and try again."
        )
    if isinstance(exc, FileNotFoundError) or err == errno.ENOENT:
        return _("File not found: {path}").format(path=path)
    return _("Cannot read {path}: {reason}").format(path=path, reason=exc)


def add_content(
    ws: Workspace,
    unit_id: str,
    data: bytes,
    filename: str,
    meta: EvidenceMetadata,
    *,
    link_to: Sequence[tuple[str, str]] = (),
    ids: Callable[[], str] | None = None,
) -> Evidence:
    """Store bytes made by the program (demo files, generated documents) as a new evidence item."""
    try:
        blob = ws.store.blobs.import_bytes(data)
    except (blobstore.BlobStoreError, OSError) as exc:
        raise UserError(_blob_error_message(Path(filename), exc)) from exc
    return _add_rows(ws, unit_id, blob, Path(filename), meta, link_to, ids or new_id)


def add_file(
    ws: Workspace,
    unit_id: str,
    path: Path,
    meta: EvidenceMetadata,
    *,
    link_to: Sequence[tuple[str, str]] = (),
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    ids: Callable[[], str] | None = None,
) -> Evidence:
    """Store a file as a new evidence item, linked to (assessment id, criterion ref) pairs."""
    for assessment_id, ref in link_to:  # refuse before copying anything
        _result_id(ws, assessment_id, ref)
    blob = _store_blob(ws, path, progress, cancel)
    return _add_rows(ws, unit_id, blob, path, meta, link_to, ids or new_id)


def add_files(
    ws: Workspace,
    unit_id: str,
    paths: Sequence[Path],
    *,
    kind: EvidenceKind = EvidenceKind.OTHER,
    link_to: Sequence[tuple[str, str]] = (),
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    ids: Callable[[], str] | None = None,
) -> list[Evidence]:
    """Add many files at once (a scanner's folder): one item each, titled by file name.

    The files are copied in one pipelined batch (see BlobStore.import_files); the rows are written in
    one transaction after every blob is durable, so a cancel or error adds nothing.
    """
    for assessment_id, ref in link_to:
        _result_id(ws, assessment_id, ref)
    try:
        blobs = ws.store.blobs.import_files(list(paths), progress=progress, cancel=cancel)
    except blobstore.Cancelled as exc:
        raise Cancelled() from exc
    except (blobstore.BlobStoreError, OSError) as exc:
        where = Path(getattr(exc, "path", None) or (paths[0] if paths else "."))
        if isinstance(exc, blobstore.SourceMissingError):
            raise UserError(_("File not found: {path}").format(path=where)) from exc
        raise UserError(_blob_error_message(where, exc)) from exc
    make_id = ids or new_id
    items: list[Evidence] = []
    with ws.store.change():
        for path, blob in zip(paths, blobs, strict=True):
            meta = EvidenceMetadata(title=path.stem, kind=kind)
            items.append(_add_rows(ws, unit_id, blob, path, meta, link_to, make_id))
    return items


def _add_rows(
    ws: Workspace,
    unit_id: str,
    blob: blobstore.StoredBlob,
    path: Path,
    meta: EvidenceMetadata,
    link_to: Sequence[tuple[str, str]],
    make_id: Callable[[], str],
) -> Evidence:
    store = ws.store
    unit = store.units.get(unit_id)
    targets = [_result_id(ws, a, ref) for a, ref in link_to]
    evidence = Evidence(
        id=make_id(),
        unit_id=unit.id,
        title=nfc(meta.title.strip() or path.stem),
        kind=meta.kind,
        number=nfc(meta.number),
        issue_date=meta.issue_date,
        issuer=nfc(meta.issuer),
        effective_date=meta.effective_date,
    )
    revision = _revision(ws, evidence.id, 1, blob, path, make_id)
    # The blob is in place before the rows commit: a crash leaves at worst an unreferenced blob,
    # never a row pointing at a missing file.
    with store.change() as stamp:
        store.evidence.save(evidence, stamp)
        store.evidence.add_revision(revision, stamp)
        ws.record(
            stamp,
            "evidence.add",
            "evidence",
            evidence.id,
            None,
            {"title": evidence.title, "sha256": blob.sha256, "file": path.name},
        )
        for result_id in targets:
            link = EvidenceLink(id=make_id(), evidence_id=evidence.id, result_id=result_id)
            if store.evidence.link(link, stamp):
                ws.record(
                    stamp,
                    "evidence.link",
                    "evidence_link",
                    link.id,
                    None,
                    {"evidence": evidence.id, "result": result_id},
                )
    return evidence


def _revision(
    ws: Workspace,
    evidence_id: str,
    number: int,
    blob: blobstore.StoredBlob,
    path: Path,
    make_id: Callable[[], str],
) -> EvidenceRevision:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return EvidenceRevision(
        id=make_id(),
        evidence_id=evidence_id,
        revision=number,
        sha256=blob.sha256,
        size=blob.size,
        filename=nfc(path.name),
        media_type=media_type,
        added_at=ws.clock(),
    )


def add_revision(ws: Workspace, evidence_id: str, path: Path, **kwargs: Any) -> EvidenceRevision:
    """A new file for an existing item; earlier revisions stay as they were."""
    store = ws.store
    evidence = store.evidence.get(evidence_id)
    blob = _store_blob(ws, path, kwargs.get("progress"), kwargs.get("cancel"))
    latest = store.evidence.latest_revision(evidence.id)
    number = (latest.revision if latest else 0) + 1
    revision = _revision(ws, evidence.id, number, blob, path, kwargs.get("ids") or new_id)
    with store.change() as stamp:
        store.evidence.add_revision(revision, stamp)
        ws.record(
            stamp,
            "evidence.revision",
            "evidence",
            evidence.id,
            None,
            {"revision": number, "sha256": blob.sha256},
        )
    return revision


def _result_id(ws: Workspace, assessment_id: str, ref: str) -> str:
    assessment = ws.store.assessments.get(assessment_id)
    if assessment.locked:
        raise UserError(_("This assessment is read-only; evidence links cannot change now"))
    results = ws.store.assessments.results(assessment_id)
    if ref not in results:
        raise UserError(_("“{ref}” is not a criterion to assess in this set").format(ref=ref))
    return results[ref].id


def link(
    ws: Workspace,
    evidence_id: str,
    assessment_id: str,
    ref: str,
    ids: Callable[[], str] | None = None,
) -> bool:
    result_id = _result_id(ws, assessment_id, ref)
    store = ws.store
    store.evidence.get(evidence_id)
    item = EvidenceLink(id=(ids or new_id)(), evidence_id=evidence_id, result_id=result_id)
    with store.change() as stamp:
        added = store.evidence.link(item, stamp)
        if added:
            ws.record(
                stamp,
                "evidence.link",
                "evidence_link",
                item.id,
                None,
                {"evidence": evidence_id, "result": result_id},
            )
    return added


def unlink(ws: Workspace, evidence_id: str, assessment_id: str, ref: str) -> bool:
    result_id = _result_id(ws, assessment_id, ref)
    with ws.store.change() as stamp:
        removed = ws.store.evidence.unlink(evidence_id, result_id, stamp)
        if removed:
            ws.record(
                stamp,
                "evidence.unlink",
                "evidence_link",
                evidence_id,
                {"evidence": evidence_id, "result": result_id},
                None,
            )
    return removed
