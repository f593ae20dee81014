"""The blob store's durability order, on every path that writes a blob.

A blob must be on the disk before its final name appears, and its name must be on the disk before
the import returns. So, for each new blob: every byte written → the temp file fsynced → closed
(Windows cannot rename an open file) → renamed to `<2 hex>/<sha256>` → the shard folder fsynced →
and, when the shard folder is new, the store's root fsynced too. Content already stored is not
written at all.

These tests record the calls that reach the disk (os.fsync and os.replace), with what the file
held and how many handles were still open on it at that moment, on each write path:
`import_file` (one file, done inline), `import_files` (a batch: fsync and rename in a background
thread, the folders fsynced once at the end), `import_stream` / `import_bytes`, and the adoption of a
blob staged by a sync import (`storage/sync_blobs.adopt_blob`).
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from anninh_desktop.storage import blobstore, sync_blobs
from anninh_desktop.storage.blobstore import BlobStore, StoredBlob
from anninh_desktop.storage.sync_blobs import adopt_blob

CHUNK = 4096

FileKey = tuple[int, int]


def key_of(path: Path) -> FileKey:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def open_handles_on(key: FileKey) -> int:
    """How many of this process's file descriptors are open on the file."""
    proc = Path("/proc/self/fd")
    fds = [int(name) for name in os.listdir(proc)] if proc.is_dir() else list(range(3, 1024))
    count = 0
    for fd in fds:
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        count += (st.st_dev, st.st_ino) == key and stat.S_ISREG(st.st_mode)
    return count


@dataclass(frozen=True)
class Raw:
    call: str  # "fsync" (a file), "fsync-dir" or "rename"
    key: FileKey
    detail: int  # fsync: bytes in the file; rename: handles still open on it; fsync-dir: 0
    thread: threading.Thread


