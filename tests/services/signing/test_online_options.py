"""The online options (issue 15, item 3): OCSP and CRL download, and an RFC 3161 timestamp.

A test authority serves its CRL, an OCSP responder and a timestamp service on localhost. Online
checks are options: off by default, never needed, and an unreachable server is "not checked",
never "not revoked".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from authority_server import Authority, free_port_url, serve
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID
from fixtures.pki import NOW, Issued, make_crl, make_leaf, make_pki, write_p12, write_pem
from signing_fixtures import dossier_pdf, pdfsig

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.online import (
    OnlineSettings,
    online_settings,
    save_online_settings,
)
from anninh_desktop.services.signing.online_checks import fetch_revocation, revocation_fetcher
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.revocation import RevocationState
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files
from anninh_desktop.services.signing.verify import Verdict, verify_pdf
from anninh_desktop.services.signing.verify_texts import report_lines
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


class Online:
    def __init__(self, base: str, authority: Authority, pki_root: Issued, store: TrustStore):
        self.base = base
        self.authority = authority
        self.root = pki_root
        self.store = store


@pytest.fixture
def online(tmp_path: Path) -> Iterator[Online]:
    pki = make_pki("ec256")
    authority = Authority(issuer=pki.intermediate, revoked={}, now=NOW)
    with serve(authority) as base:
        authority.tsa = make_leaf(
            pki.intermediate,
            "Máy chủ dấu thời gian thử nghiệm",
            key="rsa2048",  # pyHanko's test timestamper signs with RSA only
            title=None,
            extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
        )
        store = TrustStore(bundled_dir=tmp_path / "none", user_dir=tmp_path / "trust")
        import_trust_files(
            store, [write_pem(tmp_path / "chain.pem", pki.root.cert, pki.intermediate.cert)]
        )
        yield Online(base, authority, pki.root, store)


def _leaf(online: Online, name: str, *, crl: bool, ocsp: bool, revoked: bool) -> Issued:
    leaf = make_leaf(
        online.authority.issuer,
        name,
        key="ec256",
        crl_url=f"{online.base}/ca.crl" if crl else None,
        ocsp_url=f"{online.base}/ocsp" if ocsp else None,
    )
    if revoked:
        online.authority.revoked[leaf.cert.serial_number] = NOW - timedelta(days=5)
    return leaf


def _publish_crl(online: Online, *revoked: Issued) -> None:
    crl = make_crl(online.authority.issuer, [(r.cert, NOW - timedelta(days=5)) for r in revoked])
    online.authority.crl = crl.public_bytes(Encoding.DER)


def _signed(tmp_path: Path, leaf: Issued, online: Online, **kwargs: object) -> Path:
    source = Pkcs12Source(
        write_p12(tmp_path / f"{leaf.cert.serial_number}.p12", leaf, [], "1"), "1"
    )
    return sign_pdf(
        dossier_pdf(tmp_path / f"u-{leaf.cert.serial_number}.pdf"),
        tmp_path / f"s-{leaf.cert.serial_number}.pdf",
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=online.store,
        **kwargs,  # type: ignore[arg-type]
    ).path


def _fetcher(online: Online):  # type: ignore[no-untyped-def]
    return revocation_fetcher(OnlineSettings(check_revocation=True, timeout=5), NOW)


def test_ocsp_finds_a_revocation_that_no_local_list_knows(online: Online, tmp_path: Path) -> None:
    bad = _leaf(online, "Người bị thu hồi", crl=False, ocsp=True, revoked=True)
    signed = _signed(tmp_path, bad, online)  # signed offline: nothing knew
    offline = verify_pdf(signed, online.store, NOW)
    assert offline.ok and not offline.signatures[0].revocation_checked
    checked = verify_pdf(signed, online.store, NOW, fetch=_fetcher(online))
    (sig,) = checked.signatures
    status = sig.revocation[0]
    assert status.state is RevocationState.REVOKED and status.source == "ocsp"
    assert status.revoked_at == NOW - timedelta(days=5)
    assert sig.verdict is Verdict.INVALID and checked.online
    assert any("the online status service of" in line for line in report_lines(checked))
    # and it is refused at signing when the office checks online
    with pytest.raises(UserError, match="was revoked on"):
        _signed(tmp_path, bad, online, fetch=_fetcher(online))
    assert "POST /ocsp" in online.authority.requests


def test_a_downloaded_crl_counts_and_a_good_certificate_is_checked(
    online: Online, tmp_path: Path
) -> None:
    bad = _leaf(online, "Người bị thu hồi", crl=True, ocsp=False, revoked=True)
    good = _leaf(online, "Người ký tốt", crl=True, ocsp=False, revoked=False)
    _publish_crl(online, bad)
    statuses = fetch_revocation([bad.cert, online.authority.issuer.cert, online.root.cert], NOW, 5)
    assert statuses[0].state is RevocationState.REVOKED and statuses[0].source == "crl"
    assert statuses[1].state is RevocationState.NO_DATA  # the intermediate names no CRL
    report = verify_pdf(_signed(tmp_path, good, online), online.store, NOW, fetch=_fetcher(online))
    (sig,) = report.signatures
    assert report.ok and sig.revocation[0].state is RevocationState.GOOD
    assert "GET /ca.crl" in online.authority.requests


def test_a_forged_ocsp_answer_or_no_server_is_not_checked(online: Online, tmp_path: Path) -> None:
    bad = _leaf(online, "Người bị thu hồi", crl=False, ocsp=True, revoked=True)
    online.authority.ocsp_signer = make_pki().intermediate  # same name, another key
    (status,) = fetch_revocation([bad.cert, online.authority.issuer.cert], NOW, 5)[:1]
    assert status.state is RevocationState.NO_DATA
    # an address where nothing answers: not checked, quickly, never "not revoked"
    nowhere = make_leaf(online.authority.issuer, "Không mạng", ocsp_url=f"{free_port_url()}/ocsp")
    (status,) = fetch_revocation([nowhere.cert, online.authority.issuer.cert], NOW, 2)[:1]
    assert status.state is RevocationState.NO_DATA


def test_a_timestamp_from_the_configured_authority(online: Online, tmp_path: Path) -> None:
    leaf = _leaf(online, "Người ký", crl=False, ocsp=False, revoked=False)
    source = Pkcs12Source(write_p12(tmp_path / "k.p12", leaf, [], "1"), "1")
    result = sign_pdf(
        dossier_pdf(tmp_path / "u.pdf"),
        tmp_path / "s.pdf",
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=online.store,
        tsa_url=f"{online.base}/tsa",
    )
    assert result.timestamp == "added"
    report = verify_pdf(result.path, online.store, NOW)
    (sig,) = report.signatures
    assert report.ok and sig.timestamp == NOW
    assert any(
        line.startswith("Timestamp: 02/03/2026 09:00, from a trusted timestamp authority")
        for line in report_lines(report)
    )
    assert [p.valid for p in pdfsig(result.path)] == [True]


def test_an_unreachable_timestamp_server_does_not_stop_signing(
    online: Online, tmp_path: Path
) -> None:
    leaf = _leaf(online, "Người ký", crl=False, ocsp=False, revoked=False)
    source = Pkcs12Source(write_p12(tmp_path / "k.p12", leaf, [], "1"), "1")
    result = sign_pdf(
        dossier_pdf(tmp_path / "u.pdf"),
        tmp_path / "s.pdf",
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=online.store,
        tsa_url=f"{free_port_url()}/tsa",
        tsa_timeout=2,
    )
    assert result.timestamp == "unreachable"
    (sig,) = verify_pdf(result.path, online.store, NOW).signatures
    assert sig.verdict is Verdict.VALID and sig.timestamp is None


def test_settings_are_kept_in_the_data_folder(ws: Workspace) -> None:
    assert online_settings(ws) == OnlineSettings()  # off by default
    saved = save_online_settings(
        ws, OnlineSettings(check_revocation=True, tsa_url=" http://tsa.example.vn/tsa ")
    )
    assert saved.tsa_url == "http://tsa.example.vn/tsa"
    assert online_settings(ws) == OnlineSettings(True, "http://tsa.example.vn/tsa")
    with pytest.raises(UserError, match="is not the address of a timestamp server"):
        save_online_settings(ws, OnlineSettings(tsa_url="tsa.example.vn"))
    assert online_settings(ws).tsa_url == "http://tsa.example.vn/tsa"
