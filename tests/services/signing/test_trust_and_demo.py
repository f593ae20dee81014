"""The trust store (shipped and imported roots, intermediates, CRLs) and the demo certificate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fixtures.pki import (
    NOW,
    make_crl,
    make_leaf,
    make_pki,
    write_crl,
    write_der,
    write_p7b,
    write_pem,
)
from signing_fixtures import Issued, make_ca

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import certificate_problems, fingerprint
from anninh_desktop.services.signing.demo_cert import DEMO_PASSWORD, make_demo_certificate
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source, load_pkcs12
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import (
    StoredCrl,
    TrustKind,
    TrustStore,
    trust_store_for,
)
from anninh_desktop.services.signing.trust_import import (
    find_entry,
    import_trust_files,
    remove_entry,
)
from anninh_desktop.services.signing.verify import verify_pdf


def _store(tmp_path: Path) -> TrustStore:
    return TrustStore(bundled_dir=tmp_path / "bundled", user_dir=tmp_path / "data" / "trust")


def test_the_shipped_folder_explains_itself() -> None:
    folder = resources_dir() / "trust"
    assert (folder / "README.md").is_file()
    store = trust_store_for(Path("/nonexistent-data"))
    assert store.bundled_dir == folder
    assert all(c.source == "bundled" for c in store.certificates())


def test_import_list_and_remove_a_root(tmp_path: Path, ca: Issued) -> None:
    store = _store(tmp_path)
    assert store.roots() == []
    result = import_trust_files(store, [write_pem(tmp_path / "ca.pem", ca.cert)])
    (added,) = result.roots_added
    assert added.kind is TrustKind.ROOT and added.source == "user"
    assert added.info.fingerprint == fingerprint(ca.cert)
    assert added.info.subject == "CA Thử nghiệm Tỉnh Cà Mau"
    assert added.path == store.user_dir / "roots" / f"{fingerprint(ca.cert)}.pem"
    # importing again changes nothing
    again = import_trust_files(store, [tmp_path / "ca.pem"])
    assert again.added == () and [e.info.fingerprint for e in again.present] == [  # type: ignore[union-attr]
        added.info.fingerprint
    ]
    assert [r.info.fingerprint for r in store.roots()] == [added.info.fingerprint]
    assert len(store.asn1_roots()) == 1

    shown = added.info.fingerprint_display  # what a user reads out to the issuer
    assert find_entry(store, shown[:11]) == added
    removed = remove_entry(store, shown)
    assert removed == added
    assert store.roots() == [] and not added.path.exists()


def test_every_file_form_an_authority_publishes(tmp_path: Path) -> None:
    """DER .cer, PEM with several certificates, PKCS#7 .p7b (DER and PEM), CRL in DER and PEM."""
    pki = make_pki()
    store = _store(tmp_path)
    files = [
        write_der(tmp_path / "root.cer", pki.root.cert),
        write_p7b(tmp_path / "chain.p7b", pki.root.cert, pki.intermediate.cert),
        write_p7b(tmp_path / "chain-pem.p7b", pki.intermediate.cert, pem=True),
        write_crl(tmp_path / "ca.crl", pki.crl()),
    ]
    result = import_trust_files(store, files)
    assert result.notes == ()
    kinds = sorted("crl" if isinstance(e, StoredCrl) else e.kind.value for e in result.added)
    assert kinds == ["crl", "intermediate", "root"]
    (crl,) = store.crls()
    assert crl.issuer == "CA Trung gian Thử nghiệm" and crl.revoked_count == 1
    assert crl.path.parent.name == "crls" and crl.this_update == NOW - timedelta(days=1)
    (intermediate,) = store.intermediates()
    assert intermediate.path.parent.name == "intermediates"
    # a list in PEM is read too; one of the same date as the stored one is not added again
    pem = import_trust_files(store, [write_crl(tmp_path / "ca.pem", pki.crl(), pem=True)])
    assert pem.added == () and "already has one as new or newer" in pem.notes[0]
    assert len(store.crls()) == 1


def test_a_newer_list_replaces_the_older_an_older_is_refused(tmp_path: Path) -> None:
    pki = make_pki()
    store = _store(tmp_path)
    import_trust_files(
        store, [write_pem(tmp_path / "ca.pem", pki.root.cert, pki.intermediate.cert)]
    )
    old = make_crl(pki.intermediate, this_update=NOW - timedelta(days=20), number=1)
    new = pki.crl(number=2)
    import_trust_files(store, [write_crl(tmp_path / "old.crl", old)])
    import_trust_files(store, [write_crl(tmp_path / "new.crl", new)])
    (kept,) = store.crls()
    assert kept.number == 2 and kept.revoked_count == 1
    refused = import_trust_files(store, [tmp_path / "old.crl"])
    assert refused.added == ()
    assert "already has one as new or newer" in refused.notes[0]
    assert [c.number for c in store.crls()] == [2]


