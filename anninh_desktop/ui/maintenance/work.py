"""Backup, restore and check as task functions for TaskRunner (they never touch a widget)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services import backup_service, integrity_service
from anninh_desktop.services.backup_service import BackupInfo, Mode, RestoreResult
from anninh_desktop.services.integrity_service import CheckReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext


def backup_task(
    workspace: Workspace, target: Path, passphrase: str
) -> Callable[[TaskContext], Path]:
    """Write one backup file into `target` on a connection of its own; a cancel leaves no file."""

    def work(ctx: TaskContext) -> Path:
        text = _("Writing the backup…")
        ctx.progress(0, 0, text)
        ws = workspace.reopen()
        try:
            return backup_service.backup(
                ws,
                target,
                passphrase=passphrase,
                progress=lambda done, total: ctx.progress(done, total, text),
                cancel=ctx.cancelled,
            )
        finally:
            ws.close()

    return work


def verify_task(path: Path, passphrase: str) -> Callable[[TaskContext], BackupInfo]:
    """Read a backup through (every chunk and hash); nothing is written."""

    def work(ctx: TaskContext) -> BackupInfo:
        text = _("Checking the backup…")
        ctx.progress(0, 0, text)
        return backup_service.verify_backup(
            path,
            passphrase,
            progress=lambda done, total: ctx.progress(done, total, text),
            cancel=ctx.cancelled,
        )

    return work


def restore_task(
    data_dir: Path, path: Path, passphrase: str, mode: Mode | None
) -> Callable[[TaskContext], RestoreResult]:
    """Restore into `data_dir` (its store closed first by the caller)."""

    def work(ctx: TaskContext) -> RestoreResult:
        text = _("Restoring the backup…")
        ctx.progress(0, 0, text)
        return backup_service.restore(
            data_dir,
            path,
            passphrase=passphrase,
            mode=mode,
            progress=lambda done, total: ctx.progress(done, total, text),
            cancel=ctx.cancelled,
        )

    return work


def check_task(workspace: Workspace, *, repair: bool) -> Callable[[TaskContext], CheckReport]:
    """Every integrity check of the data folder (and, asked for, the safe repairs)."""

    def work(ctx: TaskContext) -> CheckReport:
        text = _("Checking the evidence files…")
        ctx.progress(0, 0, _("Checking the database…"))

        def report(done: int, total: int) -> None:
            ctx.raise_if_cancelled()  # between files: the repairs come after the reading
            ctx.progress(done, total, text)

        ws = workspace.reopen()
        try:
            return integrity_service.check(ws, repair=repair, progress=report)
        finally:
            ws.close()

    return work
