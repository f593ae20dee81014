"""A signing key in a PKCS#12 file (.p12, .pfx) protected by a password."""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    pkcs12,
)
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import asn1_certificate
from anninh_desktop.services.signing.sources import OpenedSigner

log = logging.getLogger(__name__)

MAX_PKCS12_BYTES = 1 << 20  # real files are a few kilobytes; anything bigger is not one


@dataclass(frozen=True)
class Pkcs12Source:
    path: Path
    password: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        return str(self.path)

    @contextmanager
    def open(self) -> Iterator[OpenedSigner]:
        yield load_pkcs12(self.path, self.password)


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PKCS12_BYTES:
            raise UserError(
                _("“{path}” is not a certificate file (.p12, .pfx): it is far too large.").format(
                    path=path
                )
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            _("The certificate file “{path}” does not exist.").format(path=path)
        ) from None
    except IsADirectoryError:
        raise UserError(
            _("“{path}” is a folder, not a certificate file.").format(path=path)
        ) from None
    except OSError as exc:
        raise UserError(
            _("Cannot read the certificate file “{path}”: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None


def _is_pkcs12_structure(data: bytes) -> bool:
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["auth_safe"]["content_type"].native  # noqa: B018 — forces parsing
    except (ValueError, TypeError, KeyError):
        return False
    return True


def password_forms(password: str | None) -> list[bytes | None]:
    """The password as NFC first (what we normalise to), then as NFD and as typed: a .p12 made
    by another program may hold a password typed decomposed (some Vietnamese keyboards), and
    trying a file's password costs nothing (a file, unlike a token, never locks)."""
    if not password:
        return [None]
    forms: list[bytes | None] = []
    for text in (nfc(password), unicodedata.normalize("NFD", password), password):
        encoded = text.encode("utf-8")
        if encoded not in forms:
            forms.append(encoded)
    return forms


def _load_with_any_form(data: bytes, password: str | None) -> Any:
    error: ValueError | None = None
    for secret in password_forms(password):
        try:
            return pkcs12.load_key_and_certificates(data, secret)
        except ValueError as exc:
            error = exc
    assert error is not None
    raise error


def load_pkcs12(path: Path, password: str | None) -> OpenedSigner:
    """The signer in a PKCS#12 file; UserError for a wrong password, a damaged file or no key."""
    data = _read(path)
    try:
        key, cert, extra = _load_with_any_form(data, password)
    except ValueError:
        if not _is_pkcs12_structure(data):
            raise UserError(
                _(
                    "“{path}” is damaged or is not a certificate file (.p12, .pfx). Copy it again "
                    "from where you received it."
                ).format(path=path)
            ) from None
        raise UserError(
            _("Wrong password for the certificate file “{path}”. Type the password again.").format(
                path=path
            )
        ) from None
    except Exception:  # unsupported encryption and the like
        log.exception("cannot load PKCS#12 file %s", path)
        raise UserError(
            _("The certificate file “{path}” uses a format this program cannot read.").format(
                path=path
            )
        ) from None
    if key is None:
        if cert is None and not extra:
            raise UserError(_("The file “{path}” holds no certificate.").format(path=path))
        raise UserError(
            _(
                "The file “{path}” holds a certificate but not its private key, so it cannot sign. "
                "Export the certificate again with its private key."
            ).format(path=path)
        )
    if cert is None:
        raise UserError(_("The file “{path}” holds no certificate.").format(path=path))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise UserError(
            _(
                "The key in “{path}” is of a kind this program cannot sign with (only RSA and ECDSA)."
            ).format(path=path)
        )
    der_key = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    signing_cert = asn1_certificate(cert)
    signing_key = asn1_keys.PrivateKeyInfo.load(der_key)

    def make_signer(chain: Sequence[x509.Certificate]) -> SimpleSigner:
        return SimpleSigner(
            signing_cert=signing_cert,
            signing_key=signing_key,
            cert_registry=SimpleCertificateStore.from_certs([asn1_certificate(c) for c in chain]),
            embed_roots=False,
        )

    return OpenedSigner(certificate=cert, carried=tuple(extra), make_signer=make_signer)
