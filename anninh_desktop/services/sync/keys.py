"""This installation's private keys (a file in the data folder, owner-only) and fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

SYNC_DIR = "sync"
KEYS_FILE = "keys.json"

_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()


@dataclass(frozen=True)
class KeyPairs:
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @property
    def signing_public_hex(self) -> str:
        return self.signing.public_key().public_bytes(_RAW, _RAW_PUB).hex()

    @property
    def encryption_public_hex(self) -> str:
        return self.encryption.public_key().public_bytes(_RAW, _RAW_PUB).hex()


def keys_path(root: Path) -> Path:
    return root / SYNC_DIR / KEYS_FILE


def generate() -> KeyPairs:
    return KeyPairs(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def save(root: Path, keys: KeyPairs) -> None:
    """Write the private keys readable by the owner only (temp name, fsync, rename)."""
    path = keys_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(
        {
            "signing_private": keys.signing.private_bytes(_RAW, _RAW_PRIV, _NO_ENC).hex(),
            "encryption_private": keys.encryption.private_bytes(_RAW, _RAW_PRIV, _NO_ENC).hex(),
        }
    ).encode("ascii")
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def load(root: Path) -> KeyPairs | None:
    path = keys_path(root)
    try:
        data = json.loads(path.read_text(encoding="ascii"))
        return KeyPairs(
            Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["signing_private"])),
            X25519PrivateKey.from_private_bytes(bytes.fromhex(data["encryption_private"])),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(
            _(
                "The sync keys file {path} is damaged; restore it from a backup of the data "
                "folder (without it this office cannot sign or read packages)."
            ).format(path=path)
        ) from exc


def signing_public(hex_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))


def encryption_public(hex_key: str) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))


def fingerprint(signing_public_hex: str, encryption_public_hex: str) -> str:
    """SHA-256 of both public keys, first 20 bytes, as 10 groups of 4 hex digits."""
    digest = hashlib.sha256(
        bytes.fromhex(signing_public_hex) + bytes.fromhex(encryption_public_hex)
    ).hexdigest()[:40]
    return " ".join(digest[i : i + 4] for i in range(0, 40, 4)).upper()
