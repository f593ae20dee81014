"""Reading certificate and revocation-list files as certificate authorities publish them.

Authorities hand out their certificates as .cer/.crt (DER or PEM), .pem (one or more), .p7b/.p7c
(a PKCS#7 bundle, DER or PEM, which may also carry CRLs) and their revocation lists as .crl (DER or
PEM). A file is recognised by its content, not its name: one file may hold several of each.
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import cms
from cryptography import x509

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

log = logging.getLogger(__name__)

# National CRLs of public CAs reach tens of megabytes; anything bigger is not one of these files.
MAX_TRUST_FILE = 128 << 20
TRUST_FILE_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".crl")

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.DOTALL)


@dataclass
class TrustFileContent:
    certificates: list[x509.Certificate] = field(default_factory=list)
    crls: list[x509.CertificateRevocationList] = field(default_factory=list)

    def extend(self, other: TrustFileContent) -> None:
        self.certificates.extend(other.certificates)
        self.crls.extend(other.crls)

    def __bool__(self) -> bool:
        return bool(self.certificates or self.crls)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise UserError(_("“{path}” is a folder, not a certificate file.").format(path=path))
        if path.stat().st_size > MAX_TRUST_FILE:
            raise UserError(_("“{path}” is too large to be a certificate file.").format(path=path))
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            _("The certificate file “{path}” does not exist.").format(path=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("Cannot read the certificate file “{path}”: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def _pkcs7(der: bytes) -> TrustFileContent:
    found = TrustFileContent()
    info = cms.ContentInfo.load(der)
    if info["content_type"].native != "signed_data":
        raise ValueError("not a PKCS#7 signed-data bundle")
    signed = info["content"]
    for choice in signed["certificates"] or []:
        if choice.name == "certificate":
            found.certificates.append(x509.load_der_x509_certificate(choice.chosen.dump()))
    for choice in signed["crls"] or []:
        if choice.name == "crl":
            found.crls.append(x509.load_der_x509_crl(choice.chosen.dump()))
    return found


def _der(data: bytes) -> TrustFileContent:
    """One DER object: a certificate, a CRL or a PKCS#7 bundle."""
    try:
        return TrustFileContent(certificates=[x509.load_der_x509_certificate(data)])
    except ValueError:
        pass
    try:
        return TrustFileContent(crls=[x509.load_der_x509_crl(data)])
    except ValueError:
        pass
    return _pkcs7(data)


def parse_trust_data(data: bytes) -> TrustFileContent:
    """Every certificate and CRL in the bytes of one file; ValueError when there is none."""
    blocks = _PEM_BLOCK.findall(data)
    if not blocks:
        stripped = data.strip()
        if stripped[:1] != b"\x30" and re.fullmatch(rb"[A-Za-z0-9+/=\s]+", stripped or b"-"):
            # base64 without the PEM lines, as some Windows exports write it
            data = base64.b64decode(b"".join(stripped.split()), validate=False)
        return _der(data)
    found = TrustFileContent()
    for label, body in blocks:
        der = base64.b64decode(b"".join(body.split()))
        if label in (b"CERTIFICATE", b"X509 CERTIFICATE", b"TRUSTED CERTIFICATE"):
            found.certificates.append(x509.load_der_x509_certificate(der))
        elif label == b"X509 CRL":
            found.crls.append(x509.load_der_x509_crl(der))
        elif label in (b"PKCS7", b"CMS"):
            found.extend(_pkcs7(der))
    if not found:
        raise ValueError("no certificate or CRL in the PEM blocks")
    return found


def read_trust_file(path: Path) -> TrustFileContent:
    """The certificates and CRLs of a file; UserError naming the file when it holds neither."""
    data = _read_bytes(path)
    try:
        content = parse_trust_data(data)
    except (ValueError, TypeError, KeyError) as exc:
        log.info("not a certificate file: %s (%s)", path, exc)
        content = TrustFileContent()
    if not content:
        raise UserError(
            _(
                "“{path}” holds no certificate and no revocation list (a .cer, .crt, .pem, "
                ".p7b or .crl file from the certificate authority is needed)."
            ).format(path=path)
        )
    return content


def read_certificates(path: Path) -> list[x509.Certificate]:
    """The certificates of a file; UserError when it holds none."""
    content = read_trust_file(path)
    if not content.certificates:
        raise UserError(
            _(
                "“{path}” holds no certificate (a .pem, .crt, .cer or .der file from the "
                "certificate authority is needed)."
            ).format(path=path)
        )
    return content.certificates
