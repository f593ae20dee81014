"""dossier: the signature field of each signer role, and the role a field name stands for."""

from __future__ import annotations

import pytest

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole, role_of_field


@pytest.mark.parametrize(
    ("field", "role"),
    [
        ("ChiHuy", SignerRole.COMMANDER),
        ("CoQuan", SignerRole.ORGANISATION),
        ("ThamDinh", SignerRole.APPRAISER),
        ("PheDuyet", SignerRole.APPROVER),
    ],
)
def test_each_field_names_its_role(field: str, role: SignerRole) -> None:
    assert role_of_field(field) is role
    assert SIGNATURE_FIELD_NAMES[role] == field


@pytest.mark.parametrize("field", ["Signature1", "chihuy", "", "ChiHuy "])
def test_a_field_we_did_not_create_has_no_role(field: str) -> None:
    assert role_of_field(field) is None
