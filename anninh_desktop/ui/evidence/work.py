"""The evidence pane's long work, as task functions for TaskRunner (they never touch a widget).

Each function returns `func(ctx)` that runs on a worker thread with its own connection to the
data folder and reports progress as (per mille of the bytes, 1000, "n of N files").
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from anninh_desktop.domain.evidence import EvidenceRevision
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services import evidence_import, evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext

PROGRESS_SCALE = 1000  # QProgressBar takes an int: bytes of a large import would overflow it


def _files_text(done: int, total: int) -> str:
    return ngettext("{done} of {total} file", "{done} of {total} files", total).format(
        done=done, total=total
    )


def _sizes(files: Sequence[Path]) -> list[int]:
    try:
        return [f.stat().st_size for f in files]
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=exc.filename)) from exc
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=exc.filename, reason=exc.strerror)
        ) from exc


CHECK_SHARE = 300  # the checks take the first 30 % of the bar, the copy the rest


def import_files(
    workspace: Workspace,
    unit_id: str,
    paths: Sequence[Path],
    link_to: Sequence[tuple[str, str]],
) -> Callable[[TaskContext], evidence_import.PreparedImport]:
    """Check and store dropped or chosen files and folders (no rows yet): the prepared import."""
    chosen = list(paths)
    links = list(link_to)

    def work(ctx: TaskContext) -> evidence_import.PreparedImport:
        ctx.progress(0, PROGRESS_SCALE, _("Looking for files…"))
        files = evidence_service.collect_files(chosen)
        if not files:
            raise UserError(_("There are no files to add in what you chose."))
        ctx.raise_if_cancelled()
        ends = list(itertools.accumulate(_sizes(files)))
        total_bytes = ends[-1]
        count = len(files)

        def on_checked(done: int, total: int) -> None:
            ctx.progress(CHECK_SHARE * done // total, PROGRESS_SCALE, _checking_text(done, total))

        def on_bytes(done_bytes: int) -> None:
            done_files = bisect.bisect_right(ends, done_bytes)
            share = done_bytes / total_bytes if total_bytes else done_files / count
            copied = CHECK_SHARE + int(share * (PROGRESS_SCALE - CHECK_SHARE))
            ctx.progress(
                min(copied, PROGRESS_SCALE - 1),  # the end is the commit
                PROGRESS_SCALE,
                _files_text(min(done_files, count), count),
            )

        ctx.progress(0, PROGRESS_SCALE, _checking_text(0, count))
        ws = workspace.reopen()
        try:
            prepared = evidence_import.prepare(
                ws,
                unit_id,
                files,
                link_to=links,
                checked=on_checked,
                progress=on_bytes,
                cancel=ctx.cancelled,
            )
        finally:
            ws.close()
        ctx.progress(PROGRESS_SCALE - 1, PROGRESS_SCALE, _files_text(count, count))
        return prepared

    return work


def _checking_text(done: int, total: int) -> str:
    return ngettext(
        "Checking {done} of {total} file", "Checking {done} of {total} files", total
    ).format(done=done, total=total)


def commit_import(
    workspace: Workspace,
    prepared: evidence_import.PreparedImport,
    on_duplicate: evidence_import.OnDuplicate,
) -> Callable[[TaskContext], evidence_import.ImportOutcome]:
    """Write the rows of a prepared import: what was added, linked, refused."""

    def work(ctx: TaskContext) -> evidence_import.ImportOutcome:
        count = len(prepared.incoming)
        ctx.progress(PROGRESS_SCALE - 1, PROGRESS_SCALE, _files_text(count, count))
        ws = workspace.reopen()
        try:
            outcome = evidence_import.commit(ws, prepared, on_duplicate)
        finally:
            ws.close()
        ctx.progress(PROGRESS_SCALE, PROGRESS_SCALE, _files_text(count, count))
        return outcome

    return work


def add_revision(
    workspace: Workspace, evidence_id: str, path: Path
) -> Callable[[TaskContext], EvidenceRevision]:
    """Store a new file for an item: the new revision."""

    def work(ctx: TaskContext) -> EvidenceRevision:
        (size,) = _sizes([path])
        text = _files_text(0, 1)
        ctx.progress(0, PROGRESS_SCALE, text)

        def on_bytes(done_bytes: int) -> None:
            share = done_bytes / size if size else 1.0
            ctx.progress(min(int(share * PROGRESS_SCALE), PROGRESS_SCALE - 1), PROGRESS_SCALE, text)

        ws = workspace.reopen()
        try:
            revision = evidence_service.add_revision(
                ws, evidence_id, path, progress=on_bytes, cancel=ctx.cancelled
            )
        finally:
            ws.close()
        ctx.progress(PROGRESS_SCALE, PROGRESS_SCALE, _files_text(1, 1))
        return revision

    return work


def copy_for_viewer(
    workspace: Workspace, revision: EvidenceRevision
) -> Callable[[TaskContext], Path]:
    """A read-only copy of a revision for the system viewer: its path."""

    def work(ctx: TaskContext) -> Path:
        # Only files are read and written here (no database): no connection of its own needed.
        return evidence_service.copy_for_viewer(workspace, revision)

    return work
