"""Revocation in words (current language): reasons, one certificate's status, the refusal at signing."""

from __future__ import annotations

from anninh_desktop.i18n import N_, _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_date, format_datetime
from anninh_desktop.services.signing.revocation import RevocationState, RevocationStatus

_REASONS: dict[str, str] = {
    "unspecified": N_("no reason given"),
    "key_compromise": N_("the key was compromised"),
    "ca_compromise": N_("the certificate authority was compromised"),
    "affiliation_changed": N_("the holder's affiliation changed"),
    "superseded": N_("replaced by a new certificate"),
    "cessation_of_operation": N_("the holder ceased operation"),
    "certificate_hold": N_("suspended"),
    "privilege_withdrawn": N_("the privilege was withdrawn"),
    "aa_compromise": N_("the attribute authority was compromised"),
}


def reason_text(reason: str) -> str:
    message = _REASONS.get(reason, _REASONS["unspecified"])
    return _(message)


def _source_text(status: RevocationStatus) -> str:
    if status.source == "ocsp":
        return _("the online status service of “{issuer}” ({date})").format(
            issuer=status.issuer,
            date=format_datetime(status.produced_at) if status.produced_at else "?",
        )
    return _("the revocation list of “{issuer}” of {date}").format(
        issuer=status.issuer,
        date=format_date(status.produced_at.date()) if status.produced_at else "?",
    )


def status_text(status: RevocationStatus) -> str:
    """One sentence for one certificate, e.g. "Revocation: not checked: no revocation list"."""
    if status.state is RevocationState.REVOKED:
        assert status.revoked_at is not None
        return _("Revocation: REVOKED on {date} ({reason}), according to {source}.").format(
            date=format_datetime(status.revoked_at),
            reason=reason_text(status.reason),
            source=_source_text(status),
        )
    if status.state is RevocationState.GOOD:
        text = _("Revocation: not revoked, according to {source}.").format(
            source=_source_text(status)
        )
        if status.stale and status.next_update is not None:
            text += " " + _(
                "That list is out of date (a newer one was due on {date}): import a newer one "
                "to be sure."
            ).format(date=format_date(status.next_update.date()))
        return text
    if status.state is RevocationState.NO_ISSUER:
        return _(
            "Revocation: not checked: the issuer's certificate is unknown, so no revocation "
            "list can be checked."
        )
    return _(
        "Revocation: not checked: no revocation list of “{issuer}” (import its CRL to check)."
    ).format(issuer=status.issuer)


def revoked_refusal(status: RevocationStatus, signer: str, *, is_signer: bool) -> UserError:
    """Signing refused: the signer's certificate (or one of its issuers') is revoked."""
    assert status.revoked_at is not None
    values = {
        "name": status.subject,
        "signer": signer,
        "date": format_datetime(status.revoked_at),
        "reason": reason_text(status.reason),
        "source": _source_text(status),
    }
    if is_signer:
        return UserError(
            _(
                "The certificate of {name} was revoked on {date} ({reason}), according to "
                "{source}: it must not sign. Ask the certificate authority for a new certificate."
            ).format(**values)
        )
    return UserError(
        _(
            "The certificate of the authority “{name}”, in the chain of {signer}, was revoked on "
            "{date} ({reason}), according to {source}: no certificate it issued may sign."
        ).format(**values)
    )
