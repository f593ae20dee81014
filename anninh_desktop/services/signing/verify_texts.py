"""What a verification says to a person, in the current language (Vietnamese by default).

Texts are built when asked for, so a report read after switching the language speaks the new one.
No internal code (pyHanko's sub-indications, exception names) ever reaches these sentences: they
go to the log. Each line comes with a `Severity` so the window can colour it.
"""

from __future__ import annotations

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS
from anninh_desktop.i18n import N_, _, ngettext
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.signing.certificates import format_fingerprint
from anninh_desktop.services.signing.changes import ChangeKind, Severity, severity
from anninh_desktop.services.signing.revocation import RevocationState, RevocationStatus
from anninh_desktop.services.signing.revocation_texts import status_text
from anninh_desktop.services.signing.verify import (
    SignatureReport,
    TrustProblem,
    Verdict,
    VerificationReport,
)

# A line and how it weighs; None for a line that only describes (who, when, which certificate).
Line = tuple[str, Severity | None]

_TRUST_PROBLEMS: dict[str, str] = {
    TrustProblem.NO_CHAIN: N_(
        "no chain of issuers leads from it to a root certificate in the trust store (the "
        "certificate of “{missing}” is missing: import it, or its root if you trust it)"
    ),
    TrustProblem.UNTRUSTED_ROOT: N_(
        "its chain ends at the root “{root}”, which is not in the trust store (import that root "
        "after comparing its fingerprint with the one its issuer publishes)"
    ),
    TrustProblem.EXPIRED: N_(
        "the certificate, or one of its issuers', is not valid at the time of checking (expired)"
    ),
    TrustProblem.NOT_YET_VALID: N_(
        "the certificate, or one of its issuers', is not valid yet at the time of checking"
    ),
    TrustProblem.REVOKED: N_("the certificate, or one of its issuers', has been revoked"),
    TrustProblem.WEAK_ALGORITHM: N_("it uses an algorithm that is too weak"),
    TrustProblem.USAGE: N_("the certificate is not meant for signing documents"),
    TrustProblem.INVALID_CHAIN: N_(
        "its chain of issuers breaks the certificate authorities' rules"
    ),
    TrustProblem.UNREADABLE: N_("the signature's certificate cannot be read"),
}


def role_text(sig: SignatureReport) -> str:
    if sig.role is None:
        return _("signature field “{field}”").format(field=sig.field_name)
    return _("{role} (field “{field}”)").format(
        role=_(SIGNER_ROLE_LABELS[sig.role]), field=sig.field_name
    )


def fingerprint_text(sig: SignatureReport) -> str:
    return _("Certificate SHA-256: {fingerprint}").format(
        fingerprint=format_fingerprint(sig.fingerprint) if sig.fingerprint else "?"
    )


def chain_lines(sig: SignatureReport) -> list[str]:
    """The issuer chain, one line per certificate, with its fingerprint."""
    lines = [_("Chain of issuers:")]
    for number, link in enumerate(sig.chain, start=1):
        if link.trusted_root:
            text = _("{number}. {name} (a root in the trust store), SHA-256 {fingerprint}")
        elif link.root:
            text = _("{number}. {name} (a root NOT in the trust store), SHA-256 {fingerprint}")
        else:
            text = _("{number}. {name}, SHA-256 {fingerprint}")
        lines.append(
            "  "
            + text.format(
                number=number, name=link.name, fingerprint=format_fingerprint(link.fingerprint)
            )
        )
    if sig.missing_issuer:
        lines.append(
            "  "
            + _("(the chain stops here: the certificate of “{name}” is not available)").format(
                name=sig.missing_issuer
            )
        )
    return lines


def trust_text(sig: SignatureReport) -> str:
    if sig.trusted:
        root = next((link.name for link in sig.chain if link.trusted_root), "")
        if root:
            return _("Certificate: trusted (its root: “{root}”).").format(root=root)
        return _("Certificate: trusted.")
    template = _TRUST_PROBLEMS.get(sig.trust_problem)
    if template is None:
        return _("Certificate: not trusted.")
    root = sig.chain[-1].name if sig.chain else ""
    reason = _(template).format(missing=sig.missing_issuer or sig.issuer, root=root)
    return _("Certificate: not trusted: {reason}.").format(reason=reason)


