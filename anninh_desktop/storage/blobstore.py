"""Content-addressed evidence files: `<root>/<2 hex>/<sha256>`, written once and never modified."""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, ParamSpec, Protocol, TypeVar

log = logging.getLogger(__name__)

# 1 MiB: larger chunks gain nothing measurable (see bench/README.md), smaller ones cost syscalls.
CHUNK_SIZE = 1 << 20
TEMP_DIR_NAME = "tmp"
TEMP_SUFFIX = ".part"

_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_SHARD_RE = re.compile(r"[0-9a-f]{2}")
_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})

_P = ParamSpec("_P")
_R = TypeVar("_R")

ProgressCallback = Callable[[int], None]
CancelCallback = Callable[[], bool]


class Cancelled(Exception):
    """The user cancelled the job; whatever it had started writing was removed."""


class BlobStoreError(Exception):
    """Base of the blob store's errors; `path` and `errno` let the caller word the message."""

    def __init__(self, path: Path | None, errno: int | None = None, detail: str = "") -> None:
        super().__init__(": ".join(str(part) for part in (path, detail) if part))
        self.path = path
        self.errno = errno


class SourceMissingError(BlobStoreError):
    """The file to import does not exist (any more)."""


class SourceUnreadableError(BlobStoreError):
    """The file to import exists but could not be read (permissions, a folder, an I/O error)."""


class DiskFullError(BlobStoreError):
    """No space left (or quota exceeded) on the disk that holds the store."""


class StoreWriteError(BlobStoreError):
    """Writing into the store failed for another reason (permissions, read-only disk, I/O error)."""


class BlobNotFoundError(BlobStoreError):
    """No blob with this SHA-256 in the store."""


