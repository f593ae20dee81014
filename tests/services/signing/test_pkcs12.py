"""PKCS#12 files: the key opens with the right password; every mistake gets its own message."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from signing_fixtures import PASSWORD, Issued, write_p12

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source, load_pkcs12


def test_loads_key_and_certificate(tmp_path: Path, signer: Issued, ca: Issued) -> None:
    opened = load_pkcs12(write_p12(tmp_path / "a.p12", signer, ca), PASSWORD)
    assert opened.certificate == signer.cert
    assert opened.carried == (ca.cert,)  # the .p12's other certificate: its authority
    made = opened.make_signer([])
    assert made.signing_cert.dump() == signer.cert.public_bytes(Encoding.DER)


def test_a_file_without_password(tmp_path: Path, signer: Issued, ca: Issued) -> None:
    path = write_p12(tmp_path / "open.p12", signer, ca, password=None)
    assert load_pkcs12(path, None).certificate == signer.cert
    assert load_pkcs12(path, "").certificate == signer.cert


def test_wrong_password(tmp_path: Path, signer: Issued, ca: Issued) -> None:
    path = write_p12(tmp_path / "a.p12", signer, ca)
    with pytest.raises(UserError, match="Wrong password for the certificate file"):
        load_pkcs12(path, "sai")
    with pytest.raises(UserError, match="Wrong password"):
        load_pkcs12(path, None)


def test_damaged_file(tmp_path: Path, signer: Issued, ca: Issued) -> None:
    good = write_p12(tmp_path / "a.p12", signer, ca).read_bytes()
    damaged = tmp_path / "damaged.p12"
    damaged.write_bytes(good[: len(good) // 2])
    with pytest.raises(UserError, match="is damaged or is not a certificate file"):
        load_pkcs12(damaged, PASSWORD)
    text = tmp_path / "notes.p12"
    text.write_text("không phải chứng thư số", encoding="utf-8")
    with pytest.raises(UserError, match="is damaged or is not a certificate file"):
        load_pkcs12(text, PASSWORD)


def test_file_without_a_key(tmp_path: Path, signer: Issued, ca: Issued) -> None:
    path = write_p12(tmp_path / "cert-only.p12", None, ca, cert=signer.cert)
    with pytest.raises(UserError, match="holds a certificate but not its private key"):
        load_pkcs12(path, PASSWORD)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_pkcs12(tmp_path / "nowhere.p12", PASSWORD)
    with pytest.raises(UserError, match="is a folder"):
        load_pkcs12(tmp_path, PASSWORD)


def test_the_password_is_not_in_the_repr(tmp_path: Path) -> None:
    source = Pkcs12Source(tmp_path / "a.p12", "bí-mật-123")
    assert "bí-mật-123" not in repr(source)
    with pytest.raises(UserError, match="does not exist"), source.open():
        pass
