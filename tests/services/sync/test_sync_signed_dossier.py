"""The built and the signed dossier travel with the assessment, and verify at the province."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sync_helpers import Offices, commune_and_province

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.demo_cert import make_demo_certificate
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.records import (
    document_file,
    file_sha256,
    record_verification,
)
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import add_user_roots, trust_store_for
from anninh_desktop.services.signing.verify import verify_pdf
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package

pytestmark = pytest.mark.slow


def test_signed_dossier_reaches_the_appraiser_and_verifies(
    offices: Offices, tmp_path: Path
) -> None:
    a, p = offices.a, offices.p
    commune, _ = commune_and_province(a)
    (assessment,) = [
        x
        for x in a.store.assessments.for_unit(commune)
        if x.year == 2026 and a.store.criteria.get(x.set_id).code == "tt124-xa-phuong"
    ]
    built = build_dossier(a, assessment.id)
    assert a.store.blobs.exists(built.sha256)  # the built PDF is kept as a blob
    demo = make_demo_certificate(a.root, trust_store_for(a.root), a.clock())
    unsigned = file_sha256(built.path)
    signed = sign_pdf(
        built.path,
        built.path,
        signer=Pkcs12Source(demo.p12_path, demo.password),
        role=SignerRole.COMMANDER,
        now=a.clock(),
    )
    report = verify_pdf(signed.path, trust_store_for(a.root), a.clock())
    assert report.ok
    document = record_verification(a, signed.path, report, signed_from=unsigned)
    assert document.assessment_id == assessment.id and document.kind == "dossier"
    signed_bytes = signed.path.read_bytes()
    built.path.unlink()  # what travels is the blob, not the file in dossiers/

    package = export_package(a, offices.p_id, offices.usb)
    apply_package(p, read_package(p, package.path))

    kinds = {d.sha256: d for d in p.store.documents.for_assessment(assessment.id, "dossier")}
    assert set(kinds) == {built.sha256, report.sha256}
    received = document_file(p, kinds[report.sha256].id, tmp_path / "at-province")
    assert received.read_bytes() == signed_bytes
    assert hashlib.sha256(received.read_bytes()).hexdigest() == report.sha256
    assert received.name == document.filename
    # The province trusts the commune's (demo) authority and verifies the signature.
    p_trust = trust_store_for(p.root)
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(demo.ca.path.read_bytes())
    add_user_roots(p_trust, ca_file)
    checked = verify_pdf(received, p_trust, a.clock())
    assert checked.ok and checked.signatures[0].intact and checked.signatures[0].trusted
    # The unsigned version is there too, byte for byte.
    first = document_file(p, kinds[built.sha256].id, tmp_path / "unsigned")
    assert hashlib.sha256(first.read_bytes()).hexdigest() == built.sha256


def test_a_document_whose_file_did_not_come_says_so(offices: Offices, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no longer in the data folder"):
        document_file(offices.p, "0" * 32, tmp_path)