def test_what_does_not_belong_is_left_out_with_a_reason(tmp_path: Path) -> None:
    pki = make_pki()
    store = _store(tmp_path)
    # a signer's certificate is not an authority
    signer_only = import_trust_files(store, [write_pem(tmp_path / "me.pem", pki.signer.cert)])
    assert signer_only.added == ()
    assert "is a signer's certificate" in signer_only.notes[0]
    # a CRL whose issuer is not in the store yet is kept, with a note (it counts only once a
    # signature's chain holds an issuer whose key verifies it)
    orphan = import_trust_files(store, [write_crl(tmp_path / "x.crl", pki.crl())])
    assert len(orphan.added) == 1 and "Import the authority's certificate too" in orphan.notes[0]
    # once the authority is in the store, a list under its name but signed by another key is
    # refused, and replaces nothing
    import_trust_files(
        store, [write_pem(tmp_path / "chain.pem", pki.root.cert, pki.intermediate.cert)]
    )
    impostor = make_pki().intermediate  # same names, other keys
    forged = make_crl(impostor, this_update=NOW, number=9)
    refused = import_trust_files(store, [write_crl(tmp_path / "f.crl", forged)])
    assert refused.added == () and "a forged or damaged list" in refused.notes[0]
    assert [c.revoked_count for c in store.crls()] == [1]
    # a file that holds nothing usable
    text = tmp_path / "letter.pem"
    text.write_text("Kính gửi Công an tỉnh", encoding="utf-8")
    with pytest.raises(UserError, match="holds no certificate and no revocation list"):
        import_trust_files(store, [text])
    with pytest.raises(UserError, match="does not exist"):
        import_trust_files(store, [tmp_path / "missing.cer"])
    # among good files a bad one becomes a note; a newer verified list replaces the older one
    newer = make_crl(
        pki.intermediate, [(pki.revoked.cert, pki.revoked_at)], number=2, this_update=NOW
    )
    mixed = import_trust_files(store, [text, write_crl(tmp_path / "ok.crl", newer)])
    assert len(mixed.added) == 1 and "letter.pem" in mixed.notes[0]
    assert [c.number for c in store.crls()] == [2]


def test_shipped_entries_cannot_be_removed_and_legacy_files_are_read(
    tmp_path: Path, ca: Issued
) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    write_pem(bundled / "province.crt", ca.cert)
    (bundled / "README.md").write_text("not a certificate", encoding="utf-8")
    (bundled / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nxx", encoding="utf-8")
    user = tmp_path / "user"
    user.mkdir()
    other = make_ca("Ban Cơ yếu Chính phủ (thử)")
    write_pem(user / f"{fingerprint(other.cert)}.pem", other.cert)  # an earlier version's file
    store = TrustStore(bundled_dir=bundled, user_dir=user)
    assert {(r.info.subject, r.source) for r in store.roots()} == {
        ("CA Thử nghiệm Tỉnh Cà Mau", "bundled"),
        ("Ban Cơ yếu Chính phủ (thử)", "user"),
    }
    with pytest.raises(UserError, match="shipped with the program"):
        remove_entry(store, fingerprint(ca.cert))
    remove_entry(store, fingerprint(other.cert))
    assert [r.source for r in store.roots()] == ["bundled"]


def test_bad_fingerprints(trust: TrustStore) -> None:
    with pytest.raises(UserError, match="at least the first 8"):
        find_entry(trust, "AB:CD")
    with pytest.raises(UserError, match="Nothing in the trust store"):
        find_entry(trust, "00" * 32)


def test_an_ordinary_leaf_in_a_p7b_is_skipped_not_fatal(tmp_path: Path) -> None:
    pki = make_pki()
    store = _store(tmp_path)
    leaf = make_leaf(pki.intermediate, "Lê Văn Tám")
    result = import_trust_files(
        store, [write_p7b(tmp_path / "all.p7b", pki.root.cert, pki.intermediate.cert, leaf.cert)]
    )
    assert len(result.added) == 2 and len(result.notes) == 1


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
        trust=store,
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
