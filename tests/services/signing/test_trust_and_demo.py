"""Trust roots (shipped and user-added) and the demo certificate a new user can sign with."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from signing_fixtures import NOW, Issued, make_ca, write_pem

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import certificate_problems, fingerprint
from anninh_desktop.services.signing.demo_cert import DEMO_PASSWORD, make_demo_certificate
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source, load_pkcs12
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import (
    TrustStore,
    add_user_roots,
    find_root,
    remove_user_root,
    trust_store_for,
)
from anninh_desktop.services.signing.verify import verify_pdf


def test_the_shipped_folder_explains_itself() -> None:
    folder = resources_dir() / "trust"
    assert (folder / "README.md").is_file()
    store = trust_store_for(Path("/nonexistent-data"))
    assert store.bundled_dir == folder
    assert all(root.source == "bundled" for root in store.roots())


def test_add_list_and_remove_user_roots(tmp_path: Path, ca: Issued) -> None:
    store = TrustStore(bundled_dir=tmp_path / "bundled", user_dir=tmp_path / "data" / "trust")
    assert store.roots() == []
    (added,) = add_user_roots(store, write_pem(tmp_path / "ca.pem", ca.cert))
    assert added.info.fingerprint == fingerprint(ca.cert)
    assert added.info.subject == "CA Thử nghiệm Tỉnh Cà Mau"
    assert added.path == store.user_dir / f"{fingerprint(ca.cert)}.pem"
    # adding again changes nothing
    add_user_roots(store, tmp_path / "ca.pem")
    assert [r.info.fingerprint for r in store.roots()] == [added.info.fingerprint]
    assert len(store.asn1_roots()) == 1

    shown = added.info.fingerprint_display  # what a user reads out to the issuer
    assert find_root(store, shown[:11]) == added
    removed = remove_user_root(store, shown)
    assert removed.info.fingerprint == added.info.fingerprint
    assert store.roots() == [] and not added.path.exists()


def test_shipped_roots_cannot_be_removed(tmp_path: Path, ca: Issued) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    write_pem(bundled / "province.crt", ca.cert)
    (bundled / "README.md").write_text("not a certificate", encoding="utf-8")
    (bundled / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nxx", encoding="utf-8")
    store = TrustStore(bundled_dir=bundled, user_dir=tmp_path / "user")
    (root,) = store.roots()
    assert root.source == "bundled"
    with pytest.raises(UserError, match="shipped with the program"):
        remove_user_root(store, root.info.fingerprint)


def test_bad_fingerprints_and_files(tmp_path: Path, trust: TrustStore) -> None:
    with pytest.raises(UserError, match="at least the first 8"):
        find_root(trust, "AB:CD")
    with pytest.raises(UserError, match="No trusted certificate"):
        find_root(trust, "00" * 32)
    text = tmp_path / "letter.pem"
    text.write_text("Kính gửi Công an tỉnh", encoding="utf-8")
    with pytest.raises(UserError, match="holds no certificate"):
        add_user_roots(trust, text)
    with pytest.raises(UserError, match="does not exist"):
        add_user_roots(trust, tmp_path / "missing.cer")


def test_a_der_file_with_a_second_root(tmp_path: Path, trust: TrustStore) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    other = make_ca("Ban Cơ yếu Chính phủ (thử)")
    der = tmp_path / "root.cer"
    der.write_bytes(other.cert.public_bytes(Encoding.DER))
    add_user_roots(trust, der)
    assert {r.info.subject for r in trust.roots()} == {
        "CA Thử nghiệm Tỉnh Cà Mau",
        "Ban Cơ yếu Chính phủ (thử)",
    }


@pytest.mark.slow
def test_demo_certificate_signs_and_verifies_as_trusted(tmp_path: Path, unsigned: Path) -> None:
    data = tmp_path / "data"
    store = trust_store_for(data)
    demo = make_demo_certificate(data, store, NOW)
    assert demo.p12_path.parent.parent == data
    assert demo.password == DEMO_PASSWORD
    opened = load_pkcs12(demo.p12_path, demo.password)
    cert = opened.certificate
    assert demo.signer_name == "Nguyễn Thị Hường"
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    assert cert.signature_hash_algorithm is not None
    assert cert.signature_hash_algorithm.name == "sha256"
    assert certificate_problems(cert, NOW) == []
    assert cert.not_valid_before_utc <= NOW <= cert.not_valid_after_utc
    assert [r.info.fingerprint for r in store.roots() if r.source == "user"] == [
        demo.ca.info.fingerprint
    ]

    signed = sign_pdf(
        unsigned,
        tmp_path / "signed.pdf",
        signer=Pkcs12Source(demo.p12_path, demo.password),
        role=SignerRole.COMMANDER,
        now=NOW,
    )
    report = verify_pdf(signed.path, store, NOW)
    assert report.ok and report.signatures[0].trusted

    # a second demo replaces the first: its authority is no longer trusted
    again = make_demo_certificate(data, store, NOW)
    assert again.ca.info.fingerprint != demo.ca.info.fingerprint
    assert [r.info.fingerprint for r in store.roots() if r.source == "user"] == [
        again.ca.info.fingerprint
    ]
    assert not verify_pdf(signed.path, store, NOW).ok
