"""A signing key on a PKCS#11 token (USB token, smart card; SoftHSM2 in tests).

The user chooses the vendor's PKCS#11 module (a .dll on Windows, e.g. the SafeNet or Bit4id
driver), the token (by label or slot number), types the PIN, and picks the certificate. When a
token holds exactly one certificate with a private key, that one is used without asking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from pkcs11 import Attribute, ObjectClass
from pyhanko.sign.pkcs11 import PKCS11Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.certificates import (
    CertificateInfo,
    asn1_certificate,
    describe_certificate,
)
from anninh_desktop.services.signing.sources import OpenedSigner
from anninh_desktop.services.signing.token_modules import module_bits, program_bits
from anninh_desktop.services.signing.token_pins import (
    PinGuard,
    PinRejected,
    PinTries,
    pin_tries,
    tries_text,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenInfo:
    slot: int  # index in the module's slot list
    label: str
    manufacturer: str
    model: str
    serial: str
    pin_tries: PinTries = PinTries.UNKNOWN


@dataclass(frozen=True)
class TokenCertificate:
    label: str
    id_hex: str
    info: CertificateInfo
    has_private_key: bool | None  # None: unknown (the token was not logged in)


@dataclass(frozen=True)
class Pkcs11Source:
    module: Path
    pin: str | None = field(default=None, repr=False)
    token_label: str | None = None
    slot: int | None = None
    key_label: str | None = None  # the certificate with this label (and its key) signs
    # Remembers PINs the token rejected, so the same PIN is never sent to it again by itself.
    pin_guard: PinGuard | None = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        token = self.token_label if self.token_label is not None else f"#{self.slot or 0}"
        return f"{token} ({self.module})"

    @contextmanager
    def open(self) -> Iterator[OpenedSigner]:
        lib = _load_module(self.module)
        token = _find_token(lib, self.token_label, self.slot)
        session = _login(token, self.pin, self.pin_guard, self.module)
        try:
            yield _signer(session, token, self.key_label)
        finally:
            try:
                session.close()
            except pkcs11.PKCS11Error:
                log.warning("closing the PKCS#11 session failed", exc_info=True)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip()


def _initialised(token: Any) -> bool:
    """False for a blank token (never set up by its issuer): it holds nothing to sign with."""
    return bool(token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED)


def _load_module(module: Path) -> Any:
    if not module.is_file():
        raise UserError(
            _(
                "The token driver “{path}” does not exist. Choose the PKCS#11 module (.dll, .so) "
                "installed with your token's software."
            ).format(path=module)
        )
    bits = module_bits(module)
    if bits is not None and bits != program_bits():
        raise UserError(
            _(
                "The token driver “{path}” is a {bits}-bit module; this program is {program}-bit "
                "and cannot load it. Choose the {program}-bit module of your token's software "
                "(on 64-bit Windows usually in C:\\Windows\\System32)."
            ).format(path=module, bits=bits, program=program_bits())
        )
    try:
        return pkcs11.lib(str(module))
    except pkcs11.PKCS11Error as exc:
        log.warning("cannot load PKCS#11 module %s: %s", module, exc)
        raise UserError(
            _(
                "“{path}” cannot be loaded as a token driver (PKCS#11 module). Choose the module "
                "installed with your token's software (64-bit)."
            ).format(path=module)
        ) from None


def list_tokens(module: Path) -> list[TokenInfo]:
    """The tokens plugged in and seen by the module, for a chooser."""
    lib = _load_module(module)
    found = []
    try:
        for index, slot in enumerate(lib.get_slots()):
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:  # an empty reader
                continue
            if not _initialised(token):
                continue
            found.append(
                TokenInfo(
                    slot=index,
                    label=_text(token.label),
                    manufacturer=_text(token.manufacturer_id),
                    model=_text(token.model),
                    serial=_text(token.serial),
                    pin_tries=pin_tries(token.flags),
                )
            )
    except pkcs11.PKCS11Error as exc:
        raise _token_error(exc) from None
    return found


def _find_token(lib: Any, label: str | None, slot: int | None) -> Any:
    try:
        slots = lib.get_slots()
        if slot is not None:
            if not 0 <= slot < len(slots):
                raise UserError(
                    _("There is no token slot {slot}; the driver has {count}.").format(
                        slot=slot, count=len(slots)
                    )
                )
            candidates = [slots[slot]]
        else:
            candidates = slots
        for candidate in candidates:
            try:
                token = candidate.get_token()
            except pkcs11.PKCS11Error:
                continue
            if not _initialised(token):
                continue
            if label is None or _text(token.label) == label:
                return token
    except pkcs11.PKCS11Error as exc:
        raise _token_error(exc) from None
    if label is not None:
        raise UserError(
            _("No token labelled “{label}” is plugged in. Plug it in or check its label.").format(
                label=label
            )
        )
    raise UserError(_("No token is plugged in. Plug in your signing token and try again."))


def _token_key(module: Path, token: Any) -> str:
    return f"{module}|{_text(token.serial)}|{_text(token.label)}"


def _login(
    token: Any, pin: str | None, guard: PinGuard | None = None, module: Path | None = None
) -> Any:
    """Log in once with the PIN (NFC). A rejected PIN is never tried again by the program: the
    guard refuses to send the same PIN to the same token, and the message says what the token
    reports about its remaining tries."""
    pin = nfc(pin) if pin else pin
    key = _token_key(module or Path(), token)
    if pin and guard is not None:
        guard.refuse_if_rejected(key, pin, _text(token.label))
    if pin_tries(token.flags) is PinTries.LOCKED:
        raise _locked(token)
    try:
        session = token.open(user_pin=pin) if pin else token.open()
    except pkcs11.PinIncorrect:
        if pin and guard is not None:
            guard.rejected(key, pin)
        raise PinRejected(
            _("Wrong PIN for the token “{label}”. {tries}").format(
                label=_text(token.label), tries=tries_text(_fresh_tries(token))
            )
        ) from None
    except pkcs11.PinLocked:
        raise _locked(token) from None
    except pkcs11.PinLenRange:
        raise UserError(
            _("The PIN has the wrong length for the token “{label}”.").format(
                label=_text(token.label)
            )
        ) from None
    except pkcs11.PKCS11Error as exc:
        raise _token_error(exc) from None
    if pin and guard is not None:
        guard.accepted(key)
    return session


def _locked(token: Any) -> UserError:
    return UserError(
        _(
            "The token “{label}” is locked after too many wrong PINs; ask its issuer to unlock it."
        ).format(label=_text(token.label))
    )


def _fresh_tries(token: Any) -> PinTries:
    """The token's PIN counter as it reports it now (its flags are read again)."""
    try:
        return pin_tries(token.slot.get_token().flags)
    except (pkcs11.PKCS11Error, AttributeError):
        return PinTries.UNKNOWN