class InvalidHashError(BlobStoreError, ValueError):
    """The text given is not a lowercase hexadecimal SHA-256."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    existed: bool  # True when identical content was already stored (nothing was written)


class Readable(Protocol):
    def readinto(self, buffer: memoryview, /) -> int | None: ...


class BlobStore:
    """Evidence files stored once by SHA-256; imports stream the source once and are atomic."""

    def __init__(self, root: Path, *, chunk_size: int = CHUNK_SIZE) -> None:
        if chunk_size <= 0:
            raise ValueError("chunk_size must be positive")
        self.root = Path(root)
        self.chunk_size = chunk_size

    @property
    def temp_dir(self) -> Path:
        # Inside the root, so the final rename never crosses a file system.
        return self.root / TEMP_DIR_NAME

    def path_for(self, sha256: str) -> Path:
        """Where the blob with this hash lives (whether or not it exists)."""
        if not _SHA256_RE.fullmatch(sha256):
            raise InvalidHashError(None, detail=f"not a lowercase SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        """True when the blob is stored."""
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored blob for reading; the caller closes it."""
        return self._open_blob(sha256)

    def verify(self, sha256: str) -> bool:
        """Re-hash a stored blob: False when its content no longer matches its name."""
        with self._open_blob(sha256) as blob:
            return hashlib.file_digest(blob, "sha256").hexdigest() == sha256

    def _open_blob(self, sha256: str) -> io.BufferedReader:
        path = self.path_for(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise BlobNotFoundError(path, exc.errno, sha256) from exc

    def iter_hashes(self) -> Iterator[str]:
        """The hashes of all stored blobs, sorted."""
        if not self.root.is_dir():
            return
        with os.scandir(self.root) as entries:
            shards = sorted(e.name for e in entries if _SHARD_RE.fullmatch(e.name) and e.is_dir())
        for shard in shards:
            with os.scandir(self.root / shard) as entries:
                names = sorted(
                    e.name
                    for e in entries
                    if _SHA256_RE.fullmatch(e.name) and e.name.startswith(shard) and e.is_file()
                )
            yield from names

    def clean_temporary_files(self) -> int:
        """Remove what a hard crash left behind mid-import; call at startup, before any import."""
        removed = 0
        if not self.temp_dir.is_dir():
            return 0
        for path in self.temp_dir.iterdir():
            if path.is_file() and path.name.endswith(TEMP_SUFFIX):
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # e.g. still open elsewhere on Windows: try again next start
                    log.warning("could not remove %s", path, exc_info=True)
                    continue
                removed += 1
        if removed:
            log.info("removed %d unfinished import(s) from %s", removed, self.temp_dir)
        return removed

    def import_file(
        self,
        src: Path,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> StoredBlob:
        """Store a copy of a file, hashing it while copying; leaves nothing behind on failure."""
        try:
            source = open(src, "rb", buffering=0)  # unbuffered: readinto fills our buffer directly
        except FileNotFoundError as exc:
            raise SourceMissingError(Path(src), exc.errno, exc.strerror or "") from exc
        except OSError as exc:
            raise SourceUnreadableError(Path(src), exc.errno, exc.strerror or "") from exc
        with source:
            return self.import_stream(source, progress, cancel, source_path=Path(src))

    def import_bytes(self, data: bytes) -> StoredBlob:
        """Store bytes already in memory (generated files, tests)."""
        return self.import_stream(io.BytesIO(data))

    def import_stream(
        self,
        stream: Readable,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
        *,
        source_path: Path | None = None,
    ) -> StoredBlob:
        """Store everything `stream` yields (e.g. a member of a sync package) in one pass."""
        fd, temp_name = self._create_temp_file()
        temp = Path(temp_name)
        try:
            with open(fd, "wb", buffering=0, closefd=True) as out:
                digest, size = self._copy(stream, out, temp, progress, cancel, source_path)
                target = self.path_for(digest)
                if target.exists():
                    return StoredBlob(digest, size, existed=True)
                _store_call(temp, os.fsync, out.fileno())
            existed = self._publish(temp, target)
            return StoredBlob(digest, size, existed=existed)
        finally:
            _remove_quietly(temp)

    def _create_temp_file(self) -> tuple[int, str]:
        _store_call(self.temp_dir, os.makedirs, self.temp_dir, exist_ok=True)
        fd, name = _store_call(
            self.temp_dir, tempfile.mkstemp, dir=self.temp_dir, prefix="import-", suffix=TEMP_SUFFIX
        )
        return fd, name

    def _copy(
        self,
        stream: Readable,
        out: io.FileIO,
        temp: Path,
        progress: ProgressCallback | None,
        cancel: CancelCallback | None,
        source_path: Path | None,
    ) -> tuple[str, int]:
        # One reusable buffer: memory stays at one chunk whatever the file size.
        buffer = bytearray(self.chunk_size)
        view = memoryview(buffer)
        hasher = hashlib.sha256()
        total = 0
        while True:
            if cancel is not None and cancel():
                raise Cancelled()
            try:
                count = stream.readinto(view)
            except OSError as exc:
                raise SourceUnreadableError(source_path, exc.errno, exc.strerror or "") from exc
            if count is None:
                raise SourceUnreadableError(source_path, errno.EAGAIN, "non-blocking source")
            if count == 0:
                break
            chunk = view if count == len(view) else view[:count]
            hasher.update(chunk)  # releases the GIL: a worker thread does not freeze the UI
            _write_all(out, chunk, temp)
            total += count
            if progress is not None:
                progress(total)
        if total == 0 and progress is not None:
            progress(0)
        return hasher.hexdigest(), total

    def _publish(self, temp: Path, target: Path) -> bool:
        """Rename the finished temp file into place; True when the blob appeared meanwhile."""
        shard = target.parent
        new_shard = not shard.is_dir()
        if new_shard:
            _store_call(shard, shard.mkdir, exist_ok=True)
        try:
            os.replace(temp, target)
        except OSError as exc:
            # Windows refuses to replace a file that someone has open: same content, so fine.
            if target.exists():
                return True
            raise _write_error(target, exc) from exc
        _fsync_dir(shard)
        if new_shard:
            _fsync_dir(self.root)
        return False


def _remove_quietly(path: Path) -> None:
    # Must not hide the exception that brought us here; a leftover goes at the next startup.
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove temporary file %s", path, exc_info=True)


def _write_all(out: io.FileIO, chunk: memoryview, temp: Path) -> None:
    written = 0
    while written < len(chunk):
        try:
            count = out.write(chunk[written:])
        except OSError as exc:
            raise _write_error(temp, exc) from exc
        if count is None:  # only for non-blocking files, which a temp file is not
            raise StoreWriteError(temp, errno.EAGAIN, "write would block")
        written += count


def _store_call(path: Path, func: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    try:
        return func(*args, **kwargs)
    except OSError as exc:
        raise _write_error(path, exc) from exc


def _write_error(path: Path, exc: OSError) -> BlobStoreError:
    kind = DiskFullError if exc.errno in _DISK_FULL_ERRNOS else StoreWriteError
    return kind(path, exc.errno, exc.strerror or str(exc))


def _fsync_dir(path: Path) -> None:
    """Make a rename durable; Windows cannot open a folder for this and has no need to."""
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        log.debug("cannot open %s to fsync it", path, exc_info=True)
        return
    try:
        os.fsync(fd)
    except OSError:
        log.debug("fsync of folder %s failed", path, exc_info=True)
    finally:
        os.close(fd)
