"""Which signer roles have already signed a PDF: the window preselects the next one to sign."""

from __future__ import annotations

from pathlib import Path

from pyhanko.sign.fields import enumerate_sig_fields

from anninh_desktop.domain.dossier import UNIT_SIGNING_ORDER, SignerRole, role_of_field
from anninh_desktop.services.signing.pdf_files import open_pdf


def signed_roles(path: Path) -> set[SignerRole]:
    """The roles whose signature field in the PDF holds a signature; UserError for a bad file."""
    with open_pdf(path) as (reader, _fh):
        found = set()
        for name, value, _ref in enumerate_sig_fields(reader, filled_status=True):
            role = role_of_field(str(name))
            if role is not None and value is not None:
                found.add(role)
        return found


def next_unit_role(signed: set[SignerRole]) -> SignerRole | None:
    """The unit's next signer (commander, then organisation); None once both have signed."""
    return next((role for role in UNIT_SIGNING_ORDER if role not in signed), None)
