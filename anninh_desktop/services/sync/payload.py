"""Inside the encryption: `manifest length | manifest JSON | entries`, written and read with caps."""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from anninh_desktop.services.sync.container import PackageDamaged, damaged
from anninh_desktop.storage.sync_rows import SYNCED_TABLES

_LEN = struct.Struct(">I")
MAX_MANIFEST = 16 << 20
MAX_ROWS_ENTRY = 1 << 30  # 1 GiB of JSON lines for one table, after decompression
MAX_ROWS_TOTAL = 1 << 30  # all tables together
MAX_ROW_LINE = 16 << 20  # one row
MAX_ENTRIES = 1 << 20
MAX_PAYLOAD = 64 << 30  # all entries together
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[0-9a-f]{32}")
COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "rows" | "blob"
    sha256: str
    size: int
    stored_size: int
    table: str = ""
    compression: str = "none"  # "zlib" | "none"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "sha256": self.sha256,
            "size": self.size,
            "stored_size": self.stored_size,
            "table": self.table,
            "compression": self.compression,
        }


@dataclass(frozen=True)
class Manifest:
    format: int
    package_id: str
    sender: str
    recipient: str
    upto: int
    since: int
    created_at: str
    entries: tuple[Entry, ...] = field(default=())
    # The recipient's counter up to which the sender holds everything the recipient sent it
    # (-1: not said). The recipient sets its watermark for the sender to it: an ack that also
    # goes back after an undone import or a restore, so that what is missing is sent again.
    received: int = -1
    # The sender's signed audit chain head (see audit_heads.py); {} when not given.
    audit: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "audit": self.audit,
            "format": self.format,
            "package_id": self.package_id,
            "sender": self.sender,
            "recipient": self.recipient,
            "upto": self.upto,
            "since": self.since,
            "created_at": self.created_at,
            "entries": [e.to_json() for e in self.entries],
        }


def rows_entry(table: str, rows: Iterable[dict[str, Any]]) -> tuple[Entry, bytes]:
    """One table's rows (each with its vector under "_v") as compressed JSON lines."""
    raw = b"".join(
        json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        + b"\n"
        for r in rows
    )
    stored = zlib.compress(raw, 6)
    entry = Entry(
        name=f"rows/{table}.jsonl",
        kind="rows",
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        stored_size=len(stored),
        table=table,
        compression="zlib",
    )
    return entry, stored


def blob_entry(sha256: str, size: int) -> Entry:
    return Entry(name=f"blobs/{sha256}", kind="blob", sha256=sha256, size=size, stored_size=size)


def manifest_bytes(manifest: Manifest) -> bytes:
    data = json.dumps(manifest.to_json(), sort_keys=True, separators=(",", ":")).encode("utf-8")
    return _LEN.pack(len(data)) + data


class PlainReader(Protocol):
    def read(self, n: int) -> bytes: ...


