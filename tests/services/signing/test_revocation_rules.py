"""Revocation rules on their own: which answer wins when offline lists and an online answer
differ, the first revoked certificate of a chain, and which lists cover a certificate (a delta
list never; an issuing distribution point only for what it names). Certificates and lists are
made here with `cryptography`; real chains and lists are in test_revocation.py."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from anninh_desktop.services.signing.revocation import (
    RevocationState,
    RevocationStatus,
    _covers,
    _from_issuer,
    crl_status,
    first_revoked,
    merge_revocation,
)

S = RevocationState
KEY = ec.generate_private_key(ec.SECP256R1())
NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
POINT = x509.UniformResourceIdentifier("http://crl.example.vn/ca.crl")
OTHER = x509.UniformResourceIdentifier("http://crl.example.vn/other.crl")


def _status(state: RevocationState, *, stale: bool = False, who: str = "") -> RevocationStatus:
    return RevocationStatus(f"signer{who}", "CA", state, source="crl", stale=stale)


@pytest.mark.parametrize(
    ("here", "there", "wins"),
    [
        (_status(S.REVOKED), _status(S.GOOD), "offline"),
        (_status(S.REVOKED), _status(S.REVOKED), "offline"),
        (_status(S.GOOD), _status(S.REVOKED), "online"),
        (_status(S.NO_DATA), _status(S.REVOKED), "online"),
        (_status(S.NO_DATA), _status(S.GOOD), "online"),
        (_status(S.NO_ISSUER), _status(S.GOOD), "online"),
        (_status(S.GOOD), _status(S.NO_DATA), "offline"),
        (_status(S.NO_DATA), _status(S.NO_DATA), "offline"),
        (_status(S.GOOD, stale=True), _status(S.GOOD), "online"),
        (_status(S.GOOD, stale=True), _status(S.GOOD, stale=True), "offline"),
        (_status(S.GOOD), _status(S.GOOD), "offline"),
        (_status(S.GOOD), _status(S.GOOD, stale=True), "offline"),
        (_status(S.NO_DATA, stale=True), _status(S.NO_DATA), "offline"),
    ],
)
def test_a_revoked_answer_wins_then_a_checked_one_then_a_fresh_one(
    here: RevocationStatus, there: RevocationStatus, wins: str
) -> None:
    here = RevocationStatus(**{**here.__dict__, "source": "crl"})
    there = RevocationStatus(**{**there.__dict__, "source": "ocsp"})
    (merged,) = merge_revocation([here], [there])
    assert merged is (here if wins == "offline" else there)


def test_each_certificate_is_merged_with_its_own_online_answer() -> None:
    offline = [_status(S.GOOD, who="1"), _status(S.NO_DATA, who="2"), _status(S.NO_DATA, who="3")]
    online = [_status(S.REVOKED, who="1"), _status(S.GOOD, who="2")]  # nothing for the third
    assert merge_revocation(offline, online) == [online[0], online[1], offline[2]]
    assert merge_revocation(offline, []) == offline
    assert merge_revocation([], online) == []


def test_the_first_revoked_certificate_of_a_chain() -> None:
    good, revoked, later = _status(S.GOOD), _status(S.REVOKED, who="a"), _status(S.REVOKED)
    assert first_revoked([]) is None
    assert first_revoked([good, _status(S.NO_DATA)]) is None
    assert first_revoked([good, revoked, later]) is revoked
    assert first_revoked(iter([revoked])) is revoked


# ---------------------------------------------------------------- which lists cover a certificate


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(*, ca: bool | None, points: list[x509.GeneralName] | None) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name("Người ký"))
        .issuer_name(_name("CA"))
        .public_key(KEY.public_key())
        .serial_number(1234)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
    )
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    if points is not None:
        dp = x509.DistributionPoint(points, None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([dp]), False)
    return builder.sign(KEY, hashes.SHA256())


def _crl(*extensions: x509.ExtensionType) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(_name("CA"))
        .last_update(NOW)
        .next_update(NOW + dt.timedelta(days=7))
    )
    for ext in extensions:
        builder = builder.add_extension(ext, True)
    return builder.sign(KEY, hashes.SHA256())


def _idp(
    *,
    names: list[x509.GeneralName] | None = None,
    users: bool = False,
    cas: bool = False,
    attributes: bool = False,
    indirect: bool = False,
) -> x509.IssuingDistributionPoint:
    return x509.IssuingDistributionPoint(
        full_name=names,
        relative_name=None,
        only_contains_user_certs=users,
        only_contains_ca_certs=cas,
        only_some_reasons=None,
        indirect_crl=indirect,
        only_contains_attribute_certs=attributes,
    )


def test_a_whole_list_without_a_scope_covers_every_certificate() -> None:
    assert _covers(_crl(), _cert(ca=False, points=None))
    assert _covers(_crl(), _cert(ca=None, points=[OTHER]))


def test_a_delta_list_covers_nothing() -> None:
    assert not _covers(_crl(x509.DeltaCRLIndicator(3)), _cert(ca=False, points=[POINT]))


@pytest.mark.parametrize(
    ("idp", "ca", "covered"),
    [
        ({"users": True}, False, True),
        ({"users": True}, None, True),  # no basic constraints: an end entity
        ({"users": True}, True, False),
        ({"cas": True}, True, True),
        ({"cas": True}, False, False),
        ({"cas": True}, None, False),
        ({"attributes": True}, False, False),
        ({"indirect": True}, False, False),
    ],
)
def test_a_list_only_for_some_kinds_of_certificate(
    idp: dict[str, bool], ca: bool | None, covered: bool
) -> None:
    assert _covers(_crl(_idp(**idp)), _cert(ca=ca, points=None)) is covered


def test_a_list_for_a_distribution_point_covers_the_certificates_that_name_it() -> None:
    scoped = _crl(_idp(names=[POINT]))
    assert _covers(scoped, _cert(ca=False, points=[POINT]))
    assert _covers(scoped, _cert(ca=False, points=[OTHER, POINT]))
    assert not _covers(scoped, _cert(ca=False, points=[OTHER]))
    assert not _covers(scoped, _cert(ca=False, points=None))  # names no point at all
    assert _covers(_crl(_idp(names=[OTHER, POINT])), _cert(ca=False, points=[POINT]))


# ---------------------------------------------------------------- whose list, and what it says


def _ca(key: ec.EllipticCurvePrivateKey, cn: str = "CA") -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - dt.timedelta(days=10))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )


def _list(
    issuer: str, key: ec.EllipticCurvePrivateKey, *revoked: x509.RevokedCertificate
) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(_name(issuer))
        .last_update(NOW - dt.timedelta(days=1))
        .next_update(NOW + dt.timedelta(days=7))
    )
    for entry in revoked:
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(key, hashes.SHA256())


def test_only_a_list_named_for_the_issuer_and_signed_by_its_key_counts() -> None:
    ca = _ca(KEY)
    assert _from_issuer(_list("CA", KEY), ca)
    assert not _from_issuer(_list("Another CA", KEY), ca)  # same key, another name
    assert not _from_issuer(_list("CA", ec.generate_private_key(ec.SECP256R1())), ca)


def test_a_revocation_without_a_reason_is_unspecified() -> None:
    ca, cert = _ca(KEY), _cert(ca=False, points=None)
    entry = (
        x509.RevokedCertificateBuilder()
        .serial_number(cert.serial_number)
        .revocation_date(NOW - dt.timedelta(hours=5))
        .build()
    )
    found = crl_status(cert, ca, [_list("CA", KEY, entry)], NOW)
    assert (found.state, found.reason, found.source) == (S.REVOKED, "unspecified", "crl")
    assert found.revoked_at == NOW - dt.timedelta(hours=5)
    assert crl_status(cert, ca, [_list("CA", KEY)], NOW).state is S.GOOD
