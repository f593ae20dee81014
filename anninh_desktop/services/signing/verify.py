"""Verifying every signature of any PDF, ours or received, against the trust store.

Per signature, each question is answered on its own, so one answer never hides another:
- integrity: are the signed bytes unchanged and does the signature match the certificate (pyHanko);
- the certificate: who (with its SHA-256 fingerprint: two certificates may carry the same names),
  its issuer chain, whether that chain reaches a root of the trust store and validates now;
- revocation: what the revocation lists at hand say — or plainly that nothing was checked;
- what happened after signing (`changes.py`): further signatures, form filling, annotations,
  changed document information, changed pages, bytes after the last revision.
The verdict (`Verdict`) is VALID only when all is well, WARNING when the signed content is intact
and trusted but the file was changed in a way that does not touch it (metadata, trailing bytes,
annotations), INVALID otherwise — and never VALID when pyHanko's own overall verdict
(`bottom_line`) is not: a tampered file can still report `valid`.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from anninh_desktop.domain.dossier import SignerRole, role_of_field
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.clock import system_clock
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificate_trust import (
    INDICATIONS,
    ChainLink,
    TrustProblem,
    certificate_trust,
    chain_links,
    weak_algorithms,
)
from anninh_desktop.services.signing.certificates import (
    asn1_certificate,
    fingerprint,
    from_asn1_certificate,
    is_self_signed,
    name_text,
)
from anninh_desktop.services.signing.changes import (
    ChangeKind,
    Severity,
    annotations_permitted,
    classify,
    severity,
    trailing_bytes,
)
from anninh_desktop.services.signing.collect import collect_signatures
from anninh_desktop.services.signing.pdf_files import damaged_pdf, open_pdf, sha256_file
from anninh_desktop.services.signing.revocation import (
    RevocationFetcher,
    RevocationState,
    RevocationStatus,
    chain_status,
    merge_revocation,
)
from anninh_desktop.services.signing.trust import TrustStore

log = logging.getLogger(__name__)

SIGNING_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


class Verdict(enum.StrEnum):
    VALID = "valid"
    WARNING = "warning"  # intact and trusted, but the file was changed outside what was signed
    INVALID = "invalid"


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    role: SignerRole | None
    signer: str
    issuer: str
    signing_time: datetime | None  # as the signer's computer stated it
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature matches the signer's key
    trusted: bool  # the chain reaches a root of the trust store and validates
    trust_problem: str  # a TrustProblem value ("" when trusted)
    revoked: bool
    changes: tuple[ChangeKind, ...]
    changes_allowed: bool  # within the signatures' permissions (DocMDP)
    bottom_line: bool  # pyHanko's overall verdict: never VALID without it (see diff_overruled)
    fingerprint: str = ""  # SHA-256 of the signer's certificate
    chain: tuple[ChainLink, ...] = ()  # the issuers, the signer's issuer first
    revocation: tuple[RevocationStatus, ...] = ()  # signer first, then its issuers (not the root)
    timestamp: datetime | None = None  # a trusted timestamp (PAdES B-T)
    timestamp_problem: str = ""  # "untrusted" / "invalid" for a timestamp that cannot be used
    trailing_bytes: int = 0  # bytes after the end of the last revision
    missing_issuer: str = ""  # where the chain stops: the issuer whose certificate is missing
    # pyHanko's only objection was a later revision it could not explain, and comparing the pages
    # showed only comments/marks added: that objection is replaced by our (warning) verdict
    diff_overruled: bool = False
    error: str = ""  # "unreadable" when the signature could not be checked at all

    @property
    def changed_after(self) -> bool:
        return bool(self.changes)

    @property
    def revocation_checked(self) -> bool:
        return bool(self.revocation) and self.revocation[0].checked

    def change_severity(self) -> Severity:
        return max((severity(k, self.changes_allowed) for k in self.changes), default=Severity.OK)

    @property
    def verdict(self) -> Verdict:
        return signature_verdict(self)


@dataclass(frozen=True)
class VerificationReport:
    path: Path
    sha256: str
    checked_at: datetime
    signatures: tuple[SignatureReport, ...]
    online: bool = False  # revocation was also asked online

    @property
    def verdict(self) -> Verdict:
        return overall_verdict(self.signatures)

    @property
    def ok(self) -> bool:
        """True when there is at least one signature and every one is VALID (no warning)."""
        return bool(self.signatures) and self.verdict is Verdict.VALID

    def signatures_json(self) -> str:
        """The signatures as language-neutral JSON, for the document table."""
        rows = []
        for sig in self.signatures:
            row: dict[str, Any] = asdict(sig)
            row["role"] = sig.role.value if sig.role else None
            row["changes"] = [c.value for c in sig.changes]
            row["verdict"] = sig.verdict.value
            rows.append(row)
        return json.dumps(rows, ensure_ascii=False, sort_keys=True, default=_json_value)


_VERDICT_ORDER = [Verdict.VALID, Verdict.WARNING, Verdict.INVALID]


# The rules live in functions, not in the properties above: they are what must not bend, and
# mutation testing (scripts/mutation.py) does not reach a method under a decorator.
def signature_verdict(s: SignatureReport) -> Verdict:
    """How one signature's checks add up: invalid when it could not be checked, is not intact,
    does not match its key, is not trusted, is revoked, is refused by pyHanko (unless only for
    comments added later), or was followed by a change that is not allowed; a warning when
    only what may change without touching the signed content changed; valid otherwise."""
    if (
        s.error
        or not (s.intact and s.valid and s.trusted)
        or s.revoked
        or not (s.bottom_line or s.diff_overruled)
        or s.change_severity() is Severity.BAD
    ):
        return Verdict.INVALID
    if s.change_severity() is Severity.WARNING:
        return Verdict.WARNING
    return Verdict.VALID


def overall_verdict(signatures: Sequence[SignatureReport]) -> Verdict:
    """A file's verdict: its worst signature's; invalid when it has none."""
    if not signatures:
        return Verdict.INVALID
    return max((signature_verdict(s) for s in signatures), key=_VERDICT_ORDER.index)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(type(value).__name__)


# ---------------------------------------------------------------------------- one signature


def _unreadable(field_name: str, embedded: Any, problem: str = "unreadable") -> SignatureReport:
    try:
        stated = embedded.self_reported_timestamp if embedded is not None else None
    except Exception:  # a damaged signature dictionary
        stated = None
    return SignatureReport(
        field_name=field_name,
        role=role_of_field(field_name),
        signer="?",
        issuer="?",
        signing_time=stated,
        intact=False,
        valid=False,
        trusted=False,
        trust_problem=TrustProblem.UNREADABLE.value,
        revoked=False,
        changes=(ChangeKind.UNKNOWN,),
        changes_allowed=False,
        bottom_line=False,
        error=problem,
    )


def _timestamp(status: Any) -> tuple[datetime | None, str]:
    ts = getattr(status, "timestamp_validity", None)
    if ts is None:
        return None, ""
    if not (ts.intact and ts.valid):
        return None, "invalid"
    if not ts.trusted:
        return None, "untrusted"
    return ts.timestamp, ""


def _check_one(
    embedded: Any,
    reader: Any,
    later: list[Any],
    trailing: int,
    trust: TrustStore,
    at: datetime,
    fetch: RevocationFetcher | None,
    docmdp: Any,
) -> SignatureReport:
    field_name = nfc(str(embedded.field_name or ""))
    try:
        signer = from_asn1_certificate(embedded.signer_cert)
        carried = [from_asn1_certificate(c) for c in embedded.other_embedded_certs]
    except Exception:
        log.warning("signature %s has no readable certificate", field_name, exc_info=True)
        return _unreadable(field_name, embedded)
    intermediates = [c.certificate for c in trust.intermediates()]
    context = ValidationContext(
        trust_roots=trust.asn1_roots(),
        other_certs=[asn1_certificate(c) for c in intermediates],
        allow_fetching=False,
        moment=at,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(
            embedded, signer_validation_context=context, key_usage_settings=SIGNING_KEY_USAGE
        )
    except Exception:  # a malformed signature: report it, never crash
        log.warning("signature %s could not be validated", field_name, exc_info=True)
        return _unreadable(field_name, embedded)
    own = certificate_trust(signer, carried, trust, at)
    trusted, problem = own.trusted, own.problem
    if trusted and status.intact and status.valid and not status.trusted:
        # pyHanko saw a problem we did not (key usage, algorithm): its word counts
        indic = status.trust_problem_indic
        log.info("pyHanko does not trust %s: %s", field_name, indic)
        trusted = False
        problem = INDICATIONS.get(indic.name if indic else "", TrustProblem.INVALID_CHAIN)
    if trusted and weak_algorithms(own.chain, str(embedded.md_algorithm or ""), trust):
        trusted, problem = False, TrustProblem.WEAK_ALGORITHM
    revocation = chain_status(own.chain, [c.crl for c in trust.crls()], at)
    if fetch is not None:
        revocation = merge_revocation(revocation, fetch(own.chain))
    revoked = any(s.state is RevocationState.REVOKED for s in revocation)
    if revoked:
        trusted, problem = False, TrustProblem.REVOKED
    stamp, stamp_problem = _timestamp(status)
    classified = classify(embedded, status, reader, later, trailing)
    overruled = classified.overruled and bool(status.intact and status.valid and status.trusted)
    allowed = bool(status.docmdp_ok) or (overruled and annotations_permitted(docmdp))
    return SignatureReport(
        field_name=field_name,
        role=role_of_field(field_name),
        signer=name_text(signer.subject),
        issuer=name_text(signer.issuer),
        signing_time=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=trusted,
        trust_problem=problem.value,
        revoked=revoked,
        changes=classified.kinds,
        changes_allowed=allowed,
        bottom_line=bool(status.bottom_line),
        fingerprint=fingerprint(signer),
        chain=chain_links(own.chain, trust),
        revocation=tuple(revocation),
        timestamp=stamp,
        timestamp_problem=stamp_problem,
        trailing_bytes=trailing,
        missing_issuer="" if is_self_signed(own.chain[-1]) else name_text(own.chain[-1].issuer),
        diff_overruled=overruled and allowed,
    )


def _strictest_docmdp(signatures: list[Any]) -> Any:
    """The strictest document modification permission any signature sets (None: none sets one)."""
    levels = []
    for sig in signatures:
        try:
            level = sig.docmdp_level
        except Exception:  # a damaged signature dictionary: it sets nothing we can read
            continue
        if level is not None:
            levels.append(level)
    return min(levels, key=lambda level: level.value) if levels else None


def _revision(embedded: Any) -> int:
    try:
        return int(embedded.signed_revision)
    except Exception:  # a signature whose place in the file cannot be found
        return -1


def verify_pdf(
    path: Path,
    trust: TrustStore,
    now: datetime | None = None,
    *,
    fetch: RevocationFetcher | None = None,
) -> VerificationReport:
    """Check every signature in the PDF at `path`; UserError for a damaged, non-PDF or encrypted
    file. `fetch`: revocation data asked online (only when the office allows it)."""
    at = now or system_clock()
    with open_pdf(path) as (reader, fh):
        try:
            digest = sha256_file(path)
        except OSError as exc:
            raise UserError(
                _("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror or exc)
            ) from None
        try:
            found = collect_signatures(reader)
        except Exception:
            log.warning("cannot list the signatures of %s", path, exc_info=True)
            raise damaged_pdf(path) from None
        trailing = trailing_bytes(reader, fh)
        readable = [f.embedded for f in found if f.embedded is not None]
        docmdp = _strictest_docmdp(readable)
        reports = tuple(
            _unreadable(f.field_name, None, f.problem)
            if f.embedded is None
            else _check_one(
                f.embedded,
                reader,
                [s for s in readable if _revision(s) > _revision(f.embedded)],
                trailing,
                trust,
                at,
                fetch,
                docmdp,
            )
            for f in found
        )
    return VerificationReport(
        path=path, sha256=digest, checked_at=at, signatures=reports, online=fetch is not None
    )
