"""The blob store when things go wrong: each error names the file, the errno and the cause the
caller words its message from, and nothing is left half-written."""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

import pytest

from anninh_desktop.storage import blobstore
from anninh_desktop.storage.blobstore import (
    BlobNotFoundError,
    BlobStore,
    BlobStoreError,
    DiskFullError,
    InvalidHashError,
    SourceMissingError,
    SourceUnreadableError,
    StoredBlob,
    StoreWriteError,
)

CHUNK = 4096


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", chunk_size=CHUNK)


def leftovers(store: BlobStore) -> list[Path]:
    return sorted(store.temp_dir.iterdir()) if store.temp_dir.exists() else []


def fail_on(monkeypatch: pytest.MonkeyPatch, owner: object, attr: str, exc: OSError) -> None:
    def failing(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(owner, attr, failing)


EIO = OSError(errno.EIO, "Input/output error")


# ------------------------------------------------------------------ the error type


def test_an_error_reads_as_path_and_cause(tmp_path: Path) -> None:
    path = tmp_path / "bằng chứng.pdf"
    assert (
        str(BlobStoreError(path, errno.EIO, "Input/output error")) == f"{path}: Input/output error"
    )
    assert str(BlobStoreError(path)) == str(path)
    assert str(BlobStoreError(None, detail="not a lowercase SHA-256")) == "not a lowercase SHA-256"
    error = BlobStoreError(path, errno.ENOSPC)
    assert (error.path, error.errno) == (path, errno.ENOSPC)


@pytest.mark.parametrize("size", [0, -1])
def test_a_chunk_size_must_be_positive(tmp_path: Path, size: int) -> None:
    with pytest.raises(ValueError, match=r"^chunk_size must be positive$"):
        BlobStore(tmp_path, chunk_size=size)


def test_one_byte_chunks_work(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs", chunk_size=1)
    reports: list[int] = []
    blob = store.import_stream(io.BytesIO(b"abc"), progress=reports.append)
    assert store.path_for(blob.sha256).read_bytes() == b"abc"
    assert reports == [1, 2, 3]


# ------------------------------------------------------------------ reading the source


def test_a_missing_source_names_the_file_and_why(store: BlobStore, tmp_path: Path) -> None:
    with pytest.raises(SourceMissingError) as caught:
        store.import_file(tmp_path / "gone.pdf")
    assert (caught.value.path, caught.value.errno) == (tmp_path / "gone.pdf", errno.ENOENT)
    assert str(caught.value) == f"{tmp_path / 'gone.pdf'}: No such file or directory"


def test_a_folder_as_source_names_the_file_and_why(store: BlobStore, tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadableError) as caught:
        store.import_file(tmp_path)
    assert (caught.value.path, caught.value.errno) == (tmp_path, errno.EISDIR)
    assert str(caught.value) == f"{tmp_path}: Is a directory"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (FileNotFoundError(errno.ENOENT, None), SourceMissingError),
        (PermissionError(errno.EACCES, None), SourceUnreadableError),
    ],
)
def test_an_open_error_without_a_text_names_just_the_file(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, kind: type
) -> None:
    src = tmp_path / "scan.pdf"
    real_open = open

    def failing_open(file: object, *args: object, **kwargs: object) -> object:
        if file == src:
            raise error
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(blobstore, "open", failing_open, raising=False)
    with pytest.raises(kind) as caught:
        store.import_file(src)
    assert (caught.value.path, caught.value.errno, str(caught.value)) == (
        src,
        error.errno,
        str(src),
    )


class BrokenReader:
    """A source that yields `good` bytes, then fails with `error` (or returns None)."""

    def __init__(self, good: bytes, error: OSError | None) -> None:
        self._data = io.BytesIO(good)
        self._error = error

    def readinto(self, buffer: memoryview) -> int | None:
        count = self._data.readinto(buffer)
        if count:
            return count
        if self._error is None:
            return None  # a non-blocking source with nothing to read yet
        raise self._error

    def __enter__(self) -> BrokenReader:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize(
    ("error", "detail"),
    [(EIO, "Input/output error"), (OSError(errno.EIO, None), "")],
)
def test_a_read_error_midway_names_the_source(
    store: BlobStore, tmp_path: Path, error: OSError, detail: str
) -> None:
    usb = tmp_path / "usb.pdf"
    with pytest.raises(SourceUnreadableError) as caught:
        store.import_stream(BrokenReader(b"x" * CHUNK, error), source_path=usb)
    assert (caught.value.path, caught.value.errno) == (usb, errno.EIO)
    assert str(caught.value) == (f"{usb}: {detail}" if detail else str(usb))
    assert leftovers(store) == []


