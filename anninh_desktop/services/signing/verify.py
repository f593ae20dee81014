"""Verifying every signature of any PDF, ours or received, offline, against our trust roots.

The verdict of each signature is pyHanko's `bottom_line` (intact, cryptographically valid,
trusted, and no change after signing beyond what a signature allows), never `valid` alone: a
tampered file can still report `valid`. A file is good only when it has at least one signature
and every signature's verdict is good. No network: no OCSP, no CRL download, no timestamp
authority — what the file and our trust roots hold is all there is (PAdES B-B).
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from anninh_desktop.domain.dossier import SignerRole, role_of_field
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import system_clock
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import from_asn1_certificate, name_text
from anninh_desktop.services.signing.pdf_files import damaged_pdf, open_pdf, sha256_file
from anninh_desktop.services.signing.trust import TrustStore

log = logging.getLogger(__name__)

SIGNING_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


class Changes(enum.StrEnum):
    """What happened to the file after a signature."""

    NONE = "none"  # the signature covers the whole file
    FORM_FILLING = "form_filling"  # later signatures or filled fields only: allowed
    ANNOTATIONS = "annotations"  # comments or marks added
    OTHER = "other"  # pages or content changed: not allowed
    UNKNOWN = "unknown"  # the file's structure did not let this be judged


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    role: SignerRole | None
    signer: str
    issuer: str
    signing_time: datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature matches the signer's key
    trusted: bool  # the certificate chains to a trust root and was valid
    trust_problem: str  # pyHanko's sub-indication when not trusted ("" when trusted)
    revoked: bool
    changes: Changes
    changes_allowed: bool
    bottom_line: bool  # pyHanko's overall verdict: the one that counts
    error: str = ""  # set when the signature could not be checked at all

    @property
    def changed_after(self) -> bool:
        return self.changes is not Changes.NONE


@dataclass(frozen=True)
class VerificationReport:
    path: Path
    sha256: str
    checked_at: datetime
    signatures: tuple[SignatureReport, ...]

    @property
    def ok(self) -> bool:
        """True when there is at least one signature and every overall verdict is good."""
        return bool(self.signatures) and all(s.bottom_line for s in self.signatures)

    def signatures_json(self) -> str:
        """The signatures as language-neutral JSON, for the document table."""
        rows = []
        for sig in self.signatures:
            row: dict[str, Any] = asdict(sig)
            row["role"] = sig.role.value if sig.role else None
            row["signing_time"] = sig.signing_time.isoformat() if sig.signing_time else None
            row["changes"] = sig.changes.value
            rows.append(row)
        return json.dumps(rows, ensure_ascii=False, sort_keys=True)


def _changes(status: Any) -> Changes:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Changes.NONE
    level = status.modification_level
    if level is None:
        return Changes.UNKNOWN
    if level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    ):
        return Changes.FORM_FILLING
    if level == ModificationLevel.ANNOTATIONS:
        return Changes.ANNOTATIONS
    return Changes.OTHER


def _names(embedded: Any) -> tuple[str, str]:
    try:
        cert = from_asn1_certificate(embedded.signer_cert)
        return name_text(cert.subject), name_text(cert.issuer)
    except Exception:  # a signature without a usable certificate
        log.info("no readable signer certificate", exc_info=True)
        return "?", "?"


def _check_one(embedded: Any, context: ValidationContext) -> SignatureReport:
    field_name = nfc(str(embedded.field_name or ""))
    role = role_of_field(field_name)
    signer, issuer = _names(embedded)
    try:
        status = validate_pdf_signature(
            embedded, signer_validation_context=context, key_usage_settings=SIGNING_KEY_USAGE
        )
    except Exception as exc:  # a malformed signature: report it, never crash
        log.warning("signature %s could not be validated", field_name, exc_info=True)
        return SignatureReport(
            field_name=field_name,
            role=role,
            signer=signer,
            issuer=issuer,
            signing_time=embedded.self_reported_timestamp,
            intact=False,
            valid=False,
            trusted=False,
            trust_problem="",
            revoked=False,
            changes=Changes.UNKNOWN,
            changes_allowed=False,
            bottom_line=False,
            error=type(exc).__name__,
        )
    indic = status.trust_problem_indic
    return SignatureReport(
        field_name=field_name,
        role=role,
        signer=signer,
        issuer=issuer,
        signing_time=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        trust_problem="" if indic is None else indic.name,
        revoked=bool(status.revoked),
        changes=_changes(status),
        changes_allowed=bool(status.docmdp_ok),
        bottom_line=bool(status.bottom_line),
    )


def verify_pdf(path: Path, trust: TrustStore, now: datetime | None = None) -> VerificationReport:
    """Check every signature in the PDF at `path`; UserError for a damaged, non-PDF or encrypted file."""
    at = now or system_clock()
    context = ValidationContext(
        trust_roots=trust.asn1_roots(), allow_fetching=False, moment=at, revocation_mode="soft-fail"
    )
    with open_pdf(path) as (reader, _fh):
        try:
            digest = sha256_file(path)
        except OSError as exc:
            raise UserError(
                _("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from None
        try:
            embedded = list(reader.embedded_regular_signatures)
        except Exception:
            log.warning("cannot list the signatures of %s", path, exc_info=True)
            raise damaged_pdf(path) from None
        reports = tuple(_check_one(sig, context) for sig in embedded)
    return VerificationReport(path=path, sha256=digest, checked_at=at, signatures=reports)
