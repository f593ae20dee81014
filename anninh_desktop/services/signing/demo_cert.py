"""A demo certificate, so that a new user can try signing without a real token.

A self-signed demo certificate authority and a signer certificate issued by it (RSA 2048,
SHA-256, digital signature and non-repudiation), valid from the workspace clock, are written to
the data folder as a password-protected .p12; the demo authority is added to the user's trust
roots so demo signatures verify as trusted on this machine — and only here.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, Encoding, pkcs12
from cryptography.x509.oid import NameOID

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import fingerprint
from anninh_desktop.services.signing.trust import TrustRoot, TrustStore
from anninh_desktop.services.signing.trust_import import import_trust_files, remove_entry

log = logging.getLogger(__name__)

DEMO_DIR = "demo-certificates"
DEMO_P12 = "demo-signer.p12"
DEMO_CA_PEM = "demo-ca.pem"
DEMO_PASSWORD = "1234"
DEMO_SIGNER_NAME = "Nguyễn Thị Hường"
DEMO_ORGANISATION = "Công an xã Hồ Thị Kỷ (thử nghiệm)"
DEMO_CA_NAME = "CA thử nghiệm An Ninh Desktop (không dùng thật)"
SIGNER_YEARS = 2
CA_YEARS = 5


@dataclass(frozen=True)
class DemoCertificate:
    p12_path: Path
    password: str
    signer_name: str
    ca: TrustRoot


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, nfc(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, nfc(common_name)),
        ]
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: rsa.RSAPublicKey,
    signing_key: rsa.RSAPrivateKey,
    start: datetime,
    years: int,
    *,
    ca: bool,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - timedelta(hours=1))
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_usage(signer=not ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(signing_key, hashes.SHA256())
    )


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _("Cannot write “{path}”: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None


def make_demo_certificate(
    data_dir: Path,
    trust: TrustStore,
    now: datetime,
    *,
    signer_name: str = DEMO_SIGNER_NAME,
    password: str = DEMO_PASSWORD,
) -> DemoCertificate:
    """Write a demo CA and signer .p12 under `data_dir`, trusting the CA; replaces an earlier demo."""
    folder = data_dir / DEMO_DIR
    folder.mkdir(parents=True, exist_ok=True)
    _forget_previous_ca(folder / DEMO_CA_PEM, trust)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name(DEMO_CA_NAME, "An Ninh Desktop")
    ca_cert = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, now, CA_YEARS, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(signer_name, DEMO_ORGANISATION)
    cert = _certificate(subject, ca_name, key.public_key(), ca_key, now, SIGNER_YEARS, ca=False)
    p12 = pkcs12.serialize_key_and_certificates(
        name=b"demo-signer",
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=BestAvailableEncryption(password.encode("utf-8")),
    )
    ca_path = folder / DEMO_CA_PEM
    _write(ca_path, ca_cert.public_bytes(Encoding.PEM))
    p12_path = folder / DEMO_P12
    _write(p12_path, p12)
    (root,) = import_trust_files(trust, [ca_path]).roots_added
    log.info("demo certificate written to %s", p12_path)
    return DemoCertificate(
        p12_path=p12_path, password=password, signer_name=nfc(signer_name), ca=root
    )


def _forget_previous_ca(ca_path: Path, trust: TrustStore) -> None:
    if not ca_path.exists():
        return
    try:
        previous = x509.load_pem_x509_certificate(ca_path.read_bytes())
        remove_entry(trust, fingerprint(previous))
    except (ValueError, OSError, UserError):
        log.info("previous demo CA not removed from the trust roots", exc_info=True)
