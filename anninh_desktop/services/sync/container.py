"""The package container: magic, format, header, AES-256-GCM chunks, Ed25519 signature.

Streaming both ways: memory holds a few chunks whatever the package size. See docs/sync.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

MAGIC = b"ANSYNC\r\n"
FORMAT = 1
CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 16 << 20
MAX_HEADER = 64 << 10
SIGNATURE_SIZE = 64
SIGNATURE_DOMAIN = b"anninh-sync-v1"
TAG_SIZE = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MAX_SCRYPT_N = 1 << 20

_PREFIX = struct.Struct(">8sHI")  # magic, format, header length
_LEN = struct.Struct(">I")


class PackageDamaged(UserError):
    """The file is not a whole, intact package (flipped byte, truncated, wrong key)."""


class PackageTooNew(UserError):
    pass


def damaged(path: object) -> PackageDamaged:
    return PackageDamaged(
        _(
            "{path} is damaged or incomplete (it may have been cut short when the USB stick was "
            "pulled); nothing was imported. Ask the sender for a new export."
        ).format(path=path)
    )


def _nonce(counter: int) -> bytes:
    return b"\0\0\0\0" + counter.to_bytes(8, "big")


def _aad(header_digest: bytes, counter: int, final: bool) -> bytes:
    return header_digest + counter.to_bytes(8, "big") + (b"\1" if final else b"\0")


def key_for_recipient(shared_secret: bytes, package_id: str, sender: str, recipient: str) -> bytes:
    info = f"anninh-sync-v1|{sender}|{recipient}".encode("ascii")
    return HKDF(hashes.SHA256(), 32, bytes.fromhex(package_id), info).derive(shared_secret)


def key_from_passphrase(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal_for_recipient(
    recipient_public: X25519PublicKey, package_id: str, sender: str, recipient: str
) -> tuple[bytes, dict[str, Any]]:
    """A fresh key for the package and the header fields the recipient needs to derive it."""
    ephemeral = X25519PrivateKey.generate()
    key = key_for_recipient(ephemeral.exchange(recipient_public), package_id, sender, recipient)
    from cryptography.hazmat.primitives import serialization

    pub = ephemeral.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return key, {"mode": "key", "ephemeral": pub.hex()}


def seal_with_passphrase(passphrase: str) -> tuple[bytes, dict[str, Any]]:
    salt = os.urandom(16)
    key = key_from_passphrase(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return key, {
        "mode": "passphrase",
        "salt": salt.hex(),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
    }


class ContainerWriter:
    """Writes header, then encrypted chunks of what is written, then the signature on close()."""

    def __init__(
        self,
        out: BinaryIO,
        header: dict[str, Any],
        key: bytes,
        signing_key: Ed25519PrivateKey,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._signing_key = signing_key
        self._chunk_size = chunk_size
        self._hash = hashlib.sha256(SIGNATURE_DOMAIN)
        self._buffer = bytearray()
        self._counter = 0
        header = {**header, "format": FORMAT, "chunk_size": chunk_size}
        blob = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
        self._header_digest = hashlib.sha256(blob).digest()
        self._emit(_PREFIX.pack(MAGIC, FORMAT, len(blob)) + blob)

    def _emit(self, data: bytes) -> None:
        self._hash.update(data)
        self._out.write(data)

    def _chunk(self, data: bytes, final: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._counter), data, _aad(self._header_digest, self._counter, final)
        )
        self._emit(_LEN.pack(len(sealed)) + sealed)
        self._counter += 1

    def write(self, data: bytes | memoryview) -> None:
        self._buffer += data
        while len(self._buffer) > self._chunk_size:  # keep the last chunk for close()
            self._chunk(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]

    def close(self) -> None:
        self._chunk(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._out.write(self._signing_key.sign(self._hash.digest()))


def read_header(fh: BinaryIO, path: object) -> tuple[dict[str, Any], bytes]:
    """The header (checked for magic and format) and its raw bytes; the file stays positioned after it."""
    prefix = fh.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size:
        raise damaged(path)
    magic, fmt, length = _PREFIX.unpack(prefix)
    if magic != MAGIC:
        raise PackageDamaged(
            _("{path} is not an An Ninh sync package; nothing was imported.").format(path=path)
        )
    if fmt > FORMAT:
        raise PackageTooNew(
            _(
                "{path} was made by a newer version of An Ninh Desktop (package format {found}, "
                "this program reads {supported}); install the newer version to import it."
            ).format(path=path, found=fmt, supported=FORMAT)
        )
    if fmt != FORMAT or length > MAX_HEADER:
        raise damaged(path)
    raw = fh.read(length)
    if len(raw) < length:
        raise damaged(path)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise damaged(path) from exc
    if not isinstance(header, dict) or header.get("format") != fmt:
        raise damaged(path)
    return header, prefix + raw


def derive_read_key(
    header: dict[str, Any],
    path: object,
    *,
    own_key: X25519PrivateKey,
    passphrase: str | None,
) -> bytes:
    """The payload key from the header: our X25519 key, or the passphrase."""
    try:
        if header.get("mode") == "key":
            eph = X25519PublicKey.from_public_bytes(bytes.fromhex(header["ephemeral"]))
            return key_for_recipient(
                own_key.exchange(eph), header["package_id"], header["sender"], header["recipient"]
            )
        if header.get("mode") == "passphrase":
            if passphrase is None:
                raise UserError(
                    _("{path} is protected with a passphrase; give the passphrase file.").format(
                        path=path
                    )
                )
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
            if not (1 < n <= MAX_SCRYPT_N and 0 < r <= 16 and 0 < p <= 4):
                raise damaged(path)
            return key_from_passphrase(passphrase, bytes.fromhex(header["salt"]), n, r, p)
    except (KeyError, ValueError, TypeError) as exc:
        raise damaged(path) from exc
    raise damaged(path)


class ContainerReader:
    """Decrypts chunk by chunk (`read`); `finish()` checks the signature over the whole file.

    Nothing read may be acted on before `finish()` returned.
    """

    def __init__(
        self,
        fh: BinaryIO,
        raw_header: bytes,
        header: dict[str, Any],
        key: bytes,
        path: object,
        *,
        wrong_key_error: Callable[[], UserError],
    ) -> None:
        self._fh = fh
        self._path = path
        self._aead = AESGCM(key)
        self._wrong_key = wrong_key_error
        self._hash = hashlib.sha256(SIGNATURE_DOMAIN + raw_header)
        self._header_digest = hashlib.sha256(raw_header[_PREFIX.size :]).digest()
        size = os.fstat(fh.fileno()).st_size
        self._end = size - SIGNATURE_SIZE
        chunk = header.get("chunk_size")
        if not isinstance(chunk, int) or not 0 < chunk <= MAX_CHUNK_SIZE:
            raise damaged(path)
        self._max_sealed = chunk + TAG_SIZE
        self._counter = 0
        self._final = False
        self._plain = b""
        self._pos = 0

    def _next_chunk(self) -> None:
        if self._final:
            raise damaged(self._path)  # the payload claims more than the file holds
        head = self._take(_LEN.size)
        (length,) = _LEN.unpack(head)
        if not TAG_SIZE <= length <= self._max_sealed:
            raise damaged(self._path)
        sealed = self._take(length)
        final = self._fh.tell() == self._end
        try:
            plain = self._aead.decrypt(
                _nonce(self._counter), sealed, _aad(self._header_digest, self._counter, final)
            )
        except InvalidTag:
            if self._counter == 0:
                raise self._wrong_key() from None
            raise damaged(self._path) from None
        self._counter += 1
        self._final = final
        self._plain, self._pos = plain, 0

    def _take(self, n: int) -> bytes:
        if self._fh.tell() + n > self._end:
            raise damaged(self._path)
        data = self._fh.read(n)
        if len(data) != n:
            raise damaged(self._path)
        self._hash.update(data)
        return data

    def read(self, n: int) -> bytes:
        """Exactly `n` plaintext bytes (fewer only at the end of the payload)."""
        parts: list[bytes] = []
        while n > 0:
            if self._pos >= len(self._plain):
                if self._final:
                    break
                self._next_chunk()
                continue
            piece = self._plain[self._pos : self._pos + n]
            self._pos += len(piece)
            n -= len(piece)
            parts.append(piece)
        return b"".join(parts)

    def at_end(self) -> bool:
        while self._pos >= len(self._plain) and not self._final:
            self._next_chunk()
        return self._final and self._pos >= len(self._plain)

    def finish(self, sender_key: Ed25519PublicKey) -> None:
        """Checks that the payload was read to its end and that the signature is the sender's."""
        if not self.at_end():
            raise damaged(self._path)
        signature = self._fh.read(SIGNATURE_SIZE + 1)
        if len(signature) != SIGNATURE_SIZE:
            raise damaged(self._path)
        try:
            sender_key.verify(signature, self._hash.digest())
        except InvalidSignature:
            raise damaged(self._path) from None
