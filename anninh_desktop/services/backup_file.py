"""The backup file: one encrypted, signed file (the sync package's container) holding everything an
office needs to carry on (see docs/sync.md, "Backups").

```
container (services/sync/container.py) with magic "ANBAK\\r\\n\\x1a", passphrase mode:
  header (readable): format, chunk size, scrypt salt and parameters, created_at,
                     schema_version, program_version, backup_id, signing_public
  payload: manifest length u32 | manifest JSON | entries in manifest order
  manifest: format, created_at, schema_version, installation, entries [{name, kind, size, sha256}]
  kinds: "database" (anninh.sqlite3, a consistent snapshot), "file" (sync/keys.json,
         settings.ini, trust/…, demo-certificates/…), "blob" (blobs/<sha256>)
```

Every chunk is encrypted with the key from the passphrase (its tag covers the header) and signed with
the office's signing key (the one in the backup's own sync/keys.json; `signing_public` in the header
must match it). Reading checks each chunk before using a byte of it, every entry's size and hash, and
that names stay inside the data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import container, keys

MAGIC = b"ANBAK\r\n\x1a"
DOMAIN = b"anninh-backup-v1"
FORMAT = 1
SUFFIX = ".anbak"
MAX_MANIFEST = 64 << 20
MAX_ENTRIES = 4 << 20
COPY_CHUNK = 1 << 20
DATABASE = "anninh.sqlite3"
# Files besides the database and the evidence that an office needs to carry on.
FILE_ROOTS = ("sync/keys.json", "settings.ini", "trust/", "demo-certificates/")

Raw, PublicRaw = Encoding.Raw, PublicFormat.Raw
_LEN = struct.Struct(">I")
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BackupDamaged(UserError):
    pass


def damaged(path: object) -> UserError:
    return BackupDamaged(
        _(
            "The backup {path} is damaged or incomplete (it may have been cut short); nothing was "
            "restored. Use another backup."
        ).format(path=path)
    )


def _too_new(path: object, found: int) -> UserError:
    return UserError(
        _(
            "The backup at {path} was made by a newer version of the program; update the "
            "program first"
        ).format(path=path)
    )


def _not_a_backup(path: object) -> UserError:
    return UserError(_("{path} is not an An Ninh backup; nothing was restored.").format(path=path))


KIND = container.Kind(MAGIC, DOMAIN, damaged, _too_new, _not_a_backup)


def allowed_name(name: str) -> bool:
    """A name the backup may hold: the database, a blob, or one of the settings files."""
    if name == DATABASE:
        return True
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        return False
    if path.parts[0] == "blobs":
        return len(path.parts) == 2 and bool(_SHA256.fullmatch(path.parts[1]))
    return any(name == r or (r.endswith("/") and name.startswith(r)) for r in FILE_ROOTS)


@dataclass(frozen=True)
class BackupEntry:
    name: str
    kind: str  # "database" | "file" | "blob"
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class BackupManifest:
    created_at: str
    schema_version: int
    installation: str
    entries: tuple[BackupEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "schema_version": self.schema_version,
            "installation": self.installation,
            "entries": [e.to_json() for e in self.entries],
        }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(COPY_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class BackupWriter:
    """Writes the header and the manifest, then each entry's bytes through `add`."""

    def __init__(
        self,
        out: BinaryIO,
        manifest: BackupManifest,
        passphrase: str,
        signing: Ed25519PrivateKey,
        header: dict[str, Any],
    ) -> None:
        key, sealing = container.seal_with_passphrase(passphrase)
        pub = signing.public_key().public_bytes(Raw, PublicRaw).hex()
        self._writer = container.ContainerWriter(
            out, {**header, **sealing, "signing_public": pub}, key, signing, kind=KIND
        )
        data = json.dumps(manifest.to_json(), sort_keys=True, ensure_ascii=False).encode("utf-8")
        self._writer.write(_LEN.pack(len(data)) + data)

    def copy(
        self, fh: BinaryIO, entry: BackupEntry, step: Callable[[int], None] | None = None
    ) -> None:
        """Stream one entry; UserError-free: a changed source raises ValueError (hash)."""
        digest = hashlib.sha256()
        left = entry.size
        while left > 0:
            piece = fh.read(min(COPY_CHUNK, left))
            if not piece:
                raise ValueError(entry.name)
            digest.update(piece)
            self._writer.write(piece)
            left -= len(piece)
            if step is not None:
                step(len(piece))
        if digest.hexdigest() != entry.sha256:
            raise ValueError(entry.name)

    def close(self) -> None:
        self._writer.close()


