"""Fixtures for the signing tests: one CA and signer per session, fresh files per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from signing_fixtures import (
    Issued,
    dossier_pdf,
    make_ca,
    make_signer,
    seal_png,
    signature_png,
    write_p12,
    write_pem,
)

from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files


@pytest.fixture(scope="session")
def ca() -> Issued:
    return make_ca()


@pytest.fixture(scope="session")
def signer(ca: Issued) -> Issued:
    return make_signer(ca)


@pytest.fixture(scope="session")
def organisation(ca: Issued) -> Issued:
    return make_signer(ca, "Công an xã Hồ Thị Kỷ")


@pytest.fixture
def commander_p12(tmp_path: Path, signer: Issued, ca: Issued) -> Pkcs12Source:
    return Pkcs12Source(write_p12(tmp_path / "chi-huy.p12", signer, ca), "mật-khẩu-1")


@pytest.fixture
def organisation_p12(tmp_path: Path, organisation: Issued, ca: Issued) -> Pkcs12Source:
    return Pkcs12Source(write_p12(tmp_path / "co-quan.p12", organisation, ca), "mật-khẩu-1")


@pytest.fixture
def trust(tmp_path: Path, ca: Issued) -> TrustStore:
    """No shipped roots; the test CA added by the user."""
    store = TrustStore(bundled_dir=tmp_path / "bundled-trust", user_dir=tmp_path / "data" / "trust")
    import_trust_files(store, [write_pem(tmp_path / "ca.pem", ca.cert)])
    return store


@pytest.fixture
def empty_trust(tmp_path: Path) -> TrustStore:
    return TrustStore(bundled_dir=tmp_path / "none-1", user_dir=tmp_path / "none-2")


@pytest.fixture
def unsigned(tmp_path: Path) -> Path:
    return dossier_pdf(tmp_path / "ho-so.pdf")


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("signing-images")
    return signature_png(folder / "chu-ky.png"), seal_png(folder / "con-dau.png")
