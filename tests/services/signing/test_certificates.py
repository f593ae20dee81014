"""The checks before signing: each refusal, all problems named at once, and a good certificate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from signing_fixtures import (
    NOW,
    Issued,
    make_signer,
    resign_with_sha1,
    rsa_key,
    usage,
    write_p12,
)

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    certificate_problems,
    describe_certificate,
    ensure_signing_certificate,
)
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sign import sign_pdf


def test_a_good_certificate_passes(signer: Issued) -> None:
    assert certificate_problems(signer.cert, NOW) == []
    ensure_signing_certificate(signer.cert, NOW)


def test_expired_and_not_yet_valid(ca: Issued, signer: Issued) -> None:
    assert certificate_problems(signer.cert, NOW + timedelta(days=400)) == [
        "it expired on 02/03/2027 09:00"
    ]
    assert certificate_problems(signer.cert, NOW - timedelta(days=60)) == [
        "it is not valid before 31/01/2026 09:00"
    ]


def test_key_usage_must_allow_signing(ca: Issued) -> None:
    no_usage = make_signer(ca, key_usage=None)
    assert certificate_problems(no_usage.cert, NOW) == [
        "it does not state a key usage, so it is not meant for signing documents"
    ]
    encipher_only = make_signer(ca, key_usage=usage(signing=False, encipher=True))
    (problem,) = certificate_problems(encipher_only.cert, NOW)
    assert "neither digital signatures nor non-repudiation" in problem


def test_either_digital_signature_or_non_repudiation_is_enough(ca: Issued) -> None:
    from cryptography import x509

    only_nr = x509.KeyUsage(
        digital_signature=False,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    assert certificate_problems(make_signer(ca, key_usage=only_nr).cert, NOW) == []


@pytest.mark.slow
def test_key_sizes(ca: Issued) -> None:
    small_rsa = make_signer(ca, key=rsa_key(1024))
    assert certificate_problems(small_rsa.cert, NOW) == [
        "its RSA key has 1024 bits; at least 2048 are required"
    ]
    assert certificate_problems(make_signer(ca, key=rsa_key(2048)).cert, NOW) == []
    small_ec = make_signer(ca, key=ec.generate_private_key(ec.SECP224R1()))
    assert certificate_problems(small_ec.cert, NOW) == [
        "its ECDSA key has 224 bits; at least 256 are required"
    ]
    edwards = make_signer(ca, key=ed25519.Ed25519PrivateKey.generate())  # type: ignore[arg-type]
    (problem,) = certificate_problems(edwards.cert, NOW)
    assert "only RSA and ECDSA keys are" in problem


def test_sha1_certificates_and_digests_are_refused(ca: Issued, signer: Issued) -> None:
    weak = resign_with_sha1(signer.cert, ca.key)  # type: ignore[arg-type]
    assert certificate_problems(weak, NOW) == [
        "the issuer signed it with SHA1; SHA-256 or stronger is required"
    ]
    assert certificate_problems(signer.cert, NOW, "sha1") == [
        "the document digest SHA1 is too weak; SHA-256 or stronger is required"
    ]


def test_every_problem_is_named_in_one_message(ca: Issued) -> None:
    bad = make_signer(
        ca,
        "Trần Văn Đức",
        key=ec.generate_private_key(ec.SECP224R1()),
        not_after=NOW - timedelta(days=1),
        key_usage=None,
    )
    with pytest.raises(UserError) as caught:
        ensure_signing_certificate(bad.cert, NOW)
    message = caught.value.message
    assert message.startswith("The certificate of Trần Văn Đức cannot be used to sign: ")
    for part in ("it expired on", "does not state a key usage", "ECDSA key has 224 bits"):
        assert part in message


def test_describe_certificate(signer: Issued) -> None:
    info = describe_certificate(signer.cert)
    assert info.subject == "Nguyễn Thị Hường"
    assert info.issuer == "CA Thử nghiệm Tỉnh Cà Mau"
    assert len(info.fingerprint) == 64
    assert info.fingerprint_display.count(":") == 31


def test_signing_refuses_before_writing(tmp_path: Path, ca: Issued, unsigned: Path) -> None:
    expired = make_signer(ca, not_after=NOW - timedelta(days=1))
    source = Pkcs12Source(write_p12(tmp_path / "old.p12", expired, ca), "mật-khẩu-1")
    before = unsigned.read_bytes()
    with pytest.raises(UserError, match="it expired on"):
        sign_pdf(unsigned, tmp_path / "out.pdf", signer=source, role=SignerRole.COMMANDER, now=NOW)
    assert not (tmp_path / "out.pdf").exists()
    assert unsigned.read_bytes() == before
    assert not list(tmp_path.glob(".*partial"))