class DiskCalls:
    """Records every os.fsync and os.replace while installed; names the files after the run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.raw: list[Raw] = []
        real_fsync, real_replace = os.fsync, os.replace

        def fsync(fd: int) -> None:
            st = os.fstat(fd)
            real_fsync(fd)
            if stat.S_ISDIR(st.st_mode):
                self._add("fsync-dir", (st.st_dev, st.st_ino), 0)
            else:
                self._add("fsync", (st.st_dev, st.st_ino), st.st_size)

        def replace(src: Path, dst: Path) -> None:
            key = key_of(Path(src))
            self._add("rename", key, open_handles_on(key))
            real_replace(src, dst)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def _add(self, call: str, key: FileKey, detail: int) -> None:
        self.raw.append(Raw(call, key, detail, threading.current_thread()))

    def calls(self, store: BlobStore) -> list[tuple[str, str, int]]:
        """(call, "blob:<8 hex>" | "shard:<2 hex>" | "root", detail), in the order they happened."""
        names = {key_of(store.root): "root"}
        for shard in store.root.iterdir():
            if shard.is_dir() and shard.name != "tmp":
                names[key_of(shard)] = f"shard:{shard.name}"
        for sha in store.iter_hashes():
            names[key_of(store.path_for(sha))] = f"blob:{sha[:8]}"
        return [(r.call, names.get(r.key, "?"), r.detail) for r in self.raw]

    def threads(self, call: str) -> set[threading.Thread]:
        return {r.thread for r in self.raw if r.call == call}

    def clear(self) -> None:
        self.raw.clear()


def contents_in_shards(*shards: int) -> list[bytes]:
    """Distinct small contents; those given the same number share a shard folder, others do not."""
    found: dict[int, str] = {}  # number → shard
    out: list[bytes] = []
    taken: set[str] = set()
    candidates = (f"tài liệu {i}".encode() for i in range(100_000))
    for number in shards:
        for data in candidates:
            shard = hashlib.sha256(data).hexdigest()[:2]
            wanted = found.get(number)
            if wanted == shard or (wanted is None and shard not in taken):
                found.setdefault(number, shard)
                taken.add(shard)
                out.append(data)
                break
    assert len(out) == len(shards)
    return out


def name(data: bytes) -> str:
    return f"blob:{hashlib.sha256(data).hexdigest()[:8]}"


def shard(data: bytes) -> str:
    return f"shard:{hashlib.sha256(data).hexdigest()[:2]}"


def durable(data: bytes) -> list[tuple[str, str, int]]:
    """fsync with every byte in the file, then the rename with no handle left open on it."""
    return [("fsync", name(data), len(data)), ("rename", name(data), 0)]


def write_sources(folder: Path, contents: list[bytes]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for index, data in enumerate(contents):
        path = folder / f"{index:03d}.bin"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    root = tmp_path / "blobs"
    root.mkdir()
    return BlobStore(root, chunk_size=CHUNK)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[DiskCalls]:
    yield DiskCalls(monkeypatch)


# ------------------------------------------------------------------ one file at a time


def test_import_file_fsyncs_then_renames_then_fsyncs_the_folders(
    store: BlobStore, disk: DiskCalls, tmp_path: Path
) -> None:
    first, same_shard, other = contents_in_shards(1, 1, 2)
    paths = write_sources(tmp_path / "src", [first, same_shard, other, first])

    blobs = [store.import_file(path) for path in paths]

    assert disk.calls(store) == [
        *durable(first),
        ("fsync-dir", shard(first), 0),
        ("fsync-dir", "root", 0),  # the shard folder was new: its name is in the root
        *durable(same_shard),
        ("fsync-dir", shard(first), 0),  # an existing shard folder: the root is left alone
        *durable(other),
        ("fsync-dir", shard(other), 0),
        ("fsync-dir", "root", 0),
        # the same content again: nothing written at all
    ]
    assert disk.threads("fsync") == {threading.current_thread()}  # one file is done inline
    assert [b.existed for b in blobs] == [False, False, False, True]


@pytest.mark.parametrize("how", ["import_stream", "import_bytes"])
def test_import_stream_fsyncs_then_renames_then_fsyncs_the_folders(
    store: BlobStore, disk: DiskCalls, how: str
) -> None:
    first, same_shard = contents_in_shards(1, 1)

    def put(data: bytes) -> StoredBlob:
        if how == "import_bytes":
            return store.import_bytes(data)
        return store.import_stream(io.BytesIO(data))

    blobs = [put(first), put(same_shard), put(first)]

    assert disk.calls(store) == [
        *durable(first),
        ("fsync-dir", shard(first), 0),
        ("fsync-dir", "root", 0),
        *durable(same_shard),
        ("fsync-dir", shard(first), 0),
    ]
    assert blobs == [
        StoredBlob(hashlib.sha256(first).hexdigest(), len(first), existed=False),
        StoredBlob(hashlib.sha256(same_shard).hexdigest(), len(same_shard), existed=False),
        StoredBlob(hashlib.sha256(first).hexdigest(), len(first), existed=True),
    ]


def test_a_large_stream_is_fsynced_only_once_every_byte_is_written(
    store: BlobStore, disk: DiskCalls
) -> None:
    data = os.urandom(5 * CHUNK + 3)  # several chunks and a short last one
    store.import_stream(io.BytesIO(data))
    assert disk.calls(store)[:2] == durable(data)


# ------------------------------------------------------------------ batches


def test_import_files_makes_each_blob_durable_before_its_name_and_the_folders_at_the_end(
    store: BlobStore, disk: DiskCalls, tmp_path: Path
) -> None:
    a, a2, b, old, c = contents_in_shards(1, 1, 2, 3, 4)
    store.import_bytes(old)
    disk.clear()
    batch = [a, b, a2, old, a, b"", c]

    blobs = store.import_files(write_sources(tmp_path / "src", batch))

    shards = sorted({shard(a), shard(b), shard(b""), shard(c)})
    assert disk.calls(store) == [
        *durable(a),
        *durable(b),
        *durable(a2),
        *durable(b""),
        *durable(c),
        # then each folder that got a blob, once, and the root once (new folders were made)
        *[("fsync-dir", s, 0) for s in shards],
        ("fsync-dir", "root", 0),
    ]
    assert [b.existed for b in blobs] == [False, False, False, True, True, False, False]
    # The files are made durable by the background thread; the folders by the caller, before
    # import_files returns.
    [worker] = disk.threads("fsync")
    assert worker is not threading.current_thread()
    assert worker.name == "blobstore-fsync" and worker.daemon  # never keeps the program alive
    assert disk.threads("rename") == {worker}
    assert disk.threads("fsync-dir") == {threading.current_thread()}


def test_a_batch_into_existing_folders_leaves_the_root_alone(
    store: BlobStore, disk: DiskCalls, tmp_path: Path
) -> None:
    a, a2, b, b2 = contents_in_shards(1, 1, 2, 2)
    store.import_files(write_sources(tmp_path / "first", [a, b]))
    disk.clear()

    store.import_files(write_sources(tmp_path / "second", [a2, b2]))

    assert disk.calls(store) == [
        *durable(a2),
        *durable(b2),
        *[("fsync-dir", s, 0) for s in sorted({shard(a), shard(b)})],
    ]


def test_a_batch_of_two_already_uses_the_background_thread(
    store: BlobStore, disk: DiskCalls, tmp_path: Path
) -> None:
    store.import_files(write_sources(tmp_path / "src", contents_in_shards(1, 2)))
    assert threading.current_thread() not in disk.threads("fsync")


# ------------------------------------------------------------------ a blob that appeared meanwhile


def refuse_rename_after_someone_else_stored_it(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Windows refuses to replace a file someone has open: here another import stored the same
    content just before our rename, and the rename is refused."""
    refused: list[Path] = []

    def replace(src: Path, dst: Path) -> None:
        Path(dst).parent.mkdir(exist_ok=True)
        Path(dst).write_bytes(Path(src).read_bytes())
        refused.append(Path(dst))
        raise PermissionError(13, "Access is denied")

    monkeypatch.setattr(os, "replace", replace)
    return refused