def test_a_non_blocking_source_is_refused(store: BlobStore, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    with pytest.raises(SourceUnreadableError) as caught:
        store.import_stream(BrokenReader(b"x", None), source_path=pipe)
    assert (caught.value.path, caught.value.errno) == (pipe, errno.EAGAIN)
    assert str(caught.value) == f"{pipe}: non-blocking source"
    assert leftovers(store) == []


def test_a_read_error_in_a_batch_names_the_file_it_came_from(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for path in paths:
        path.write_bytes(b"noi dung")
    real_open = BlobStore._open_source

    def open_source(src: Path) -> object:
        return BrokenReader(b"x" * 10, EIO) if src == paths[1] else real_open(src)

    monkeypatch.setattr(BlobStore, "_open_source", staticmethod(open_source))
    with pytest.raises(SourceUnreadableError) as caught:
        store.import_files(paths)
    assert caught.value.path == paths[1]
    assert leftovers(store) == []


# ------------------------------------------------------------------ writing into the store


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DiskFullError),
        (OSError(errno.EIO, "Input/output error"), StoreWriteError),
    ],
)
def test_a_failed_fsync_names_the_temp_file_and_leaves_nothing(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, error: OSError, kind: type
) -> None:
    fail_on(monkeypatch, os, "fsync", error)
    for write in (store.import_bytes, lambda data: store.import_file(source(store, data))):
        with pytest.raises(kind) as caught:
            write(b"bao cao tong ket")
        assert caught.value.errno == error.errno
        assert caught.value.path is not None and caught.value.path.parent == store.temp_dir
        assert str(caught.value) == f"{caught.value.path}: {error.strerror}"
        assert leftovers(store) == [] and list(store.iter_hashes()) == []


def source(store: BlobStore, data: bytes) -> Path:
    path = store.root.parent / "source.bin"
    path.write_bytes(data)
    return path


