"""Writing evidence: items, revisions and links with their audit events, and the blob copy.

Shared by the import (evidence_import) and the edits (evidence_service); the callers decide what
to write, these functions only write it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import (
    Evidence,
    EvidenceLink,
    EvidenceRevision,
    FileCheck,
)
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore
from anninh_desktop.storage.meta import ChangeStamp


@dataclass(frozen=True)
class EvidenceMetadata:
    title: str
    kind: EvidenceKind = EvidenceKind.OTHER
    number: str = ""
    issue_date: date | None = None
    issuer: str = ""
    effective_date: date | None = None


def blob_error_message(path: Path, exc: Exception) -> str:
    err = getattr(exc, "errno", None) or getattr(getattr(exc, "__cause__", None), "errno", None)
    if isinstance(exc, blobstore.DiskFullError) or err == errno.ENOSPC:
        return _(
            "The disk of the data folder is full; nothing was added. Free some space and try again."
        )
    if isinstance(exc, blobstore.StoreWriteError):  # the source was read; the data folder failed
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return _("Cannot write {path}: {reason}").format(path=exc.path or path, reason=reason)
    if isinstance(exc, FileNotFoundError) or err == errno.ENOENT:
        return _("File not found: {path}").format(path=path)
    return _("Cannot read {path}: {reason}").format(path=path, reason=exc)


def store_blobs(
    ws: Workspace,
    paths: Sequence[Path],
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> list[blobstore.StoredBlob]:
    """Copy files into the blob store (hashing them), with the user's words for a failure."""
    try:
        return ws.store.blobs.import_files(list(paths), progress=progress, cancel=cancel)
    except blobstore.Cancelled as exc:
        raise Cancelled() from exc
    except (blobstore.BlobStoreError, OSError) as exc:
        where = Path(getattr(exc, "path", None) or (paths[0] if paths else "."))
        if isinstance(exc, (blobstore.SourceMissingError, FileNotFoundError)):
            raise UserError(_("File not found: {path}").format(path=where)) from exc
        raise UserError(blob_error_message(where, exc)) from exc


def result_id(ws: Workspace, assessment_id: str, ref: str) -> str:
    """The result row of a criterion, refusing a locked assessment or an unknown ref."""
    assessment = ws.store.assessments.get(assessment_id)
    if assessment.locked:
        raise UserError(_("This assessment is read-only; evidence links cannot change now"))
    results = ws.store.assessments.results(assessment_id)
    if ref not in results:
        raise UserError(_("“{ref}” is not a criterion to assess in this set").format(ref=ref))
    return results[ref].id


def new_revision(
    ws: Workspace,
    evidence_id: str,
    number: int,
    blob: blobstore.StoredBlob,
    filename: str,
    media_type: str,
    check: FileCheck,
    make_id: Callable[[], str],
) -> EvidenceRevision:
    return EvidenceRevision(
        id=make_id(),
        evidence_id=evidence_id,
        revision=number,
        sha256=blob.sha256,
        size=blob.size,
        filename=nfc(filename),
        media_type=media_type,
        added_at=ws.clock(),
        check=check,
    )


def write_item(
    ws: Workspace,
    unit_id: str,
    blob: blobstore.StoredBlob,
    filename: str,
    media_type: str,
    check: FileCheck,
    meta: EvidenceMetadata,
    targets: Sequence[str],
    make_id: Callable[[], str],
) -> Evidence:
    """A new item with its first revision, linked to the result ids `targets`."""
    store = ws.store
    unit = store.units.get(unit_id)
    evidence = Evidence(
        id=make_id(),
        unit_id=unit.id,
        title=nfc(meta.title.strip() or Path(filename).stem),
        kind=meta.kind,
        number=nfc(meta.number),
        issue_date=meta.issue_date,
        issuer=nfc(meta.issuer),
        effective_date=meta.effective_date,
    )
    revision = new_revision(ws, evidence.id, 1, blob, filename, media_type, check, make_id)
    # The blob is in place before the rows commit: a crash leaves at worst an unreferenced blob,
    # never a row pointing at a missing file.
    with store.change() as stamp:
        store.evidence.save(evidence, stamp)
        store.evidence.add_revision(revision, stamp)
        new = {"title": evidence.title, "sha256": blob.sha256, "file": Path(filename).name}
        if check.is_warning:
            new["check"] = check.value
        ws.record(stamp, "evidence.add", "evidence", evidence.id, None, new)
        for target in targets:
            write_link(ws, stamp, evidence.id, target, make_id)
    return evidence


def write_link(
    ws: Workspace, stamp: ChangeStamp, evidence_id: str, target: str, make_id: Callable[[], str]
) -> bool:
    """Link an item to a result id; False when it was linked already."""
    link = EvidenceLink(id=make_id(), evidence_id=evidence_id, result_id=target)
    if not ws.store.evidence.link(link, stamp):
        return False
    ws.record(
        stamp,
        "evidence.link",
        "evidence_link",
        link.id,
        None,
        {"evidence": evidence_id, "result": target},
    )
    return True