def revocation_lines(sig: SignatureReport) -> list[Line]:
    """The signer's revocation status, then its issuers' (only when one says something)."""
    if not sig.revocation:
        return [
            (_("Revocation: not checked: the certificate chain is not known."), Severity.WARNING)
        ]
    lines: list[Line] = []
    for index, status in enumerate(sig.revocation):
        text = status_text(status)
        if index > 0:
            if status.state in (RevocationState.NO_DATA, RevocationState.NO_ISSUER):
                continue
            text = _("For the issuer “{name}”: {text}").format(name=status.subject, text=text)
        lines.append((text, _revocation_severity(status)))
    return lines


def _revocation_severity(status: RevocationStatus) -> Severity:
    if status.state is RevocationState.REVOKED:
        return Severity.BAD
    if status.state is RevocationState.GOOD and not status.stale:
        return Severity.OK
    return Severity.WARNING


def integrity_text(sig: SignatureReport) -> str:
    if sig.error == "unsupported_format":
        return _("Integrity: the signature is in a format this program cannot check.")
    if sig.error:
        return _("Integrity: the signature cannot be read.")
    if not sig.intact:
        return _("Integrity: the signed content has been CHANGED since signing.")
    if not sig.valid:
        return _("Integrity: the signature does not match the signer's certificate.")
    return _("Integrity: the signed content is unchanged.")


def change_text(kind: ChangeKind, allowed: bool, trailing: int = 0) -> str:
    if kind is ChangeKind.SIGNATURES:
        return _("After signing: further signatures were added (allowed).")
    if kind is ChangeKind.FORM_FILLING:
        if allowed:
            return _(
                "After signing: form fields were filled in; this signature allows it, but what "
                "the fields show was not signed."
            )
        return _("After signing: form fields were filled in, which this signature does not allow.")
    if kind is ChangeKind.ANNOTATIONS:
        if allowed:
            return _(
                "After signing: comments or marks (annotations) were added; they are not part "
                "of what was signed."
            )
        return _(
            "After signing: comments or marks (annotations) were added, which this signature "
            "does not allow."
        )
    if kind is ChangeKind.METADATA:
        return _(
            "After signing: the document information (title, author, subject…) was changed; "
            "what a viewer shows as the document's title or author may not be what was signed."
        )
    if kind is ChangeKind.CONTENT:
        return _("After signing: pages or their content were changed (not allowed).")
    if kind is ChangeKind.TRAILING_BYTES:
        return ngettext(
            "After the end of the last revision {count} byte was appended that belongs to no "
            "revision: viewers ignore it, but the file is not exactly as it was signed.",
            "After the end of the last revision {count} bytes were appended that belong to no "
            "revision: viewers ignore them, but the file is not exactly as it was signed.",
            trailing,
        ).format(count=trailing)
    return _("After signing: what changed cannot be determined (not allowed).")


def change_lines(sig: SignatureReport) -> list[Line]:
    if not sig.changes:
        return [(_("After signing: no change."), Severity.OK)]
    return [
        (
            change_text(kind, sig.changes_allowed, sig.trailing_bytes),
            severity(kind, sig.changes_allowed),
        )
        for kind in sig.changes
    ]


def timestamp_text(sig: SignatureReport) -> str:
    """ "" when the signature has no timestamp."""
    if sig.timestamp is not None:
        return _("Timestamp: {time}, from a trusted timestamp authority.").format(
            time=format_datetime(sig.timestamp)
        )
    if sig.timestamp_problem == "untrusted":
        return _("Timestamp: present, but its authority is not trusted; it was not used.")
    if sig.timestamp_problem:
        return _("Timestamp: present, but damaged; it was not used.")
    return ""


def verdict_text(sig: SignatureReport) -> str:
    verdict = sig.verdict
    if verdict is Verdict.VALID:
        return _("Verdict: VALID.")
    if verdict is Verdict.WARNING:
        return _(
            "Verdict: THE SIGNED CONTENT IS INTACT, BUT THE FILE WAS CHANGED AFTER SIGNING "
            "(warning)."
        )
    return _("Verdict: NOT VALID.")


