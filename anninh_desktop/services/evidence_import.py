"""Adding files as evidence: checked on arrival, stored once, and never a second copy unasked.

Two steps, so that the window can ask a question between them:

1. `prepare` checks every file (evidence_check: empty or wrong-type files are refused and never
   stored), copies the accepted ones into the blob store (hashing them once) and finds the files
   whose content is already evidence of the unit, or repeats an earlier file of the same import.
   No row is written.
2. `commit` writes the rows in one transaction. For the duplicates the caller chooses
   (`OnDuplicate`): link the existing item to the criteria instead, add a new item anyway, or
   cancel (nothing is added at all).

A cancelled import can leave copied blobs that no row uses: they are complete and named by their
hash (importing the files again finds them), and only an explicit clean-up removes them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from anninh_desktop.domain.evidence import Evidence, FileCheck
from anninh_desktop.domain.evidence import OnDuplicate as OnDuplicate
from anninh_desktop.domain.ids import new_id
from anninh_desktop.services import evidence_check
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.evidence_rows import (
    EvidenceMetadata,
    result_id,
    store_blobs,
    write_item,
    write_link,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.blobstore import StoredBlob

log = logging.getLogger(__name__)

CHECK_WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class Refusal:
    path: Path
    message: str  # what happened and what to do, in the user's language


@dataclass(frozen=True)
class Incoming:
    """An accepted file, stored, waiting for its rows."""

    path: Path
    blob: StoredBlob
    check: FileCheck
    media_type: str
    existing: Evidence | None = None  # an item of the unit that already holds this content
    existing_revision: int = 0  # which of its revisions holds it
    existing_latest: bool = True  # whether that is its latest revision
    earlier: int | None = None  # the index of an earlier file of this import with this content

    @property
    def is_duplicate(self) -> bool:
        return self.existing is not None or self.earlier is not None


@dataclass(frozen=True)
class PreparedImport:
    unit_id: str
    link_to: tuple[tuple[str, str], ...]  # (assessment id, criterion ref)
    incoming: tuple[Incoming, ...]
    refused: tuple[Refusal, ...]

    @property
    def duplicates(self) -> list[Incoming]:
        return [item for item in self.incoming if item.is_duplicate]


@dataclass
class ImportOutcome:
    added: list[Evidence] = field(default_factory=list)
    # Duplicates: (the file, the item it is, whether a new link was made for it).
    linked: list[tuple[Incoming, Evidence, bool]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[tuple[Evidence, FileCheck]] = field(default_factory=list)  # added with one


def prepare(
    ws: Workspace,
    unit_id: str,
    paths: Sequence[Path],
    *,
    link_to: Sequence[tuple[str, str]] = (),
    checked: Callable[[int, int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> PreparedImport:
    """Check and store the files; nothing is written to the database.

    `checked(done, total)` follows the checks, `progress(bytes)` the copy (as BlobStore does).
    """
    ws.store.units.get(unit_id)
    for assessment_id, ref in link_to:  # refuse before anything is read or copied
        result_id(ws, assessment_id, ref)
    accepted: list[tuple[Path, evidence_check.Arrival]] = []
    refused: list[Refusal] = []
    for index, (path, arrival) in enumerate(_checked(paths, cancel)):
        if isinstance(arrival, Refusal):
            refused.append(arrival)
        else:
            accepted.append((path, arrival))
        if checked is not None:
            checked(index + 1, len(paths))
    blobs = store_blobs(ws, [path for path, _arrival in accepted], progress, cancel)
    incoming: list[Incoming] = []
    first_of: dict[str, int] = {}
    for (path, arrival), blob in zip(accepted, blobs, strict=True):
        item = Incoming(path, blob, arrival.check, arrival.media_type)
        holders = ws.store.evidence.holding_content(unit_id, blob.sha256)
        if holders:
            existing, revision, latest = holders[0]
            item = _with(item, existing=existing, revision=revision, latest=latest)
        elif blob.sha256 in first_of:
            item = _with(item, earlier=first_of[blob.sha256])
        first_of.setdefault(blob.sha256, len(incoming))
        incoming.append(item)
    return PreparedImport(unit_id, tuple(link_to), tuple(incoming), tuple(refused))


def _check_one(path: Path, cancel: Callable[[], bool] | None) -> evidence_check.Arrival | Refusal:
    if cancel is not None and cancel():
        raise Cancelled()
    try:
        return evidence_check.check_file(path, cancel=cancel)
    except UserError as exc:
        return Refusal(path, exc.message)


def _checked(
    paths: Sequence[Path], cancel: Callable[[], bool] | None
) -> Iterator[tuple[Path, evidence_check.Arrival | Refusal]]:
    """Each file with what its check found, in order; CHECK_WORKERS files are checked at once
    (decoding releases the GIL, so a folder of photos is checked on every core)."""
    if len(paths) < 2:
        for path in paths:
            yield path, _check_one(path, cancel)
        return
    with ThreadPoolExecutor(CHECK_WORKERS, thread_name_prefix="evidence-check") as pool:
        futures = [pool.submit(_check_one, path, cancel) for path in paths]
        try:
            for path, future in zip(paths, futures, strict=True):
                yield path, future.result()
        finally:
            for future in futures:
                future.cancel()


def _with(
    item: Incoming,
    *,
    existing: Evidence | None = None,
    revision: int = 0,
    latest: bool = True,
    earlier: int | None = None,
) -> Incoming:
    return Incoming(
        item.path, item.blob, item.check, item.media_type, existing, revision, latest, earlier
    )


def commit(
    ws: Workspace,
    prepared: PreparedImport,
    on_duplicate: OnDuplicate,
    *,
    meta_for: Callable[[Path], EvidenceMetadata] | None = None,
    ids: Callable[[], str] | None = None,
) -> ImportOutcome:
    """Write the rows of a prepared import in one transaction.

    `meta_for(path)` gives each new item's metadata (default: titled by file name, kind guessed
    from it). With CANCEL and any duplicate, nothing is written (Cancelled).
    """
    if on_duplicate is OnDuplicate.CANCEL and prepared.duplicates:
        raise Cancelled()
    make_id = ids or new_id
    describe = meta_for or default_metadata
    targets = [result_id(ws, a, ref) for a, ref in prepared.link_to]
    outcome = ImportOutcome(refused=list(prepared.refused))
    made: dict[int, Evidence] = {}  # index in incoming → the item added for it
    with ws.store.change() as stamp:
        for index, item in enumerate(prepared.incoming):
            if item.is_duplicate and on_duplicate is OnDuplicate.LINK:
                holder = item.existing if item.existing is not None else made[item.earlier or 0]
                fresh = [write_link(ws, stamp, holder.id, t, make_id) for t in targets]
                outcome.linked.append((item, holder, any(fresh)))
                continue
            evidence = write_item(
                ws,
                prepared.unit_id,
                item.blob,
                item.path.name,
                item.media_type,
                item.check,
                describe(item.path),
                targets,
                make_id,
            )
            made[index] = evidence
            outcome.added.append(evidence)
            if item.check.is_warning:
                outcome.warnings.append((evidence, item.check))
    return outcome


def default_metadata(path: Path) -> EvidenceMetadata:
    """A new item from a file: titled by its name, a picture is a photo, a sheet statistics."""
    return EvidenceMetadata(title=path.stem, kind=evidence_check.guess_kind(path))
