"""Signing a built dossier with a throwaway self-signed key (pyHanko), as the signer will."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


def throwaway_signer(
    common_name: str = "Nguyễn Văn Thử",
) -> tuple[signers.SimpleSigner, asn1_x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    certificate = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([certificate]),
    )
    return signer, certificate


def sign_field(
    path: Path, field: str, _work: Path, signer: signers.SimpleSigner | None = None
) -> None:
    """Sign the existing empty field `field` of the PDF in place (an incremental update)."""
    signer = signer or throwaway_signer()[0]
    data = path.read_bytes()
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)),
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        output=out,
        existing_fields_only=True,
    )
    path.write_bytes(out.getvalue())
