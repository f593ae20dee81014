"""What the dossier builder and the signers agree on: who signs a dossier, and in which field.

The builder creates every signature field before the first signature (anything added to a page
after signing breaks that signature); signers fill the field of their role. Field names are plain
ASCII so every PDF tool shows and finds them.
"""

from __future__ import annotations

import enum

from anninh_desktop.i18n import N_


class SignerRole(enum.StrEnum):
    COMMANDER = "commander"  # the unit's commander (chỉ huy), signs first
    ORGANISATION = "organisation"  # the issuing body, with its red seal, signs second
    APPRAISER = "appraiser"  # the appraising level (thẩm định)
    APPROVER = "approver"  # the level that decides recognition (phê duyệt)


SIGNATURE_FIELD_NAMES: dict[SignerRole, str] = {
    SignerRole.COMMANDER: "ChiHuy",
    SignerRole.ORGANISATION: "CoQuan",
    SignerRole.APPRAISER: "ThamDinh",
    SignerRole.APPROVER: "PheDuyet",
}

# The commune signs in this order; the appraising levels sign later, on their own machines.
UNIT_SIGNING_ORDER: tuple[SignerRole, ...] = (SignerRole.COMMANDER, SignerRole.ORGANISATION)

SIGNER_ROLE_LABELS: dict[SignerRole, str] = {
    SignerRole.COMMANDER: N_("Commander"),
    SignerRole.ORGANISATION: N_("Organisation (seal)"),
    SignerRole.APPRAISER: N_("Appraiser"),
    SignerRole.APPROVER: N_("Approving authority"),
}


def role_of_field(field_name: str) -> SignerRole | None:
    """The role whose signature field has this name, or None for a field we did not create."""
    for role, name in SIGNATURE_FIELD_NAMES.items():
        if name == field_name:
            return role
    return None
