"""Adding evidence files (stored once by content), new revisions, and links to criteria."""

from __future__ import annotations

import errno
import logging
import mimetypes
import os
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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

log = logging.getLogger(__name__)


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
    if isinstance(exc, blobstore.StoreWriteError):  # the source was read; the data folder failed
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return _("Cannot write {path}: {reason}").format(path=exc.path or path, reason=reason)
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
    kind_for: Callable[[Path], EvidenceKind] | None = None,
) -> list[Evidence]:
    """Add many files at once (a scanner's folder): one item each, titled by file name.

    The files are copied in one pipelined batch (see BlobStore.import_files); the rows are written in
    one transaction after every blob is durable, so a cancel or error adds nothing. `kind_for`, when
    given, picks each file's kind (e.g. `guess_kind`) instead of `kind`.
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
            meta = EvidenceMetadata(title=path.stem, kind=kind_for(path) if kind_for else kind)
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


# ----------------------------------------------------------------------- files from the user

_IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif"}
)
_SHEET_SUFFIXES = frozenset({".xls", ".xlsx", ".ods", ".csv"})
# Files a file manager or an office program leaves in folders; never evidence.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
_HIDDEN_OR_SYSTEM = 0x2 | 0x4  # FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM (Windows)


def guess_kind(path: Path) -> EvidenceKind:
    """The kind a new item probably is, from its file name: images are photos."""
    suffix = path.suffix.lower()
    if suffix in _IMAGE_SUFFIXES:
        return EvidenceKind.PHOTO
    if suffix in _SHEET_SUFFIXES:
        return EvidenceKind.STATISTICS
    return EvidenceKind.OTHER


def _hidden(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name.startswith((".", "~$", "$")) or name.lower() in _JUNK_NAMES:
        return True
    attributes = getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
    return bool(attributes & _HIDDEN_OR_SYSTEM)


def _walk(folder: Path, found: list[Path]) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        raise UserError(_blob_error_message(folder, exc)) from exc
    for entry in entries:
        if _hidden(entry):
            continue
        if entry.is_dir(follow_symlinks=False):
            _walk(Path(entry.path), found)
        elif entry.is_file(follow_symlinks=True):
            found.append(Path(entry.path))


def collect_files(paths: Sequence[Path]) -> list[Path]:
    """The files to import for what the user chose or dropped: folders are searched recursively.

    Hidden and system files inside folders (thumbnail caches, office lock files) are skipped;
    files named one by one are kept as given. Each file appears once, in the order found.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            _walk(path, found)
        elif path.is_file():
            found.append(path)
        else:
            raise UserError(_("File not found: {path}").format(path=path))
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


# ----------------------------------------------------------------------------- metadata


def update_metadata(ws: Workspace, evidence_id: str, meta: EvidenceMetadata) -> Evidence:
    """Change an item's title, kind, number, dates and issuer; unchanged metadata writes nothing."""
    store = ws.store
    old = store.evidence.get(evidence_id)
    title = nfc(meta.title.strip())
    if not title:
        raise UserError(_("An evidence item needs a title."))
    new = replace(
        old,
        title=title,
        kind=meta.kind,
        number=nfc(meta.number.strip()),
        issue_date=meta.issue_date,
        issuer=nfc(meta.issuer.strip()),
        effective_date=meta.effective_date,
    )
    if new == old:
        return old
    fields = ("title", "kind", "number", "issue_date", "issuer", "effective_date")
    changed = [f for f in fields if getattr(old, f) != getattr(new, f)]
    with store.change() as stamp:
        store.evidence.update(new, stamp)
        ws.record(
            stamp,
            "evidence.edit",
            "evidence",
            evidence_id,
            {f: _audit_value(getattr(old, f)) for f in changed},
            {f: _audit_value(getattr(new, f)) for f in changed},
        )
    return new


def _audit_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, EvidenceKind):
        return value.value
    return value


# -------------------------------------------------------------------------- links, read side


def linked_items(ws: Workspace, assessment_id: str, ref: str) -> list[Evidence]:
    """The items linked to one criterion of an assessment (none for an unknown ref)."""
    result = ws.store.assessments.results(assessment_id).get(ref)
    if result is None:
        return []
    return ws.store.evidence.for_result(result.id)


def linked_refs(ws: Workspace, evidence_id: str, assessment_id: str) -> set[str]:
    """The criteria of an assessment that an item is linked to."""
    return set(ws.store.evidence.linked_refs(evidence_id, assessment_id))


def criteria_choices(ws: Workspace, assessment_id: str) -> list[tuple[str, str]]:
    """(ref, text) of every criterion of an assessment that evidence can be linked to, in order."""
    assessment = ws.store.assessments.get(assessment_id)
    results = ws.store.assessments.results(assessment_id)
    criterion_set = ws.store.criteria.get(assessment.set_id)
    return [(c.ref, c.text) for c in criterion_set.assessable_criteria() if c.ref in results]


def set_links(
    ws: Workspace,
    evidence_id: str,
    assessment_id: str,
    refs: Sequence[str],
    ids: Callable[[], str] | None = None,
) -> tuple[int, int]:
    """Link an item to exactly these criteria of an assessment: (links added, links removed)."""
    wanted = set(refs)
    current = linked_refs(ws, evidence_id, assessment_id)
    added = removed = 0
    with ws.store.change():  # all or nothing
        for ref in sorted(wanted - current):
            added += link(ws, evidence_id, assessment_id, ref, ids=ids)
        for ref in sorted(current - wanted):
            removed += unlink(ws, evidence_id, assessment_id, ref)
    return added, removed


# ------------------------------------------------------------------------ the system viewer

_UNSAFE_NAME_CHARS = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


VIEWER_COPY_LIFETIME_S = 24 * 3600


def remove_old_viewer_copies(base: Path, *, max_age_s: float = VIEWER_COPY_LIFETIME_S) -> int:
    """Delete the viewer copies made more than `max_age_s` ago; returns how many folders went.

    Copies are not deleted when the program closes: a viewer may still have one open. A day
    later nobody needs it. Anything that cannot be deleted now (still open on Windows) stays for
    the next time.
    """
    if not base.is_dir():
        return 0
    limit = time.time() - max_age_s
    removed = 0
    for folder in base.iterdir():
        try:
            if not folder.is_dir() or folder.stat().st_mtime > limit:
                continue
            for item in folder.iterdir():
                item.chmod(stat.S_IREAD | stat.S_IWRITE)  # copies are made read-only
                item.unlink()
            folder.rmdir()
            removed += 1
        except OSError:
            log.info("viewer copy %s not removed yet", folder, exc_info=True)
    return removed


def copy_for_viewer(ws: Workspace, revision: EvidenceRevision, folder: Path | None = None) -> Path:
    """A read-only copy of a revision's file under its original name, for the system viewer.

    The stored blob is never handed out: a viewer that saves in place would change evidence.
    Each call makes a new folder (under the system temp folder unless `folder` is given).
    """
    name = revision.filename.translate(_UNSAFE_NAME_CHARS).strip(" .") or revision.sha256
    base = folder or Path(tempfile.gettempdir()) / "AnNinhDesktop-open"
    remove_old_viewer_copies(base)
    target = base / uuid.uuid4().hex[:12] / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with ws.store.blobs.open(revision.sha256) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, blobstore.CHUNK_SIZE)
        target.chmod(stat.S_IREAD)
    except blobstore.BlobNotFoundError as exc:
        raise UserError(
            _("The stored file “{name}” is missing from the data folder.").format(
                name=revision.filename
            )
        ) from exc
    except OSError as exc:
        raise UserError(_blob_error_message(target, exc)) from exc
    return target