def _token_error(exc: pkcs11.PKCS11Error) -> UserError:
    log.warning("PKCS#11 error: %r", exc)
    return UserError(
        _(
            "The token did not answer as expected ({error}). Unplug it, plug it in again and retry."
        ).format(error=type(exc).__name__)
    )


def _certificates(session: Any) -> list[tuple[str, bytes, x509.Certificate]]:
    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            cert = x509.load_der_x509_certificate(obj[Attribute.VALUE])
        except ValueError:
            continue
        found.append((_text(obj[Attribute.LABEL]), bytes(obj[Attribute.ID] or b""), cert))
    return found


def _private_key_ids(session: Any) -> set[bytes]:
    return {
        bytes(obj[Attribute.ID] or b"")
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    }


def list_token_certificates(
    module: Path,
    *,
    token_label: str | None = None,
    slot: int | None = None,
    pin: str | None = None,
    pin_guard: PinGuard | None = None,
) -> list[TokenCertificate]:
    """The certificates on a token; with the PIN, also whether each has its private key there."""
    lib = _load_module(module)
    token = _find_token(lib, token_label, slot)
    session = _login(token, pin, pin_guard, module)
    try:
        certs = _certificates(session)
        key_ids = _private_key_ids(session) if pin else None
    except pkcs11.PKCS11Error as exc:
        raise _token_error(exc) from None
    finally:
        session.close()
    return [
        TokenCertificate(
            label=label,
            id_hex=cert_id.hex(),
            info=describe_certificate(cert),
            has_private_key=None if key_ids is None else cert_id in key_ids,
        )
        for label, cert_id, cert in certs
    ]