def test_import_stream_accepts_a_blob_that_appeared_meanwhile(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    refused = refuse_rename_after_someone_else_stored_it(monkeypatch)
    data = b"bien ban so 7"

    blob = store.import_stream(io.BytesIO(data))

    digest = hashlib.sha256(data).hexdigest()
    assert refused == [store.path_for(digest)]
    assert blob == StoredBlob(digest, len(data), existed=True)
    assert store.path_for(digest).read_bytes() == data
    assert list(store.temp_dir.iterdir()) == []
    assert [r for r in caplog.records if r.levelname != "DEBUG"] == []


def test_import_files_reports_a_blob_that_appeared_meanwhile_as_existing(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    contents = contents_in_shards(1, 2, 3)
    paths = write_sources(tmp_path / "src", contents)
    refused = refuse_rename_after_someone_else_stored_it(monkeypatch)

    blobs = store.import_files(paths)

    digests = [hashlib.sha256(data).hexdigest() for data in contents]
    assert refused == [store.path_for(d) for d in digests]
    assert blobs == [StoredBlob(d, len(x), True) for d, x in zip(digests, contents, strict=True)]
    assert list(store.temp_dir.iterdir()) == []


def test_a_shard_folder_made_meanwhile_by_another_import_is_fine(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_mkdir = Path.mkdir
    raced: list[Path] = []

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if self.parent == store.root and self.name != "tmp":
            real_mkdir(self)  # the other import wins the race
            raced.append(self)
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    blob = store.import_bytes(b"ke hoach 2026")

    assert raced == [store.path_for(blob.sha256).parent]
    assert store.verify(blob.sha256)


# ------------------------------------------------------------------ sync: adopting a staged blob


def stage(store: BlobStore, data: bytes) -> Path:
    """A blob as a sync import stages it: written into the store's temp folder, not yet fsynced."""
    store.temp_dir.mkdir(exist_ok=True)
    staged = store.temp_dir / f"sync-pkg-{hashlib.sha256(data).hexdigest()}.part"
    staged.write_bytes(data)
    return staged


def test_adopting_a_staged_blob_follows_the_same_order(store: BlobStore, disk: DiskCalls) -> None:
    first, same_shard = contents_in_shards(1, 1)

    for data in (first, same_shard):
        adopt_blob(store, stage(store, data), hashlib.sha256(data).hexdigest())

    assert disk.calls(store) == [
        *durable(first),
        ("fsync-dir", shard(first), 0),
        ("fsync-dir", "root", 0),
        *durable(same_shard),
        ("fsync-dir", shard(first), 0),
    ]
    assert list(store.temp_dir.iterdir()) == []


def test_adopting_a_blob_already_stored_writes_nothing(store: BlobStore, disk: DiskCalls) -> None:
    data = b"anh hien truong"
    store.import_bytes(data)
    disk.clear()
    staged = stage(store, data)

    adopt_blob(store, staged, hashlib.sha256(data).hexdigest())

    assert disk.calls(store) == []
    assert not staged.exists()


def test_adopting_again_once_the_blob_is_in_place_is_harmless(
    store: BlobStore, disk: DiskCalls
) -> None:
    data = b"bien ban hop dan"
    staged = stage(store, data)
    adopt_blob(store, staged, hashlib.sha256(data).hexdigest())
    disk.clear()

    adopt_blob(store, staged, hashlib.sha256(data).hexdigest())  # an apply tried again

    assert disk.calls(store) == []
    assert store.verify(hashlib.sha256(data).hexdigest())


def test_the_staged_file_is_fsynced_through_a_writable_handle(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"quyet dinh cong nhan"
    staged = stage(store, data)
    modes: list[int] = []
    real_open = os.open

    def opening(path: object, flags: int, *args: object) -> int:
        if Path(str(path)) == staged:
            modes.append(flags & os.O_ACCMODE)
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", opening)
    adopt_blob(store, staged, hashlib.sha256(data).hexdigest())
    # Windows writes a file's buffers to the disk only through a handle open for writing.
    assert modes == [os.O_RDWR]


class WindowsOs:
    """The os module as the blob store sees it on Windows (os.name "nt"), everything else real."""

    name = "nt"

    def __getattr__(self, attr: str) -> object:
        return getattr(os, attr)


def test_on_windows_no_folder_is_opened_for_an_fsync(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Windows cannot open a folder to fsync it (and its renames need no such step)."""
    folders: list[str] = []
    real_open = os.open

    def opening(path: object, flags: int, *args: object) -> int:
        fd = real_open(path, flags, *args)  # type: ignore[arg-type]
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            folders.append(str(path))
        return fd

    monkeypatch.setattr(os, "open", opening)
    monkeypatch.setattr(blobstore, "os", WindowsOs())
    monkeypatch.setattr(sync_blobs, "os", WindowsOs())
    a, b, c, d = contents_in_shards(1, 2, 3, 4)

    store.import_bytes(a)
    store.import_files(write_sources(tmp_path / "src", [b, c]))
    adopt_blob(store, stage(store, d), hashlib.sha256(d).hexdigest())

    assert folders == []
    assert len(list(store.iter_hashes())) == 4
