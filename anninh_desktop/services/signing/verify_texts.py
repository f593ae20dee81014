"""What a verification says to a person, in the current language (Vietnamese by default).

Texts are built when asked for, so a report read after switching the language speaks the new one.
"""

from __future__ import annotations

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS
from anninh_desktop.i18n import N_, _, ngettext
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.signing.verify import Changes, SignatureReport, VerificationReport

# pyHanko's sub-indications (ETSI EN 319 102-1) that a user can act on; others fall back to a
# general sentence.
_TRUST_PROBLEMS: dict[str, str] = {
    "NO_CERTIFICATE_CHAIN_FOUND": N_(
        "its issuer is not among the trusted certificate authorities (add the authority's root "
        "certificate if you trust it)"
    ),
    "EXPIRED": N_("the certificate had expired"),
    "OUT_OF_BOUNDS_NO_POE": N_(
        "the certificate is not valid at the time of checking (expired, or not yet valid)"
    ),
    "OUT_OF_BOUNDS_NOT_REVOKED": N_(
        "the certificate is not valid at the time of checking (expired, or not yet valid)"
    ),
    "NOT_YET_VALID": N_("the certificate was not yet valid"),
    "REVOKED": N_("the certificate has been revoked"),
    "REVOKED_NO_POE": N_("the certificate has been revoked"),
    "REVOKED_CA_NO_POE": N_("the issuer's certificate has been revoked"),
    "SIG_CONSTRAINTS_FAILURE": N_("the certificate is not meant for signing documents"),
    "CHAIN_CONSTRAINTS_FAILURE": N_("the certificate chain breaks the issuers' rules"),
    "CRYPTO_CONSTRAINTS_FAILURE": N_("it uses an algorithm that is too weak"),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": N_("it uses an algorithm that is too weak"),
}


def role_text(sig: SignatureReport) -> str:
    if sig.role is None:
        return _("signature field “{field}”").format(field=sig.field_name)
    return _("{role} (field “{field}”)").format(
        role=_(SIGNER_ROLE_LABELS[sig.role]), field=sig.field_name
    )


def trust_text(sig: SignatureReport) -> str:
    if sig.trusted:
        return _("Certificate: trusted.")
    if not sig.trust_problem:
        return _("Certificate: not trusted.")
    reason = _TRUST_PROBLEMS.get(sig.trust_problem)
    if reason is None:
        return _("Certificate: not trusted ({code}).").format(code=sig.trust_problem)
    return _("Certificate: not trusted: {reason}.").format(reason=_(reason))


def integrity_text(sig: SignatureReport) -> str:
    if sig.error:
        return _("Integrity: the signature cannot be read ({error}).").format(error=sig.error)
    if not sig.intact:
        return _("Integrity: the signed content has been CHANGED since signing.")
    if not sig.valid:
        return _("Integrity: the signature does not match the signer's certificate.")
    return _("Integrity: the signed content is unchanged.")


def changes_text(sig: SignatureReport) -> str:
    texts = {
        Changes.NONE: _("Changes after signing: none."),
        Changes.FORM_FILLING: _("Changes after signing: only further signatures (allowed)."),
        Changes.ANNOTATIONS: _("Changes after signing: comments or marks were added."),
        Changes.OTHER: _("Changes after signing: pages or content were changed (not allowed)."),
        Changes.UNKNOWN: _("Changes after signing: cannot be determined."),
    }
    text = texts[sig.changes]
    if sig.changes in (Changes.ANNOTATIONS, Changes.UNKNOWN) and not sig.changes_allowed:
        text += " " + _("This is not allowed for this signature.")
    return text


def verdict_text(sig: SignatureReport) -> str:
    return _("Verdict: VALID.") if sig.bottom_line else _("Verdict: NOT VALID.")


def signature_lines(sig: SignatureReport, number: int) -> list[str]:
    """The lines describing one signature, the first naming it."""
    when = format_datetime(sig.signing_time) if sig.signing_time else _("unknown")
    return [
        _("Signature {number}: {role}").format(number=number, role=role_text(sig)),
        _("Signed by: {signer}").format(signer=sig.signer),
        _("Issued by: {issuer}").format(issuer=sig.issuer),
        _("Signing time (as the signer's computer stated it): {time}").format(time=when),
        trust_text(sig),
        integrity_text(sig),
        changes_text(sig),
        verdict_text(sig),
    ]


def overall_text(report: VerificationReport) -> str:
    total = len(report.signatures)
    if total == 0:
        return _("The file has no signature.")
    bad = sum(1 for s in report.signatures if not s.bottom_line)
    if bad == 0:
        return ngettext(
            "The signature is valid.", "All {count} signatures are valid.", total
        ).format(count=total)
    return ngettext(
        "{bad} of {count} signature is NOT valid.",
        "{bad} of {count} signatures are NOT valid.",
        total,
    ).format(bad=bad, count=total)


def report_lines(report: VerificationReport) -> list[str]:
    """The whole report: one block per signature, then the overall verdict."""
    lines: list[str] = []
    for number, sig in enumerate(report.signatures, start=1):
        lines.extend(signature_lines(sig, number))
        lines.append("")
    lines.append(overall_text(report))
    return lines