def verdict_severity(verdict: Verdict) -> Severity:
    return {Verdict.VALID: Severity.OK, Verdict.WARNING: Severity.WARNING}.get(
        verdict, Severity.BAD
    )


def signature_lines_with_severity(sig: SignatureReport, number: int) -> list[Line]:
    """Every line of one signature, the first naming it, each with how it weighs (None: a line
    that only describes)."""
    when = format_datetime(sig.signing_time) if sig.signing_time else _("unknown")
    trust_ok = Severity.OK if sig.trusted else Severity.BAD
    intact_ok = Severity.OK if sig.intact and sig.valid and not sig.error else Severity.BAD
    lines: list[Line] = [
        (_("Signature {number}: {role}").format(number=number, role=role_text(sig)), None),
        (_("Signed by: {signer}").format(signer=sig.signer), None),
        (fingerprint_text(sig), None),
        (_("Issued by: {issuer}").format(issuer=sig.issuer), None),
        *((line, None) for line in chain_lines(sig)),
        (
            _("Signing time (as the signer's computer stated it): {time}").format(time=when),
            None,
        ),
    ]
    stamp = timestamp_text(sig)
    if stamp:
        lines.append((stamp, Severity.OK if sig.timestamp else Severity.WARNING))
    lines.append((trust_text(sig), trust_ok))
    lines.extend(revocation_lines(sig))
    lines.append((integrity_text(sig), intact_ok))
    lines.extend(change_lines(sig))
    lines.append((verdict_text(sig), verdict_severity(sig.verdict)))
    return lines


def signature_lines(sig: SignatureReport, number: int) -> list[str]:
    return [text for text, _severity in signature_lines_with_severity(sig, number)]


# ------------------------------------------------------------------------------------ overall

_WARNING_PHRASES: dict[ChangeKind, str] = {
    ChangeKind.FORM_FILLING: N_("form fields were filled in"),
    ChangeKind.METADATA: N_("the document information (title, author…) was changed"),
    ChangeKind.TRAILING_BYTES: N_("bytes were appended after the end of the file"),
    ChangeKind.ANNOTATIONS: N_("comments or marks were added"),
}


def checked_text(report: VerificationReport) -> str:
    """What was and was not checked, for the overall verdict."""
    total = len(report.signatures)
    checked = sum(1 for s in report.signatures if s.revocation_checked)
    if checked == total:
        revocation = _("revocation checked against the revocation lists at hand")
        if any(s.revocation and s.revocation[0].stale for s in report.signatures):
            revocation += _(" (some are out of date)")
    elif checked == 0:
        revocation = _("revocation status NOT checked: no revocation list")
    else:
        revocation = _(
            "revocation checked for {checked} of {count} signatures only (no revocation list "
            "for the others)"
        ).format(checked=checked, count=total)
    return _(
        "Checked: the signed content, the certificate chain to a trusted root, the changes "
        "after signing; {revocation}."
    ).format(revocation=revocation)


def overall_text(report: VerificationReport) -> str:
    total = len(report.signatures)
    if total == 0:
        return _("The file has no signature.")
    verdict = report.verdict
    if verdict is Verdict.VALID:
        head = ngettext(
            "The signature is valid.", "All {count} signatures are valid.", total
        ).format(count=total)
        return f"{head} {checked_text(report)}"
    if verdict is Verdict.WARNING:
        kinds = [k for k in _WARNING_PHRASES if any(k in s.changes for s in report.signatures)]
        what = "; ".join(_(_WARNING_PHRASES[k]) for k in kinds)
        head = ngettext(
            "The signed content is intact and the certificate trusted, but the file was changed "
            "after signing: {what}. Ask the sender for the original file.",
            "The signed content of all {count} signatures is intact and their certificates "
            "trusted, but the file was changed after signing: {what}. Ask the sender for the "
            "original file.",
            total,
        ).format(count=total, what=what)
        return f"{head} {checked_text(report)}"
    bad = sum(1 for s in report.signatures if s.verdict is Verdict.INVALID)
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
