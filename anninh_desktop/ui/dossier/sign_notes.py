"""What the window says after a signature: who signed as what, the timestamp, the commander's
name kept for the next builds."""

from __future__ import annotations

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services.signing.office_signing import SignOutcome


def signed_notes(outcome: SignOutcome) -> list[str]:
    result = outcome.result
    notes = [
        _("Signed by {signer} as {role}.").format(
            signer=result.signer, role=_(SIGNER_ROLE_LABELS[result.role])
        )
    ]
    if result.timestamp == "added":
        notes.append(_("A timestamp from the timestamp server was added (PAdES-B-T)."))
    elif result.timestamp == "unreachable":
        notes.append(
            _(
                "The timestamp server did not answer: the signature has no timestamp (its time "
                "is this computer's clock)."
            )
        )
    if outcome.commander_named:
        notes.append(
            _("{name} will be printed as the commander in the next dossiers built here.").format(
                name=result.signer
            )
        )
    return notes
