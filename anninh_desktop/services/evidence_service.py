"""Adding evidence files (checked, stored once by content), new revisions, links to criteria,
metadata, and copies for the system viewer."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import Evidence, EvidenceRevision
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services import evidence_check, evidence_import
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.evidence_check import guess_kind as guess_kind
from anninh_desktop.services.evidence_import import OnDuplicate as OnDuplicate
from anninh_desktop.services.evidence_rows import EvidenceMetadata as EvidenceMetadata
from anninh_desktop.services.evidence_rows import (
    blob_error_message,
    new_revision,
    result_id,
    store_blobs,
    write_item,
    write_link,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore

log = logging.getLogger(__name__)


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
    """Store bytes made by the program (demo files, generated documents) as a new evidence item.

    Its content is checked like a file's, but never refused: the program made it.
    """
    try:
        blob = ws.store.blobs.import_bytes(data)
    except (blobstore.BlobStoreError, OSError) as exc:
        raise UserError(blob_error_message(Path(filename), exc)) from exc
    content = evidence_check.sniff(data[: evidence_check.HEAD_BYTES])
    check = evidence_check.inspect_content(ws.store.blobs.path_for(blob.sha256), content)
    media_type = evidence_check.media_type_of(filename)
    targets = [result_id(ws, a, ref) for a, ref in link_to]
    return write_item(ws, unit_id, blob, filename, media_type, check, meta, targets, ids or new_id)


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
    on_duplicate: OnDuplicate = OnDuplicate.ADD,
) -> Evidence:
    """Check a file and store it as a new evidence item, linked to (assessment id, ref) pairs.

    A refused file (empty, content not of its type) is a UserError and nothing is stored. When
    the unit already has an item with this content, `on_duplicate` decides: LINK returns that
    item (linked to `link_to`), CANCEL raises Cancelled, ADD adds a new item anyway.
    """
    prepared = evidence_import.prepare(
        ws, unit_id, [path], link_to=link_to, progress=progress, cancel=cancel
    )
    if prepared.refused:
        raise UserError(prepared.refused[0].message)
    outcome = evidence_import.commit(
        ws, prepared, on_duplicate, meta_for=lambda _path: meta, ids=ids
    )
    if outcome.linked:
        return outcome.linked[0][1]
    return outcome.added[0]


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
    on_duplicate: OnDuplicate = OnDuplicate.ADD,
) -> list[Evidence]:
    """Add many files at once (a scanner's folder): one item each, titled by file name.

    All or nothing: a refused file is a UserError naming it, and nothing is added. The files are
    copied in one pipelined batch (see BlobStore.import_files); the rows are written in one
    transaction after every blob is durable, so a cancel or error adds nothing. `kind_for`, when
    given, picks each file's kind (e.g. `guess_kind`) instead of `kind`. The window uses
    evidence_import directly, to ask about duplicates and to add the files it can.
    """
    prepared = evidence_import.prepare(
        ws, unit_id, paths, link_to=link_to, progress=progress, cancel=cancel
    )
    if prepared.refused:
        raise UserError("\n".join(r.message for r in prepared.refused))

    def meta_for(path: Path) -> EvidenceMetadata:
        return EvidenceMetadata(title=path.stem, kind=kind_for(path) if kind_for else kind)

    outcome = evidence_import.commit(ws, prepared, on_duplicate, meta_for=meta_for, ids=ids)
    return outcome.added


def add_revision(ws: Workspace, evidence_id: str, path: Path, **kwargs: Any) -> EvidenceRevision:
    """A new file for an existing item, checked like any added file; earlier revisions stay."""
    store = ws.store
    evidence = store.evidence.get(evidence_id)
    cancel = kwargs.get("cancel")
    arrival = evidence_check.check_file(path, cancel=cancel)
    (blob,) = store_blobs(ws, [path], kwargs.get("progress"), cancel)
    latest = store.evidence.latest_revision(evidence.id)
    number = (latest.revision if latest else 0) + 1
    revision = new_revision(
        ws,
        evidence.id,
        number,
        blob,
        path.name,
        arrival.media_type,
        arrival.check,
        kwargs.get("ids") or new_id,
    )
    with store.change() as stamp:
        store.evidence.add_revision(revision, stamp)
        new: dict[str, object] = {"revision": number, "sha256": blob.sha256}
        if arrival.check.is_warning:
            new["check"] = arrival.check.value
        ws.record(stamp, "evidence.revision", "evidence", evidence.id, None, new)
    return revision


def link(
    ws: Workspace,
    evidence_id: str,
    assessment_id: str,
    ref: str,
    ids: Callable[[], str] | None = None,
) -> bool:
    """Link an item to a criterion; False when it was linked already."""
    target = result_id(ws, assessment_id, ref)
    ws.store.evidence.get(evidence_id)
    with ws.store.change() as stamp:
        return write_link(ws, stamp, evidence_id, target, ids or new_id)


def unlink(ws: Workspace, evidence_id: str, assessment_id: str, ref: str) -> bool:
    target = result_id(ws, assessment_id, ref)
    with ws.store.change() as stamp:
        removed = ws.store.evidence.unlink(evidence_id, target, stamp)
        if removed:
            ws.record(
                stamp,
                "evidence.unlink",
                "evidence_link",
                evidence_id,
                {"evidence": evidence_id, "result": target},
                None,
            )
    return removed


# ----------------------------------------------------------------------- files from the user

# Files a file manager or an office program leaves in folders; never evidence.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
_HIDDEN_OR_SYSTEM = 0x2 | 0x4  # FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM (Windows)


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
        raise UserError(blob_error_message(folder, exc)) from exc
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
        raise UserError(blob_error_message(target, exc)) from exc
    return target
