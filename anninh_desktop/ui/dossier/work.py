"""The dossier's long work as task functions for TaskRunner (they never touch a widget).

Each returns `func(ctx)`, run on a worker thread with its own connection to the data folder
(`Workspace.reopen()`), reporting progress and stopping when `ctx.cancelled()` turns true.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier import DossierBuild, build_dossier
from anninh_desktop.services.signing.appearance import Appearance
from anninh_desktop.services.signing.office_signing import (
    SignOutcome,
    sign_and_verify,
    verify_and_record,
)
from anninh_desktop.services.signing.sources import SignerSource
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext


def build_task(
    workspace: Workspace, assessment_id: str, out_path: Path | None
) -> Callable[[TaskContext], DossierBuild]:
    """Build the assessment's dossier; nothing is left behind when cancelled."""

    def work(ctx: TaskContext) -> DossierBuild:
        text = _("Building the dossier…")
        ctx.progress(0, 1, text)
        ws = workspace.reopen()
        try:
            return build_dossier(
                ws,
                assessment_id,
                out_path,
                progress=lambda done, total: ctx.progress(done, total, text),
                cancel=ctx.cancelled,
            )
        finally:
            ws.close()

    return work


def verify_task(workspace: Workspace, path: Path) -> Callable[[TaskContext], VerificationReport]:
    """Verify a PDF (ours or received) and record what was found."""

    def work(ctx: TaskContext) -> VerificationReport:
        ctx.progress(0, 0, _("Checking the signatures…"))
        ws = workspace.reopen()
        try:
            ctx.raise_if_cancelled()
            return verify_and_record(ws, path)
        finally:
            ws.close()

    return work


def sign_task(
    workspace: Workspace,
    source: Path,
    target: Path,
    signer: SignerSource,
    role: SignerRole,
    appearance: Appearance | None,
    *,
    accept_incomplete_chain: bool = False,
) -> Callable[[TaskContext], SignOutcome]:
    """Sign `source` as `role` into `target` (may be the same file), then verify and record it.

    A chain that cannot be completed fails with IncompleteChain: the dialog asks, and runs the
    task again with `accept_incomplete_chain` if the user accepts."""

    def work(ctx: TaskContext) -> SignOutcome:
        text = _("Signing…")
        ctx.progress(0, 1, text)
        ws = workspace.reopen()
        try:
            return sign_and_verify(
                ws,
                source,
                target,
                signer=signer,
                role=role,
                appearance=appearance,
                accept_incomplete_chain=accept_incomplete_chain,
                progress=lambda done, total: ctx.progress(done, total, text),
                cancel=ctx.cancelled,
            )
        finally:
            ws.close()

    return work


def import_signed_task(
    workspace: Workspace, exported: Path, signed: Path, target: Path
) -> Callable[[TaskContext], VerificationReport]:
    """Take back a file signed in the vendor's tool: checked, verified, stored as `target`."""
    from anninh_desktop.services.signing.external import import_externally_signed

    def work(ctx: TaskContext) -> VerificationReport:
        ctx.progress(0, 0, _("Checking the signed file…"))
        ws = workspace.reopen()
        try:
            return import_externally_signed(ws, exported, signed, target, now=ws.clock())
        finally:
            ws.close()

    return work


def call_task(func: Callable[[], object], text: str) -> Callable[[TaskContext], object]:
    """Any short service call that may block (a token driver, key generation) as a task."""

    def work(ctx: TaskContext) -> object:
        ctx.progress(0, 0, text)
        return func()

    return work
