"""Test material for signing: certificates, .p12 files, unsigned PDFs with our fields, images, pdfsig.

Certificates are made with `cryptography` around a fixed moment (`NOW`, the tests' workspace
clock), so validity checks do not depend on the machine's date.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import algos
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    pkcs12,
)
from cryptography.x509.oid import NameOID
from fixtures.workspaces import FIXED_NOW
from PIL import Image, ImageDraw
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole
from anninh_desktop.services.fonts import register_reportlab_fonts

NOW = FIXED_NOW
PASSWORD = "mật-khẩu-1"

# Field rectangles of the test dossier's last page: the organisation's overlaps the left third
# of the commander's (the seal covers the left third of the signature image).
COMMANDER_BOX = (330, 120, 530, 220)
ORGANISATION_BOX = (290, 110, 397, 232)


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def usage(*, signing: bool = True, ca: bool = False, encipher: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=encipher,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(common_name: str = "CA Thử nghiệm Tỉnh Cà Mau") -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(common_name))
        .issuer_name(name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=400))
        .not_valid_after(NOW + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage(signing=False, ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def make_signer(
    ca: Issued,
    common_name: str = "Nguyễn Thị Hường",
    *,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    key_usage: x509.KeyUsage | None = usage(),  # noqa: B008 — an immutable value
) -> Issued:
    key = key or ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(common_name))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - timedelta(days=30))
        .not_valid_after(not_after or NOW + timedelta(days=365))
    )
    if key_usage is not None:
        builder = builder.add_extension(key_usage, critical=True)
    return Issued(builder.sign(ca.key, hashes.SHA256()), key)


def resign_with_sha1(
    cert: x509.Certificate, issuer_key: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    """The same certificate signed by its issuer with ECDSA-SHA1 (cryptography refuses to build it)."""
    parsed = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    tbs = parsed["tbs_certificate"]
    algorithm = algos.SignedDigestAlgorithm({"algorithm": "sha1_ecdsa"})
    tbs["signature"] = algorithm
    tbs_der = tbs.dump(force=True)
    signature = issuer_key.sign(tbs_der, ec.ECDSA(hashes.SHA1()))
    rebuilt = asn1_x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature}
    )
    return x509.load_der_x509_certificate(rebuilt.dump(force=True))


def write_p12(
    path: Path,
    issued: Issued | None,
    ca: Issued,
    password: str | None = PASSWORD,
    *,
    cert: x509.Certificate | None = None,
) -> Path:
    encryption = BestAvailableEncryption(password.encode()) if password else NoEncryption()
    data = pkcs12.serialize_key_and_certificates(
        name=b"signer",
        key=issued.key if issued else None,
        cert=cert or (issued.cert if issued else None),
        cas=[ca.cert],
        encryption_algorithm=encryption,
    )
    path.write_bytes(data)
    return path


def write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(Encoding.PEM))
    return path


# ------------------------------------------------------------------------------------ PDFs

BODY = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "BÁO CÁO kết quả xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "Công an xã Hồ Thị Kỷ, tỉnh Cà Mau — đạt 32/34 tiêu chí.",
)


def plain_pdf(pages: int = 3) -> bytes:
    """A few A4 pages of Vietnamese text (no signature field)."""
    family = register_reportlab_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    for page in range(pages):
        c.setFont(family, 13)
        for i, line in enumerate(BODY):
            c.drawString(85, 760 - 22 * i, line)
        c.drawString(85, 600, f"Trang {page + 1}")
        if page == pages - 1:
            c.drawString(360, 240, "TM. CÔNG AN XÃ")
            c.drawString(370, 100, "Nguyễn Thị Hường")
        c.showPage()
    c.save()
    return buf.getvalue()


def dossier_pdf(path: Path, pages: int = 3) -> Path:
    """Like the builder's output: our empty signature fields, visible for the commune's two."""
    writer = IncrementalPdfFileWriter(io.BytesIO(plain_pdf(pages)))
    boxes = {SignerRole.COMMANDER: COMMANDER_BOX, SignerRole.ORGANISATION: ORGANISATION_BOX}
    for role, field_name in SIGNATURE_FIELD_NAMES.items():
        append_signature_field(
            writer, SigFieldSpec(sig_field_name=field_name, on_page=pages - 1, box=boxes.get(role))
        )
    out = io.BytesIO()
    writer.write(out)
    path.write_bytes(out.getvalue())
    return path


def foreign_pdf(path: Path, pages: int = 2) -> Path:
    path.write_bytes(plain_pdf(pages))
    return path


# ---------------------------------------------------------------------------------- images


def signature_png(path: Path) -> Path:
    img = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    ImageDraw.Draw(img).line(
        [(20, 200), (150, 40), (260, 220), (400, 60), (580, 180)], fill=(20, 40, 200, 255), width=14
    )
    img.save(path)
    return path


def seal_png(path: Path, dpi: int = 300, diameter_mm: float = 35.0) -> Path:
    size = round(diameter_mm / 25.4 * dpi)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse([4, 4, size - 4, size - 4], outline=(220, 0, 0, 255), width=size // 25)
    draw.ellipse([size // 6, size // 6, size * 5 // 6, size * 5 // 6], fill=(220, 0, 0, 200))
    img.save(path, dpi=(dpi, dpi))
    return path


# ---------------------------------------------------------------------------------- pdfsig


@dataclass(frozen=True)
class PdfsigSignature:
    field: str
    validation: str  # "Signature is Valid.", "Digest Mismatch.", …
    total_document: bool

    @property
    def valid(self) -> bool:
        return self.validation == "Signature is Valid."


def pdfsig(path: Path) -> list[PdfsigSignature]:
    """What poppler's pdfsig says about each signature (its own, independent check)."""
    out = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    found = []
    for block in re.split(r"^Signature #\d+:\s*$", out, flags=re.M)[1:]:
        field = re.search(r"Signature Field Name: (.*)", block)
        validation = re.search(r"Signature Validation: (.*)", block)
        if validation is None and "Signer Certificate" not in block:
            continue  # an empty signature field
        found.append(
            PdfsigSignature(
                field=field.group(1).strip() if field else "",
                validation=validation.group(1).strip() if validation else "",
                total_document="Total document signed" in block,
            )
        )
    return found


# ------------------------------------------------------------------------------- tampering


def change_signed_byte(path: Path, target: Path) -> Path:
    """A copy with one byte changed inside the first signed range (in the Producer text)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"ReportLab")
    first_range_end = int(re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)", bytes(data)).group(1))
    assert at < first_range_end
    data[at] = ord("r")
    target.write_bytes(bytes(data))
    return target


def add_page_incrementally(path: Path, target: Path) -> Path:
    """A copy with a blank page appended as an incremental update (the signed bytes untouched)."""
    from pypdf import PdfWriter

    writer = PdfWriter(path, incremental=True)
    writer.add_blank_page(595, 842)
    writer.write(target)
    assert target.read_bytes().startswith(path.read_bytes())
    return target


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)
