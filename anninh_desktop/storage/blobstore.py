"""Content-addressed evidence files: `<root>/<2 hex>/<sha256>`, written once and never modified."""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, ParamSpec, Protocol, TypeVar

log = logging.getLogger(__name__)

# 1 MiB: larger chunks gain nothing measurable (see bench/README.md), smaller ones cost syscalls.
CHUNK_SIZE = 1 << 20
TEMP_DIR_NAME = "tmp"
TEMP_SUFFIX = ".part"
# import_files: how much may be copied but not yet durable. Beyond this the copying waits for the
# disk, so open files, temp space and the wait after the last progress report stay bounded.
PIPELINE_MAX_FILES = 64
PIPELINE_MAX_BYTES = 256 << 20

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
    """A file's content as kept in the blob store."""

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

    def remove(self, sha256: str) -> None:
        """Delete one blob (only for blobs no row refers to, e.g. after an undone demo build)."""
        self.path_for(sha256).unlink(missing_ok=True)

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
                    log.warning("could not remove %s", path, exc_info=True)  # pragma: no mutate
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
        return self.import_files([src], progress=progress, cancel=cancel)[0]

    def import_files(
        self,
        paths: Iterable[Path],
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCallback | None = None,
    ) -> list[StoredBlob]:
        """Store copies of several files (a folder of evidence): one result per path, in order.

        Each file is read once and hashed while it is copied into a temp file, which then goes to
        a background thread that fsyncs it and only then renames it into place, while this thread
        copies the next file: the wait for the disk overlaps the copying instead of following
        every file. At most `PIPELINE_MAX_FILES` files or `PIPELINE_MAX_BYTES` bytes wait for the
        disk at a time (beyond that the copying waits), so memory, open files and unfinished
        work stay bounded. The folders of the new blobs are fsynced once each at the end: when
        this returns, every blob is durable. A single path is done inline, without the thread.

        `progress(bytes_done)` gets the bytes copied so far over the whole batch, after every
        chunk (and once for an empty file); it never decreases. The last report can be followed
        by a short wait for the disk (the pending bytes above, at most). `cancel()` is polled
        before every chunk. Both are called from the calling thread only.

        Content already in the store, or repeated within the batch, is stored once; those
        results have `existed=True`.

        On an error or a cancel the batch stops at once (a failed fsync or rename in the thread
        is seen before the next chunk), every temp file of the batch is removed and the exception
        is raised: `Cancelled` or a `BlobStoreError`. Blobs already renamed into place stay: they
        are complete, fsynced and named by their hash, so they are harmless, and importing the
        same files again finds them (`existed=True`).
        """
        sources = [Path(src) for src in paths]
        results: list[StoredBlob] = []
        pipeline = _Pipeline(self, threaded=len(sources) > 1)
        buffer = memoryview(bytearray(self.chunk_size))  # one buffer for the whole batch
        seen: set[str] = set()
        done_before = 0

        def poll() -> bool:
            pipeline.raise_if_failed()  # a failed fsync or rename stops the copying at once
            return cancel is not None and cancel()

        def report(count: int) -> None:
            if progress is not None:
                progress(done_before + count)

        current: tuple[io.FileIO, Path] | None = None  # a temp file nobody else will remove
        try:
            for index, src in enumerate(sources):
                pipeline.wait_for_room(poll)
                with self._open_source(src) as source:
                    out, temp, digest, size = self._copy_to_temp(source, report, poll, src, buffer)
                current = (out, temp)
                done_before += size
                if digest in seen or self.path_for(digest).exists():
                    current = None
                    _discard(out, temp)
                    results.append(StoredBlob(digest, size, existed=True))
                    continue
                seen.add(digest)
                current = None
                pipeline.put(_Pending(index, out, temp, digest, size))
                results.append(StoredBlob(digest, size, existed=False))
            appeared = pipeline.finish()
        except BaseException as exc:
            if current is not None:
                _discard(*current)
            pipeline.abort(exc)
            raise
        for index in appeared:  # stored by someone else between our check and our rename
            results[index] = replace(results[index], existed=True)
        return results

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
        buffer = memoryview(bytearray(self.chunk_size))
        out, temp, digest, size = self._copy_to_temp(stream, progress, cancel, source_path, buffer)
        try:
            target = self.path_for(digest)
            if target.exists():
                return StoredBlob(digest, size, existed=True)
            _store_call(temp, os.fsync, out.fileno())
            out.close()
            existed, shard, new_shard = self._rename_into_place(temp, target)
            if not existed:
                _fsync_dir(shard)
                if new_shard:
                    _fsync_dir(self.root)
            return StoredBlob(digest, size, existed=existed)
        finally:
            _discard(out, temp)

    @staticmethod
    def _open_source(src: Path) -> io.FileIO:
        try:
            return open(src, "rb", buffering=0)  # unbuffered: readinto fills our buffer directly
        except FileNotFoundError as exc:
            raise SourceMissingError(src, exc.errno, exc.strerror or "") from exc
        except OSError as exc:
            raise SourceUnreadableError(src, exc.errno, exc.strerror or "") from exc

    def _create_temp_file(self) -> tuple[int, str]:
        import tempfile  # (with `random`: only when a file is stored, not at every start)

        _store_call(self.temp_dir, os.makedirs, self.temp_dir, exist_ok=True)
        fd, name = _store_call(
            self.temp_dir, tempfile.mkstemp, dir=self.temp_dir, prefix="import-", suffix=TEMP_SUFFIX
        )
        return fd, name

    def _copy_to_temp(
        self,
        stream: Readable,
        progress: ProgressCallback | None,
        cancel: CancelCallback | None,
        source_path: Path | None,
        buffer: memoryview,
    ) -> tuple[io.FileIO, Path, str, int]:
        """Copy into a new temp file, not fsynced and still open: (file, its path, sha256, size)."""
        fd, temp_name = self._create_temp_file()
        temp = Path(temp_name)
        out = open(fd, "wb", buffering=0, closefd=True)
        try:
            digest, size = self._copy(stream, out, temp, progress, cancel, source_path, buffer)
        except BaseException:
            _discard(out, temp)
            raise
        return out, temp, digest, size

    def _copy(
        self,
        stream: Readable,
        out: io.FileIO,
        temp: Path,
        progress: ProgressCallback | None,
        cancel: CancelCallback | None,
        source_path: Path | None,
        view: memoryview,
    ) -> tuple[str, int]:
        # One reusable buffer: memory stays at one chunk whatever the file size.
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

    def _make_durable(self, item: _Pending) -> tuple[bool, Path, bool]:
        """fsync a finished temp file, close it, rename it into place (the folder is not fsynced)."""
        _store_call(item.temp, os.fsync, item.out.fileno())
        item.out.close()  # Windows cannot rename a file that is open
        appeared, shard, new_shard = self._rename_into_place(item.temp, self.path_for(item.digest))
        if appeared:  # the same content is in place already: our copy is not needed
            _remove_quietly(item.temp)
        return appeared, shard, new_shard

    def _rename_into_place(self, temp: Path, target: Path) -> tuple[bool, Path, bool]:
        """(True when the blob appeared meanwhile, its folder, True when the folder is new)."""
        shard = target.parent
        new_shard = not shard.is_dir()
        if new_shard:
            _store_call(shard, shard.mkdir, exist_ok=True)
        try:
            os.replace(temp, target)
        except OSError as exc:
            # Windows refuses to replace a file that someone has open: same content, so fine.
            if target.exists():
                return True, shard, new_shard
            raise _write_error(target, exc) from exc
        return False, shard, new_shard


