"""Signing a PDF (PAdES B-B) into the field of a signer role, as an incremental update.

Everything that can be refused is checked before a byte is written: the input (a readable,
unencrypted PDF), the field (not signed yet), the key (password, PIN), the certificate (dates,
usage, key size, hash) and the images. The result goes to a temporary file beside the target and
takes the target's name only when complete, so the source (which may be the target) never ends
up half-signed. Earlier signatures stay valid: the new revision only adds to the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pkcs11
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import system_clock
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.signing.appearance import Appearance, build_style
from anninh_desktop.services.signing.certificates import (
    SIGNING_DIGEST,
    ensure_signing_certificate,
    name_attribute,
    name_text,
)
from anninh_desktop.services.signing.chain import check_chain, ensure_chain
from anninh_desktop.services.signing.fields import plan_field
from anninh_desktop.services.signing.pdf_files import (
    discard,
    finish_partial,
    open_pdf,
    partial_path,
    sha256_file,
    write_error,
)
from anninh_desktop.services.signing.revocation import (
    RevocationFetcher,
    RevocationState,
    RevocationStatus,
    chain_status,
    merge_revocation,
)
from anninh_desktop.services.signing.revocation_texts import revoked_refusal
from anninh_desktop.services.signing.sources import SignerSource
from anninh_desktop.services.signing.timestamps import reachable_timestamper
from anninh_desktop.services.signing.trust import TrustStore

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
STEPS = 4


@dataclass(frozen=True)
class SignResult:
    path: Path
    field_name: str
    role: SignerRole
    signer: str  # the certificate's common name
    issuer: str
    signed_at: datetime
    sha256: str
    new_field: bool  # the field was created (the PDF had no empty field for the role)
    chain: tuple[str, ...] = ()  # names of the certificates embedded after the signer's
    chain_complete: bool = True
    revocation: tuple[RevocationStatus, ...] = ()  # what was known at signing, signer first
    timestamp: str = ""  # "added", "unreachable" (a server was set but did not answer), or ""


class _ClockedPdfSigner(PdfSigner):
    """A PdfSigner whose signing time is ours (the workspace clock), not pyHanko's own clock."""

    def __init__(self, *args: Any, system_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._system_time
        return session


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def sign_pdf(
    source: Path,
    target: Path,
    *,
    signer: SignerSource,
    role: SignerRole,
    appearance: Appearance | None = None,
    now: datetime | None = None,
    trust: TrustStore | None = None,
    accept_incomplete_chain: bool = False,
    fetch: RevocationFetcher | None = None,
    tsa_url: str = "",
    tsa_timeout: float = 10.0,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> SignResult:
    """Sign `source` as `role` and write the signed PDF to `target` (which may be `source`).

    The signature embeds the signer's chain up to (not including) the root, from the key's own
    certificates and the trust store's; a chain that cannot be completed to a trusted root is
    refused (IncompleteChain) unless `accept_incomplete_chain`. A certificate that a revocation
    list in the trust store shows revoked never signs. Without `trust` only the key's own
    certificates complete the chain (tests and tools; the program always passes its store).
    When the office allows it, `fetch` asks revocation online too, and `tsa_url` adds an RFC 3161
    timestamp if the server answers (else the signature is made without, and says so).

    Without an appearance, an existing visible field shows the name and time only, and a new
    field is invisible. Raises UserError for anything the user can fix, Cancelled when asked.
    """
    at = now or system_clock()
    report = progress or (lambda done, total: None)
    _check(cancel)
    tmp = partial_path(target)
    with open_pdf(source) as (reader, fh):
        plan = plan_field(
            reader,
            role,
            visible=appearance is not None,
            seal_only=appearance is not None
            and appearance.seal_image is not None
            and appearance.signature_image is None,
        )
        report(1, STEPS)
        with signer.open() as opened:
            cert = opened.certificate
            ensure_signing_certificate(cert, at, SIGNING_DIGEST)
            signer_name = name_text(cert.subject)
            check = check_chain(cert, opened.carried, trust, at)
            revocation = chain_status(
                check.chain, [c.crl for c in trust.crls()] if trust else [], at
            )
            if fetch is not None:
                revocation = merge_revocation(revocation, fetch(check.chain))
            for index, status in enumerate(revocation):
                if status.state is RevocationState.REVOKED:
                    raise revoked_refusal(status, signer_name, is_signer=index == 0)
            ensure_chain(check, signer_name, accept_incomplete=accept_incomplete_chain)
            style = None
            if plan.width > 0:
                style = build_style(
                    appearance or Appearance(),
                    role=role,
                    signer_name=signer_name,
                    signed_at=at,
                    field_width=plan.width,
                    title=name_attribute(cert.subject, NameOID.TITLE),
                    organisation=name_attribute(cert.subject, NameOID.ORGANIZATION_NAME),
                )
            stamper = reachable_timestamper(tsa_url, tsa_timeout) if tsa_url else None
            report(2, STEPS)
            _check(cancel)
            pdf_signer = _ClockedPdfSigner(
                PdfSignatureMetadata(
                    field_name=plan.name,
                    md_algorithm=SIGNING_DIGEST,
                    subfilter=SigSeedSubFilter.PADES,
                    name=signer_name,
                ),
                opened.make_signer(check.to_embed),
                stamp_style=style,
                new_field_spec=plan.new_spec,
                timestamper=stamper,
                system_time=at,
            )
            _write(pdf_signer, fh, tmp, target, existing=plan.new_spec is None)
    report(3, STEPS)
    if cancel is not None and cancel():
        discard(tmp)
        raise Cancelled()
    finish_partial(tmp, target)
    report(4, STEPS)
    log.info("signed %s as %s into field %s", target, role.value, plan.name)
    return SignResult(
        path=target,
        field_name=plan.name,
        role=role,
        signer=signer_name,
        issuer=name_text(cert.issuer),
        signed_at=at,
        sha256=sha256_file(target),
        new_field=plan.new_spec is not None,
        chain=tuple(name_text(c.subject) for c in check.to_embed),
        chain_complete=check.complete,
        revocation=tuple(revocation),
        timestamp="added" if stamper else ("unreachable" if tsa_url else ""),
    )


def _write(pdf_signer: PdfSigner, fh: Any, tmp: Path, target: Path, *, existing: bool) -> None:
    try:
        writer = IncrementalPdfFileWriter(fh, strict=False)
        with tmp.open("wb") as out:
            pdf_signer.sign_pdf(writer, output=out, existing_fields_only=existing)
    except OSError as exc:
        discard(tmp)
        raise write_error(exc, target) from None
    except pkcs11.PKCS11Error as exc:
        discard(tmp)
        log.warning("token failed while signing: %r", exc)
        raise UserError(
            _(
                "The token stopped answering while signing ({error}); nothing was written. "
                "Unplug it, plug it in again and retry."
            ).format(error=type(exc).__name__)
        ) from None
    except (SigningError, PdfError) as exc:
        discard(tmp)
        log.exception("signing failed")
        raise UserError(
            _("The PDF could not be signed ({reason}); nothing was written.").format(reason=exc)
        ) from None
    except BaseException:
        discard(tmp)
        raise
