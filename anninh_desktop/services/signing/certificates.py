"""Signing certificates: what they say about themselves, and the checks made before signing.

Vietnamese rules (Luật Giao dịch điện tử 2023, NĐ 68/2024, NĐ 23/2025) ask for RSA ≥ 2048 bits or
ECDSA ≥ 256 bits with SHA-2, and a certificate that is valid now and meant for signatures. Every
problem found is reported at once, so the user learns everything that is wrong in one go.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_datetime

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
# Digests accepted for the certificate's own signature and for the document digest.
ACCEPTED_HASHES: frozenset[str] = frozenset(
    {"sha256", "sha384", "sha512", "sha3-256", "sha3-384", "sha3-512"}
)
SIGNING_DIGEST = "sha256"


@dataclass(frozen=True)
class CertificateInfo:
    """What a person choosing a certificate needs to see."""

    subject: str  # the common name (NFC), or the whole subject when it has none
    issuer: str
    serial: str  # hexadecimal
    not_before: datetime
    not_after: datetime
    fingerprint: str  # SHA-256 of the DER bytes, hexadecimal, lower case

    @property
    def fingerprint_display(self) -> str:
        """The fingerprint in colon-separated upper-case pairs, as certificate viewers show it."""
        return format_fingerprint(self.fingerprint)


def format_fingerprint(hex_digest: str) -> str:
    text = hex_digest.upper()
    return ":".join(text[i : i + 2] for i in range(0, len(text), 2))


def name_text(name: x509.Name) -> str:
    """The common name of an X.509 name (NFC), or the whole name when it has no common name."""
    common = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common:
        value = common[0].value
        return nfc(value if isinstance(value, str) else value.decode("utf-8", "replace"))
    return nfc(name.rfc4514_string())


def asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The same certificate as the ASN.1 object pyHanko works with."""
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def from_asn1_certificate(cert: asn1_x509.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when `issuer`'s name is `cert`'s issuer and its key verifies `cert`'s signature."""
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    except Exception:  # an unsupported algorithm: cannot be shown to be its issuer
        return False
    return True


def is_self_signed(cert: x509.Certificate) -> bool:
    """A root: issued by itself (name and signature)."""
    return issued_by(cert, cert)


def is_authority(cert: x509.Certificate) -> bool:
    """A certificate authority: basic constraints say so (old roots without them count when
    self-signed)."""
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return is_self_signed(cert)


def name_attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    """One attribute of a name (NFC), "" when absent; several values are joined with ", "."""
    values = []
    for attribute in name.get_attributes_for_oid(oid):
        value = attribute.value
        values.append(nfc(value if isinstance(value, str) else value.decode("utf-8", "replace")))
    return ", ".join(values)


def describe_certificate(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=name_text(cert.subject),
        issuer=name_text(cert.issuer),
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        fingerprint=fingerprint(cert),
    )


def _hash_name(algorithm: hashes.HashAlgorithm | None) -> str:
    return "" if algorithm is None else algorithm.name.replace("_", "-").lower()


def _key_problems(cert: x509.Certificate) -> list[str]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            return [
                _("its RSA key has {bits} bits; at least {minimum} are required").format(
                    bits=key.key_size, minimum=MIN_RSA_BITS
                )
            ]
        return []
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.key_size < MIN_EC_BITS:
            return [
                _("its ECDSA key has {bits} bits; at least {minimum} are required").format(
                    bits=key.curve.key_size, minimum=MIN_EC_BITS
                )
            ]
        return []
    return [
        _("its key type ({kind}) is not accepted; only RSA and ECDSA keys are").format(
            kind=type(key).__name__.removeprefix("_").removesuffix("PublicKey") or "?"
        )
    ]


def _usage_problems(cert: x509.Certificate) -> list[str]:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return [_("it does not state a key usage, so it is not meant for signing documents")]
    if not (usage.digital_signature or usage.content_commitment):
        return [
            _(
                "its key usage allows neither digital signatures nor non-repudiation, so it is "
                "not meant for signing documents"
            )
        ]
    return []


def weak_key_or_hash(cert: x509.Certificate) -> bool:
    """The key or the issuer's signature of `cert` is weaker than the rules allow."""
    if _key_problems(cert):
        return True
    try:
        cert_hash = _hash_name(cert.signature_hash_algorithm)
    except Exception:  # an unknown algorithm cannot be shown to be strong enough
        return True
    return cert_hash != "" and cert_hash not in ACCEPTED_HASHES


def certificate_problems(
    cert: x509.Certificate, now: datetime, digest: str = SIGNING_DIGEST
) -> list[str]:
    """Every reason (translated) why `cert` must not sign at `now` with `digest`; [] when none."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    problems: list[str] = []
    moment = now.astimezone(UTC)
    if moment < cert.not_valid_before_utc:
        problems.append(
            _("it is not valid before {date}").format(
                date=format_datetime(cert.not_valid_before_utc)
            )
        )
    if moment > cert.not_valid_after_utc:
        problems.append(
            _("it expired on {date}").format(date=format_datetime(cert.not_valid_after_utc))
        )
    problems.extend(_usage_problems(cert))
    problems.extend(_key_problems(cert))
    try:
        cert_hash = _hash_name(cert.signature_hash_algorithm)
    except Exception:  # an unknown algorithm OID: cryptography raises UnsupportedAlgorithm
        cert_hash = "?"
    if cert_hash not in ACCEPTED_HASHES and cert_hash != "":
        problems.append(
            _("the issuer signed it with {algorithm}; SHA-256 or stronger is required").format(
                algorithm=cert_hash.upper()
            )
        )
    if digest.lower() not in ACCEPTED_HASHES:
        problems.append(
            _(
                "the document digest {algorithm} is too weak; SHA-256 or stronger is required"
            ).format(algorithm=digest.upper())
        )
    return problems


def ensure_signing_certificate(
    cert: x509.Certificate, now: datetime, digest: str = SIGNING_DIGEST
) -> None:
    """Raise UserError naming every problem when `cert` must not be used to sign now."""
    problems = certificate_problems(cert, now, digest)
    if problems:
        raise UserError(
            _(
                "The certificate of {name} cannot be used to sign: {problems}. Choose another "
                "certificate or ask the certificate authority for a new one."
            ).format(name=name_text(cert.subject), problems="; ".join(problems))
        )