@dataclass
class _Pending:
    """A copied, hashed, still open and not yet fsynced temp file waiting for the disk."""

    index: int
    out: io.FileIO
    temp: Path
    digest: str
    size: int


class _Pipeline:
    """The durability half of `import_files`: fsync, then rename, in a background thread.

    The calling thread `put`s finished temp files; the worker fsyncs each one, closes it and
    renames it into place, in order. Nothing reaches its final name before its bytes are on the
    disk. `finish` waits for the worker and fsyncs every folder that got a blob, once; `abort`
    stops the worker after the file it is on and removes every temp file it did not rename.
    """

    def __init__(self, store: BlobStore, *, threaded: bool) -> None:
        self._store = store
        self._cond = threading.Condition()
        self._queue: deque[_Pending] = deque()
        self._files = 0  # queued or being made durable
        self._bytes = 0
        self._stopping = False  # no more puts: finish what is queued
        self._aborted = False  # give up: leave what is queued to abort
        self._error: BaseException | None = None  # of the first failed fsync or rename
        self._appeared: list[int] = []
        self._shards: set[Path] = set()
        self._new_shard = False
        self._thread: threading.Thread | None = None
        if threaded:
            self._thread = threading.Thread(target=self._run, name="blobstore-fsync", daemon=True)
            self._thread.start()

    def raise_if_failed(self) -> None:
        error = self._error  # set once; reading a reference needs no lock
        if error is not None:
            raise error

    def wait_for_room(self, cancel: Callable[[], bool]) -> None:
        """Block while too much waits for the disk; `cancel` is polled meanwhile."""
        with self._cond:
            while self._files >= PIPELINE_MAX_FILES or self._bytes >= PIPELINE_MAX_BYTES:
                self.raise_if_failed()
                if cancel():
                    raise Cancelled()
                self._cond.wait(timeout=0.1)

    def put(self, item: _Pending) -> None:
        """Hand a finished temp file over; from here on the pipeline removes it on failure."""
        with self._cond:
            self._queue.append(item)
            self._files += 1
            self._bytes += item.size
            self._cond.notify_all()
        if self._thread is None:
            self._make_durable(item)
            self.raise_if_failed()

    def finish(self) -> list[int]:
        """Wait until every file is in place, make the renames durable: the indexes that existed."""
        self._stop()
        self.raise_if_failed()
        for shard in sorted(self._shards):
            _fsync_dir(shard)
        if self._new_shard:
            _fsync_dir(self._store.root)
        return self._appeared

    def abort(self, reason: BaseException) -> None:
        """Stop after the current file and remove every temp file not renamed into place."""
        with self._cond:
            self._aborted = True
        self._stop()
        if self._error is not None and self._error is not reason:
            log.warning("the import also failed while writing to disk", exc_info=self._error)
        while self._queue:
            item = self._queue.popleft()
            _discard(item.out, item.temp)

    def _stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._queue or self._stopping or self._aborted):
                    self._cond.wait()
                if self._aborted or not self._queue:
                    return
                item = self._queue[0]  # stays queued (abort removes it) until it is renamed
            if not self._make_durable(item):
                return

    def _make_durable(self, item: _Pending) -> bool:
        try:
            appeared, shard, new_shard = self._store._make_durable(item)
        except BaseException as exc:
            with self._cond:
                if self._error is None:
                    self._error = exc
                self._cond.notify_all()
            return False
        with self._cond:
            self._queue.popleft()
            self._files -= 1
            self._bytes -= item.size
            if appeared:
                self._appeared.append(item.index)
            else:
                self._shards.add(shard)
                self._new_shard = self._new_shard or new_shard
            self._cond.notify_all()
        return True


def _discard(out: io.FileIO, temp: Path) -> None:
    """Close and remove a temp file that will not be renamed into place."""
    try:
        out.close()
    except OSError:
        log.debug("could not close %s", temp, exc_info=True)  # pragma: no mutate
    _remove_quietly(temp)


def _remove_quietly(path: Path) -> None:
    # Must not hide the exception that brought us here; a leftover goes at the next startup.
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove temporary file %s", path, exc_info=True)  # pragma: no mutate


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


def _store_call[**P, R](
    path: Path, func: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs
) -> _R:
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
        log.debug("cannot open %s to fsync it", path, exc_info=True)  # pragma: no mutate
        return
    try:
        os.fsync(fd)
    except OSError:
        log.debug("fsync of folder %s failed", path, exc_info=True)  # pragma: no mutate
    finally:
        os.close(fd)