@dataclass(frozen=True)
class OpenedBackup:
    header: dict[str, Any]
    manifest: BackupManifest


class BackupReader:
    """Opens a backup file: header, key from the passphrase, manifest; then `entries()` streams
    each entry (already checked chunk by chunk) for the caller to write where it wants."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self.path = path
        try:
            self._fh = path.open("rb")
        except FileNotFoundError as exc:
            raise UserError(_("File not found: {path}").format(path=path)) from exc
        except OSError as exc:
            raise UserError(
                _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
        try:
            self.header, raw = container.read_header(self._fh, path, KIND)
            if header_format(self.header) != FORMAT:
                raise _too_new(path, header_format(self.header))
            try:
                signer = keys.signing_public(str(self.header["signing_public"]))
            except (KeyError, ValueError, TypeError) as exc:
                raise damaged(path) from exc
            key = container.derive_read_key(
                self.header, path, own_key=None, passphrase=passphrase, kind=KIND
            )

            def wrong() -> UserError:
                return UserError(
                    _("Wrong passphrase for the backup {path}; nothing was restored.").format(
                        path=path
                    )
                )

            def forged() -> UserError:
                return UserError(
                    _(
                        "The backup {path} was changed after it was made (it is not signed by "
                        "the office that made it); nothing was restored."
                    ).format(path=path)
                )

            self._reader = container.ContainerReader(
                self._fh,
                raw,
                self.header,
                key,
                path,
                sender_key=signer,
                wrong_key_error=wrong,
                forged_error=forged,
                kind=KIND,
            )
            self._reader.start()
            self.manifest = self._read_manifest()
        except BaseException:
            self._fh.close()
            raise

    def _read_manifest(self) -> BackupManifest:
        head = self._reader.read(_LEN.size)
        if len(head) != _LEN.size:
            raise damaged(self.path)
        (length,) = _LEN.unpack(head)
        if length > MAX_MANIFEST:
            raise damaged(self.path)
        raw = self._reader.read(length)
        try:
            data = json.loads(raw.decode("utf-8"))
            if int(data["format"]) != FORMAT or len(data["entries"]) > MAX_ENTRIES:
                raise ValueError("format")
            entries = tuple(
                BackupEntry(str(e["name"]), str(e["kind"]), int(e["size"]), str(e["sha256"]))
                for e in data["entries"]
            )
            manifest = BackupManifest(
                str(data["created_at"]),
                int(data["schema_version"]),
                str(data.get("installation", "")),
                entries,
            )
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise damaged(self.path) from exc
        size = os.fstat(self._fh.fileno()).st_size
        names = [e.name for e in entries]
        if (
            len(set(names)) != len(names)
            or names.count(DATABASE) != 1
            or sum(e.size for e in entries) > size
            or any(
                e.size < 0
                or not _SHA256.fullmatch(e.sha256)
                or not allowed_name(e.name)
                or e.kind != _kind_of(e.name)
                or (e.kind == "blob" and e.name != f"blobs/{e.sha256}")
                for e in entries
            )
        ):
            raise damaged(self.path)
        if str(data.get("created_at")) != str(self.header.get("created_at")):
            raise damaged(self.path)
        return manifest

    def entries(self) -> Iterator[tuple[BackupEntry, Callable[[BinaryIO | None], None]]]:
        """Each entry with a function that copies it (to a file, or nowhere) and checks it."""
        for entry in self.manifest.entries:

            def copy(out: BinaryIO | None, entry: BackupEntry = entry) -> None:
                digest = hashlib.sha256()
                left = entry.size
                while left > 0:
                    piece = self._reader.read(min(COPY_CHUNK, left))
                    if not piece:
                        raise damaged(self.path)
                    digest.update(piece)
                    if out is not None:
                        out.write(piece)
                    left -= len(piece)
                if digest.hexdigest() != entry.sha256:
                    raise damaged(self.path)

            yield entry, copy
        self._reader.finish()

    def close(self) -> None:
        self._fh.close()


def _kind_of(name: str) -> str:
    if name == DATABASE:
        return "database"
    return "blob" if name.startswith("blobs/") else "file"


def header_format(header: dict[str, Any]) -> int:
    value = header.get("backup_format")
    return value if isinstance(value, int) and not isinstance(value, bool) else -1
