"""The signed, encrypted container of sync packages and backups (see docs/sync.md, "Package file").

```
magic (8) | format u16 | header length u32 | header (JSON)
| chunks: [sealed length u32 | AES-256-GCM ciphertext | Ed25519 signature (64)]…
```

Every chunk is signed on its own, over the header's digest, its counter, whether it is the last one
and its ciphertext. A reader checks a chunk's signature (and then its AEAD tag) before it uses a
single byte of it: a forged package is refused at its first chunk, before anything is inflated,
parsed or written, in time proportional to what it read and with memory for one chunk. Streaming
both ways: memory holds a few chunks whatever the file size.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

MAGIC = b"ANSYNC\r\n"
FORMAT = 2
CHUNK_SIZE = 1 << 20
MAX_CHUNK_SIZE = 16 << 20
MAX_HEADER = 64 << 10
SIGNATURE_SIZE = 64
SIGNATURE_DOMAIN = b"anninh-sync-v2"
TAG_SIZE = 16
# scrypt: 128 * n * r bytes of memory (32 MiB here). A header may not ask for more: a forged
# header must not make the reader allocate gigabytes before anything is checked.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MAX_SCRYPT_N, MAX_SCRYPT_R, MAX_SCRYPT_P = 1 << 15, 8, 1

_PREFIX = struct.Struct(">8sHI")  # magic, format, header length
_LEN = struct.Struct(">I")


class PackageDamaged(UserError):
    """The file is not a whole, intact package (flipped byte, truncated)."""


class PackageForged(UserError):
    """The file is intact but not signed by the office it names: forged or altered on purpose."""


class PackageTooNew(UserError):
    pass


def damaged(path: object) -> PackageDamaged:
    return PackageDamaged(
        _(
            "{path} is damaged or incomplete (it may have been cut short when the USB stick was "
            "pulled); nothing was imported. Ask the sender for a new export."
        ).format(path=path)
    )


def forged(path: object, office: str) -> PackageForged:
    return PackageForged(
        _(
            "{path} is not signed by a trusted office: it names {office} as its sender, but "
            "{office} did not sign it (it was forged or altered on purpose); nothing was "
            "imported. Do not use this file; tell {office} and ask for a new export."
        ).format(path=path, office=office)
    )


@dataclass(frozen=True)
class Kind:
    """What a container holds: its magic, its signature domain and its refusal messages."""

    magic: bytes
    domain: bytes
    damaged: Callable[[object], UserError]
    too_new: Callable[[object, int], UserError]
    not_ours: Callable[[object], UserError]


def _package_too_new(path: object, found: int) -> UserError:
    return PackageTooNew(
        _(
            "{path} was made by a newer version of An Ninh Desktop (package format {found}, "
            "this program reads {supported}); install the newer version to import it."
        ).format(path=path, found=found, supported=FORMAT)
    )


def _not_a_package(path: object) -> UserError:
    return PackageDamaged(
        _("{path} is not an An Ninh sync package; nothing was imported.").format(path=path)
    )


SYNC_PACKAGE = Kind(MAGIC, SIGNATURE_DOMAIN, damaged, _package_too_new, _not_a_package)


def _nonce(counter: int) -> bytes:
    return b"\0\0\0\0" + counter.to_bytes(8, "big")


def _aad(header_digest: bytes, counter: int, final: bool) -> bytes:
    return header_digest + counter.to_bytes(8, "big") + (b"\1" if final else b"\0")


def _signed_digest(domain: bytes, header_digest: bytes, counter: int, final: bool, sealed: bytes):
    digest = hashlib.sha256(domain)
    digest.update(_aad(header_digest, counter, final))
    digest.update(sealed)
    return digest.digest()


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
    """Writes header, then encrypted, signed chunks of what is written; the last one on close()."""

    def __init__(
        self,
        out: BinaryIO,
        header: dict[str, Any],
        key: bytes,
        signing_key: Ed25519PrivateKey,
        chunk_size: int = CHUNK_SIZE,
        *,
        kind: Kind = SYNC_PACKAGE,
    ) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._signing_key = signing_key
        self._chunk_size = chunk_size
        self._domain = kind.domain
        self._buffer = bytearray()
        self._counter = 0
        header = {**header, "format": FORMAT, "chunk_size": chunk_size}
        blob = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
        raw = _PREFIX.pack(kind.magic, FORMAT, len(blob)) + blob
        self._header_digest = hashlib.sha256(raw).digest()
        self.written = len(raw)
        out.write(raw)

    def _chunk(self, data: bytes, final: bool) -> None:
        aad = _aad(self._header_digest, self._counter, final)
        sealed = self._aead.encrypt(_nonce(self._counter), data, aad)
        signature = self._signing_key.sign(
            _signed_digest(self._domain, self._header_digest, self._counter, final, sealed)
        )
        self._out.write(_LEN.pack(len(sealed)))
        self._out.write(sealed)
        self._out.write(signature)
        self.written += _LEN.size + len(sealed) + SIGNATURE_SIZE
        self._counter += 1

    def write(self, data: bytes | memoryview) -> None:
        self._buffer += data
        while len(self._buffer) > self._chunk_size:  # keep the last chunk for close()
            self._chunk(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]

    def close(self) -> None:
        self._chunk(bytes(self._buffer), final=True)
        self._buffer.clear()


def read_header(
    fh: BinaryIO, path: object, kind: Kind = SYNC_PACKAGE
) -> tuple[dict[str, Any], bytes]:
    """The header (checked for magic and format) and its raw bytes; the file stays positioned after it."""
    prefix = fh.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size:
        raise kind.damaged(path)
    magic, fmt, length = _PREFIX.unpack(prefix)
    if magic != kind.magic:
        raise kind.not_ours(path)
    if fmt > FORMAT:
        raise kind.too_new(path, fmt)
    if fmt != FORMAT or length > MAX_HEADER:
        raise kind.damaged(path)
    raw = fh.read(length)
    if len(raw) < length:
        raise kind.damaged(path)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise kind.damaged(path) from exc
    if not isinstance(header, dict) or header.get("format") != fmt:
        raise kind.damaged(path)
    return header, prefix + raw


def derive_read_key(
    header: dict[str, Any],
    path: object,
    *,
    own_key: X25519PrivateKey | None,
    passphrase: str | None,
    kind: Kind = SYNC_PACKAGE,
) -> bytes:
    """The payload key from the header: our X25519 key, or the passphrase."""
    try:
        if header.get("mode") == "key" and own_key is not None:
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
            n, r, p = header["n"], header["r"], header["p"]
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
                raise kind.damaged(path)
            if not (1 < n <= MAX_SCRYPT_N and n & (n - 1) == 0):
                raise kind.damaged(path)
            if not (0 < r <= MAX_SCRYPT_R and 0 < p <= MAX_SCRYPT_P):
                raise kind.damaged(path)
            salt = bytes.fromhex(header["salt"])
            if not 8 <= len(salt) <= 64:
                raise kind.damaged(path)
            return key_from_passphrase(passphrase, salt, n, r, p)
    except (KeyError, ValueError, TypeError) as exc:
        raise kind.damaged(path) from exc
    raise kind.damaged(path)


class ContainerReader:
    """Checks, then decrypts, chunk by chunk (`read`); `finish()` checks that all was read.

    A chunk's signature is checked before its plaintext is used: nothing `read` returns comes
    from anyone but the holder of `sender_key`. When a chunk's signature is wrong, its AEAD tag
    tells damage (both wrong: a flipped bit, a cut) from forgery (the encryption is intact, so
    the file was made whole by someone else: `forged_error`).
    """

    def __init__(
        self,
        fh: BinaryIO,
        raw_header: bytes,
        header: dict[str, Any],
        key: bytes,
        path: object,
        *,
        sender_key: Ed25519PublicKey,
        wrong_key_error: Callable[[], UserError],
        forged_error: Callable[[], UserError],
        kind: Kind = SYNC_PACKAGE,
    ) -> None:
        self._fh = fh
        self._path = path
        self._kind = kind
        self._aead = AESGCM(key)
        self._sender_key = sender_key
        self._wrong_key = wrong_key_error
        self._forged = forged_error
        self._header_digest = hashlib.sha256(raw_header).digest()
        self._size = os.fstat(fh.fileno()).st_size
        chunk = header.get("chunk_size")
        if not isinstance(chunk, int) or isinstance(chunk, bool) or not 0 < chunk <= MAX_CHUNK_SIZE:
            raise kind.damaged(path)
        self._max_sealed = chunk + TAG_SIZE
        self._counter = 0
        self._final = False
        self._plain = b""
        self._pos = 0

    def _damaged(self) -> UserError:
        return self._kind.damaged(self._path)

    def _next_chunk(self) -> None:
        if self._final:
            raise self._damaged()  # the payload claims more than the file holds
        head = self._take(_LEN.size)
        (length,) = _LEN.unpack(head)
        if not TAG_SIZE <= length <= self._max_sealed:
            raise self._damaged()
        sealed = self._take(length)
        signature = self._take(SIGNATURE_SIZE)
        final = self._fh.tell() == self._size
        aad = _aad(self._header_digest, self._counter, final)
        digest = _signed_digest(
            self._kind.domain, self._header_digest, self._counter, final, sealed
        )
        try:
            self._sender_key.verify(signature, digest)
        except InvalidSignature:
            try:
                self._aead.decrypt(_nonce(self._counter), sealed, aad)
            except InvalidTag:
                raise self._damaged() from None
            raise self._forged() from None
        try:
            plain = self._aead.decrypt(_nonce(self._counter), sealed, aad)
        except InvalidTag:
            if self._counter == 0:
                raise self._wrong_key() from None
            raise self._damaged() from None
        self._counter += 1
        self._final = final
        self._plain, self._pos = plain, 0

    def _take(self, n: int) -> bytes:
        if self._fh.tell() + n > self._size:
            raise self._damaged()
        data = self._fh.read(n)
        if len(data) != n:
            raise self._damaged()
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

    def start(self) -> None:
        """Check the first chunk now (a forged file is refused before anything else is done)."""
        if self._counter == 0 and not self._plain:
            self._next_chunk()

    def finish(self) -> None:
        """Checks that the payload was read to its end (every chunk was checked on the way)."""
        if not self.at_end():
            raise self._damaged()
