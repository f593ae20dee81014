"""The dossier's long work as task functions for TaskRunner (they never touch a widget).

Each returns `func(ctx)`, run on a worker thread with its own connection to the data folder
(`Workspace.reopen()`), reporting progress and stopping when `ctx.cancelled()` turns true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier import DossierBuild, build_dossier
from anninh_desktop.services.signing.appearance import Appearance
from anninh_desktop.services.signing.sign import SignResult
from anninh_desktop.services.signing.sources import SignerSource
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext


@dataclass(frozen=True)
class SignOutcome:
    result: SignResult
    report: VerificationReport  # the signed file checked at once, as the command line does


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


def verify_and_record(
    ws: Workspace, path: Path, signed_from: str | None = None
) -> VerificationReport:
    """Check every signature of the file and keep the result with its SHA-256 (`signed_from`:
    the SHA-256 of the file it was signed from, see `record_verification`)."""
    from anninh_desktop.services.signing.records import record_verification
    from anninh_desktop.services.signing.trust import trust_store_for
    from anninh_desktop.services.signing.verify import verify_pdf

    report = verify_pdf(path, trust_store_for(ws.root), ws.clock())
    record_verification(ws, path, report, signed_from=signed_from)
    return report


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
    from anninh_desktop.services.signing.sign import sign_pdf

    def work(ctx: TaskContext) -> SignOutcome:
        text = _("Signing…")
        ctx.progress(0, 1, text)
        ws = workspace.reopen()
        try:
            from anninh_desktop.services.signing.records import file_sha256
            from anninh_desktop.services.signing.trust import trust_store_for

            unsigned = file_sha256(source)  # before: `target` may be `source`
            result = sign_pdf(
                source,
                target,
                signer=signer,
                role=role,
                appearance=appearance,
                now=ws.clock(),
                trust=trust_store_for(ws.root),
                accept_incomplete_chain=accept_incomplete_chain,
                progress=lambda done, total: ctx.progress(done, total, text),
                cancel=ctx.cancelled,
            )
            ctx.progress(0, 0, _("Checking the signatures…"))
            return SignOutcome(result, verify_and_record(ws, result.path, unsigned))
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