def parse_manifest(reader: PlainReader, path: object) -> Manifest:
    head = reader.read(_LEN.size)
    if len(head) != _LEN.size:
        raise damaged(path)
    (length,) = _LEN.unpack(head)
    if length > MAX_MANIFEST:
        raise damaged(path)
    raw = reader.read(length)
    if len(raw) != length:
        raise damaged(path)
    try:
        data = json.loads(raw.decode("utf-8"))
        if len(data["entries"]) > MAX_ENTRIES:
            raise ValueError("entries")
        entries = tuple(_entry(e) for e in data["entries"])
        manifest = Manifest(
            format=int(data["format"]),
            package_id=str(data["package_id"]),
            sender=str(data["sender"]),
            recipient=str(data["recipient"]),
            upto=int(data["upto"]),
            since=int(data["since"]),
            created_at=str(data["created_at"]),
            entries=entries,
            received=int(data.get("received", -1)),
            audit=dict(data.get("audit") or {}),
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise damaged(path) from exc
    if (
        sum(e.stored_size for e in entries) > MAX_PAYLOAD
        or sum(e.size for e in entries if e.kind == "rows") > MAX_ROWS_TOTAL
        or len({e.name for e in entries}) != len(entries)
    ):
        raise damaged(path)
    return manifest


def _entry(data: dict[str, Any]) -> Entry:
    e = Entry(
        name=str(data["name"]),
        kind=str(data["kind"]),
        sha256=str(data["sha256"]),
        size=int(data["size"]),
        stored_size=int(data["stored_size"]),
        table=str(data.get("table", "")),
        compression=str(data.get("compression", "none")),
    )
    if not _SHA256.fullmatch(e.sha256) or e.size < 0 or e.stored_size < 0:
        raise ValueError("entry")
    if e.kind == "blob":
        ok = e.name == f"blobs/{e.sha256}" and e.compression == "none" and e.size == e.stored_size
    elif e.kind == "rows":
        ok = (
            e.table in SYNCED_TABLES
            and e.name == f"rows/{e.table}.jsonl"
            and e.compression == "zlib"
            and e.size <= MAX_ROWS_ENTRY
        )
    else:
        ok = False
    if not ok:
        raise ValueError("entry")
    return e


def read_rows(reader: PlainReader, entry: Entry, path: object) -> Iterator[dict[str, Any]]:
    """Inflate one rows entry piece by piece, never past its declared size, one line at a time;
    then check size and hash. Memory: one piece and one line (at most MAX_ROW_LINE)."""
    inflate = zlib.decompressobj()
    digest = hashlib.sha256()
    produced = 0
    pending = bytearray()
    left = entry.stored_size

    def lines(data: bytes) -> Iterator[dict[str, Any]]:
        nonlocal produced
        produced += len(data)
        if produced > entry.size:
            raise damaged(path)  # more than the manifest says: a decompression bomb
        digest.update(data)
        pending.extend(data)
        while True:
            end = pending.find(b"\n")
            if end < 0:
                if len(pending) > MAX_ROW_LINE:
                    raise damaged(path)
                return
            line = bytes(pending[:end])
            del pending[: end + 1]
            yield _row(line, path)

    while left > 0:
        piece = reader.read(min(COPY_CHUNK, left))
        if not piece:
            raise damaged(path)
        left -= len(piece)
        data = piece
        while data:
            try:
                out = inflate.decompress(data, COPY_CHUNK)
            except zlib.error as exc:
                raise damaged(path) from exc
            yield from lines(out)
            data = inflate.unconsumed_tail
    if not inflate.eof or inflate.unused_data or produced != entry.size or pending:
        raise damaged(path)
    if digest.hexdigest() != entry.sha256:
        raise damaged(path)


def _row(line: bytes, path: object) -> dict[str, Any]:
    try:
        row = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise damaged(path) from exc
    if not isinstance(row, dict):
        raise damaged(path)
    return row


def stage_blob(
    reader: PlainReader,
    entry: Entry,
    target: Path | None,
    path: object,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Copy one blob entry into `target` while hashing (only hash it when `target` is None:
    the store has it already); refuse a wrong size or hash."""
    digest = hashlib.sha256()
    left = entry.size
    if target is None:
        _copy(reader, None, digest, left, path, progress)
    else:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(target, flags, 0o600)
        with os.fdopen(fd, "wb") as out:
            _copy(reader, out, digest, left, path, progress)
            out.flush()
    if digest.hexdigest() != entry.sha256:
        raise damaged(path)


def _copy(
    reader: PlainReader,
    out: BinaryIO | None,
    digest: Any,
    left: int,
    path: object,
    progress: Callable[[int], None] | None,
) -> None:
    while left > 0:
        piece = reader.read(min(COPY_CHUNK, left))
        if not piece:
            raise damaged(path)
        digest.update(piece)
        if out is not None:
            out.write(piece)
        left -= len(piece)
        if progress is not None:
            progress(len(piece))


def valid_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ID.fullmatch(value))


__all__ = ["Entry", "Manifest", "PackageDamaged"]