def test_a_refused_rename_names_the_blobs_place(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on(monkeypatch, os, "replace", OSError(errno.EROFS, "Read-only file system"))
    data = b"to trinh"
    with pytest.raises(StoreWriteError) as caught:
        store.import_bytes(data)
    assert caught.value.path == store.path_for(hashlib.sha256(data).hexdigest())
    assert caught.value.errno == errno.EROFS
    assert leftovers(store) == []


def test_a_shard_folder_that_cannot_be_made_is_named(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"quyet dinh"
    fail_on(monkeypatch, Path, "mkdir", OSError(errno.EACCES, "Permission denied"))
    with pytest.raises(StoreWriteError) as caught:
        store.import_bytes(data)
    assert caught.value.path == store.path_for(hashlib.sha256(data).hexdigest()).parent
    assert caught.value.errno == errno.EACCES
    assert leftovers(store) == []


@pytest.mark.parametrize(("owner", "attr"), [(os, "makedirs"), (tempfile, "mkstemp")])
def test_a_temp_file_that_cannot_be_made_names_the_temp_folder(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, owner: object, attr: str
) -> None:
    fail_on(monkeypatch, owner, attr, OSError(errno.EDQUOT, "Disk quota exceeded"))
    with pytest.raises(DiskFullError) as caught:
        store.import_bytes(b"x")
    assert (caught.value.path, caught.value.errno) == (store.temp_dir, errno.EDQUOT)


def test_an_error_without_a_text_keeps_what_python_says(store: BlobStore) -> None:
    error = blobstore._write_error(store.root, OSError("the USB stick was pulled out"))
    assert type(error) is StoreWriteError
    assert str(error) == f"{store.root}: the USB stick was pulled out"


class ShortWrites:
    """A file that takes at most three bytes per write call (a slow network share)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.calls = 0

    def write(self, chunk: memoryview) -> int | None:
        self.calls += 1
        assert self.calls <= 100, "the writer keeps asking for the same bytes"
        taken = bytes(chunk[:3])
        self.data += taken
        return len(taken)


def test_short_writes_are_continued_where_they_stopped(tmp_path: Path) -> None:
    out = ShortWrites()
    blobstore._write_all(out, memoryview(b"0123456789abcdef"), tmp_path / "t.part")  # type: ignore[arg-type]
    assert bytes(out.data) == b"0123456789abcdef"


def test_a_write_that_would_block_is_an_error(tmp_path: Path) -> None:
    class WouldBlock:
        def write(self, chunk: memoryview) -> None:
            return None

    temp = tmp_path / "t.part"
    with pytest.raises(StoreWriteError) as caught:
        blobstore._write_all(WouldBlock(), memoryview(b"x"), temp)  # type: ignore[arg-type]
    assert (caught.value.path, caught.value.errno) == (temp, errno.EAGAIN)
    assert str(caught.value) == f"{temp}: write would block"


def test_temp_files_are_named_so_the_startup_clean_up_finds_them(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    names: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp(**kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp(**kwargs)  # type: ignore[call-overload]
        names.append(Path(name).name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    store.import_bytes(b"x")
    [made] = names
    # ".part": removed by clean_temporary_files; "import-": told apart from a sync's staged files
    assert made.startswith("import-") and made.endswith(".part")


def test_a_successful_import_logs_no_warning(
    store: BlobStore, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger=blobstore.__name__)
    store.import_bytes(b"one")
    store.import_stream(io.BytesIO(b"two"))
    store.import_files([source(store, b"three")])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


# ------------------------------------------------------------------ reading the store


def test_a_missing_blob_names_its_place_and_hash(store: BlobStore) -> None:
    absent = hashlib.sha256(b"never stored").hexdigest()
    for read in (store.open, store.verify):
        with pytest.raises(BlobNotFoundError) as caught:
            read(absent)
        assert (caught.value.path, caught.value.errno) == (store.path_for(absent), errno.ENOENT)
        assert str(caught.value) == f"{store.path_for(absent)}: {absent}"


def test_a_bad_hash_is_quoted_in_the_error(store: BlobStore) -> None:
    with pytest.raises(InvalidHashError, match=r"^not a lowercase SHA-256: '\.\./\.\./etc'$"):
        store.path_for("../../etc")


def test_remove_deletes_one_blob_and_accepts_one_already_gone(store: BlobStore) -> None:
    kept, removed = store.import_bytes(b"kept"), store.import_bytes(b"removed")
    store.remove(removed.sha256)
    store.remove(removed.sha256)  # again: nothing to do
    assert list(store.iter_hashes()) == [kept.sha256]
    with pytest.raises(InvalidHashError):
        store.remove("..")


def test_iter_hashes_lists_only_blobs_in_their_own_shard(store: BlobStore) -> None:
    blob = store.import_bytes(b"real")
    stray = hashlib.sha256(b"stray").hexdigest()
    shard = store.path_for(blob.sha256).parent
    (shard / stray).write_bytes(b"stray")  # a hash in the wrong shard: path_for never finds it
    (store.root / "ab").write_bytes(b"")  # a file named like a shard folder
    (store.root / stray[:2]).mkdir(exist_ok=True)
    (store.root / stray[:2] / (stray[:2] + "0" * 62)).mkdir()  # a folder named like a blob
    assert list(store.iter_hashes()) == [blob.sha256]


# ------------------------------------------------------------------ clean-up at startup


def test_clean_up_counts_every_leftover_and_keeps_other_files(store: BlobStore) -> None:
    store.temp_dir.mkdir(parents=True)
    for index in range(3):
        (store.temp_dir / f"import-{index}.part").write_bytes(b"half")
    (store.temp_dir / "notes.txt").write_bytes(b"not ours")
    (store.temp_dir / "folder.part").mkdir()

    assert store.clean_temporary_files() == 3
    assert sorted(p.name for p in store.temp_dir.iterdir()) == ["folder.part", "notes.txt"]


def test_clean_up_skips_a_file_it_cannot_remove_and_goes_on(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.temp_dir.mkdir(parents=True)
    for name in ("import-a.part", "import-b.part", "import-c.part"):
        (store.temp_dir / name).write_bytes(b"half")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name == "import-b.part":
            raise PermissionError(errno.EACCES, "still open in another program")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    assert store.clean_temporary_files() == 2
    assert [p.name for p in store.temp_dir.iterdir()] == ["import-b.part"]


def test_clean_up_of_a_leftover_another_start_removed_first_is_quiet(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store.temp_dir.mkdir(parents=True)
    (store.temp_dir / "import-a.part").write_bytes(b"half")
    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        found = real_is_file(self)
        if found and self.parent == store.temp_dir:
            os.remove(self)  # a second window starting at the same moment got there first
        return found

    monkeypatch.setattr(Path, "is_file", is_file)
    store.clean_temporary_files()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert list(store.temp_dir.iterdir()) == []


# ------------------------------------------------------------------ batches that stop


def test_a_duplicate_then_a_missing_file_reports_the_missing_file(
    store: BlobStore, tmp_path: Path
) -> None:
    a = source(store, b"same")
    with pytest.raises(SourceMissingError) as caught:
        store.import_files([a, a, tmp_path / "gone.pdf"])
    assert caught.value.path == tmp_path / "gone.pdf"
    assert leftovers(store) == []


def test_an_error_while_looking_for_an_existing_blob_leaves_no_temp_file(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for index, path in enumerate(paths):
        path.write_bytes(b"tai lieu %d" % index)
    real_exists = Path.exists

    def exists(self: Path, *args: object, **kwargs: object) -> bool:
        if self.parent.parent == store.root and self.parent.name != "tmp":
            raise OSError(errno.EIO, "Input/output error")
        return real_exists(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "exists", exists)
    with pytest.raises(OSError, match="Input/output error"):
        store.import_files(paths)
    monkeypatch.undo()
    assert leftovers(store) == []


def test_import_stream_returns_the_size_of_content_already_stored(store: BlobStore) -> None:
    data = b"da co" * 100
    first = store.import_bytes(data)
    again = store.import_stream(io.BytesIO(data))
    assert again == StoredBlob(first.sha256, len(data), existed=True)


def test_import_stream_reports_progress_and_honours_cancel(store: BlobStore) -> None:
    data = os.urandom(3 * CHUNK)
    reports: list[int] = []
    store.import_stream(io.BytesIO(data), progress=reports.append)
    assert reports == [CHUNK, 2 * CHUNK, 3 * CHUNK]
    with pytest.raises(blobstore.Cancelled):
        store.import_stream(io.BytesIO(os.urandom(CHUNK)), cancel=lambda: True)
    assert leftovers(store) == []
