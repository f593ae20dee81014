"""The sync window's long work as task functions for TaskRunner (they never touch a widget).

Each opens its own connection to the data folder (`Workspace.reopen()`) on the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import container
from anninh_desktop.services.sync.acks import AckResult, import_ack
from anninh_desktop.services.sync.apply import ApplyResult, apply_package
from anninh_desktop.services.sync.export import ExportResult, export_package
from anninh_desktop.services.sync.reading import SyncPreview, read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext


@dataclass(frozen=True)
class PackageHeader:
    """What the readable header of a package says (nothing in it is trusted yet)."""

    sender_id: str
    needs_passphrase: bool


def peek_header(path: Path) -> PackageHeader | None:
    """The sender and the protection of a package; None when the header cannot be read
    (`read_package` then gives the precise reason)."""
    try:
        with path.open("rb") as fh:
            header, _raw = container.read_header(fh, path)
    except (OSError, UserError, ValueError):
        return None
    sender = header.get("sender")
    if not isinstance(sender, str):
        return None
    return PackageHeader(sender, header.get("mode") == "passphrase")


def export_task(
    workspace: Workspace, peer_id: str, target: Path, passphrase: str | None
) -> Callable[[TaskContext], ExportResult]:
    """Write a package for `peer_id` into `target`; a cancel leaves no file."""

    def work(ctx: TaskContext) -> ExportResult:
        text = _("Writing the package…")
        ctx.progress(0, 0, text)
        ws = workspace.reopen()
        try:
            return export_package(
                ws,
                peer_id,
                target,
                passphrase=passphrase,
                progress=lambda done, total: ctx.progress(done, total, text),
                cancel=ctx.cancelled,
            )
        finally:
            ws.close()

    return work


def read_task(
    workspace: Workspace, path: Path, passphrase: str | None
) -> Callable[[TaskContext], SyncPreview]:
    """Verify a package and compute its preview; nothing in the store changes."""

    def work(ctx: TaskContext) -> SyncPreview:
        ctx.progress(0, 0, _("Checking the package…"))
        ws = workspace.reopen()
        try:
            return read_package(ws, path, passphrase=passphrase)
        finally:
            ws.close()

    return work


def apply_task(
    workspace: Workspace, preview: SyncPreview, ack_dir: Path
) -> Callable[[TaskContext], ApplyResult]:
    """Apply a verified package (backup, one transaction) and write the ack into `ack_dir`."""

    def work(ctx: TaskContext) -> ApplyResult:
        ctx.progress(0, 0, _("Applying the package…"))
        ws = workspace.reopen()
        try:
            return apply_package(ws, preview, ack_dir=ack_dir)
        finally:
            ws.close()

    return work


def ack_task(workspace: Workspace, path: Path) -> Callable[[TaskContext], AckResult]:
    """Check an acknowledgement file and advance the sender's watermark."""

    def work(ctx: TaskContext) -> AckResult:
        ctx.progress(0, 0, _("Reading the acknowledgement…"))
        ws = workspace.reopen()
        try:
            return import_ack(ws, path)
        finally:
            ws.close()

    return work