class _ChainSigner(PKCS11Signer):
    """pyHanko's token signer embedding exactly the chosen chain (its own registry would also
    hold the signer's certificate, which then appears twice in the signature)."""

    def __init__(self, *args: Any, chain: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chain_store = SimpleCertificateStore.from_certs(chain)

    @property
    def cert_registry(self) -> SimpleCertificateStore:
        return self._chain_store


def _needs_raw_mechanism(token: Any, cert: x509.Certificate) -> bool:
    """True when the token cannot hash and sign in one step (many ECDSA tokens, SoftHSM2):
    the document digest is then computed here and the token signs it raw."""
    try:
        mechanisms = set(token.slot.get_mechanisms())
    except (pkcs11.PKCS11Error, AttributeError):
        return False
    if isinstance(cert.public_key(), ec.EllipticCurvePublicKey):
        return (
            pkcs11.Mechanism.ECDSA_SHA256 not in mechanisms and pkcs11.Mechanism.ECDSA in mechanisms
        )
    return (
        pkcs11.Mechanism.SHA256_RSA_PKCS not in mechanisms
        and pkcs11.Mechanism.RSA_PKCS in mechanisms
    )


def _signer(session: Any, token: Any, key_label: str | None) -> OpenedSigner:
    try:
        certs = _certificates(session)
        key_ids = _private_key_ids(session)
    except pkcs11.PKCS11Error as exc:
        raise _token_error(exc) from None
    if key_label is not None:
        chosen = [c for c in certs if c[0] == key_label]
        if not chosen:
            labels = ", ".join(sorted(c[0] for c in certs)) or "—"
            raise UserError(
                _(
                    "The token “{token}” holds no certificate labelled “{label}” (it holds: "
                    "{labels})."
                ).format(token=_text(token.label), label=key_label, labels=labels)
            )
    else:
        chosen = [c for c in certs if c[1] in key_ids]
        if len(chosen) != 1:
            labels = ", ".join(sorted(c[0] for c in chosen or certs)) or "—"
            message = (
                _("The token “{token}” holds no certificate with a private key.")
                if not chosen
                else _(
                    "The token “{token}” holds several signing certificates ({labels}); choose one."
                )
            )
            raise UserError(message.format(token=_text(token.label), labels=labels))
    label, cert_id, cert = chosen[0]
    if cert_id not in key_ids:
        raise UserError(
            _(
                "The private key of the certificate “{label}” is not on the token “{token}”, so "
                "it cannot sign."
            ).format(label=label, token=_text(token.label))
        )
    carried = tuple(c for c_label, c_id, c in certs if c_id != cert_id or c_label != label)

    raw = _needs_raw_mechanism(token, cert)

    def make_signer(chain: Sequence[x509.Certificate]) -> PKCS11Signer:
        return _ChainSigner(
            session,
            signing_cert=asn1_certificate(cert),
            key_id=cert_id,
            other_certs_to_pull=(),  # the chain is chosen by check_chain, not all of the token
            embed_roots=False,
            use_raw_mechanism=raw,
            chain=[asn1_certificate(c) for c in chain],
        )

    return OpenedSigner(certificate=cert, carried=carried, make_signer=make_signer)
