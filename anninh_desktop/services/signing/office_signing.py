"""Signing and verifying as this data folder does it: with its trust store, its online settings
(revocation asked online, timestamp server), recording every verification. The window and the
command line both go through here, so they cannot differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.signing.appearance import Appearance
from anninh_desktop.services.signing.online import online_settings
from anninh_desktop.services.signing.online_checks import revocation_fetcher
from anninh_desktop.services.signing.records import file_sha256, record_verification
from anninh_desktop.services.signing.sign import SignResult, sign_pdf
from anninh_desktop.services.signing.sources import SignerSource
from anninh_desktop.services.signing.trust import trust_store_for
from anninh_desktop.services.signing.verify import VerificationReport, verify_pdf
from anninh_desktop.services.workspace import Workspace

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SignOutcome:
    result: SignResult
    report: VerificationReport  # the signed file checked at once
    commander_named: bool = False  # the certificate's name became the office's commander's


def verify_and_record(
    ws: Workspace,
    path: Path,
    *,
    signed_from: str | None = None,
    offline: bool = False,
    kind: str | None = None,
) -> VerificationReport:
    """Check every signature of the file (online too when the office allows it and `offline` is
    not asked) and keep the result with its SHA-256 (`signed_from`: see record_verification)."""
    at = ws.clock()
    settings = online_settings(ws)
    fetch = None if offline else revocation_fetcher(settings, at)
    report = verify_pdf(path, trust_store_for(ws.root), at, fetch=fetch)
    if kind is None:
        record_verification(ws, path, report, signed_from=signed_from)
    else:
        record_verification(ws, path, report, signed_from=signed_from, kind=kind)
    return report


def sign_and_verify(
    ws: Workspace,
    source: Path,
    target: Path,
    *,
    signer: SignerSource,
    role: SignerRole,
    appearance: Appearance | None = None,
    accept_incomplete_chain: bool = False,
    offline: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> SignOutcome:
    """Sign `source` into `target` (may be the same file) with this office's trust store and
    online settings, then verify and record the signed file."""
    at = ws.clock()
    settings = online_settings(ws)
    unsigned = file_sha256(source) if source.is_file() else None  # before: target may be source
    result = sign_pdf(
        source,
        target,
        signer=signer,
        role=role,
        appearance=appearance,
        now=at,
        trust=trust_store_for(ws.root),
        accept_incomplete_chain=accept_incomplete_chain,
        fetch=None if offline else revocation_fetcher(settings, at),
        tsa_url="" if offline else settings.tsa_url,
        tsa_timeout=settings.timeout,
        progress=progress,
        cancel=cancel,
    )
    report = verify_and_record(ws, result.path, signed_from=unsigned, offline=offline)
    named = False
    if role is SignerRole.COMMANDER:
        from anninh_desktop.services.dossier.signer_settings import remember_commander

        named = remember_commander(ws, result.signer)
    return SignOutcome(result, report, named)
