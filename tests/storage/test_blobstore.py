"""The evidence blob store: content addressing, dedup, atomic imports, clean-up and verification."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path

import pytest

from anninh_desktop.storage import blobstore
from anninh_desktop.storage.blobstore import (
    BlobNotFoundError,
    BlobStore,
    Cancelled,
    DiskFullError,
    InvalidHashError,
    SourceMissingError,
    SourceUnreadableError,
    StoredBlob,
)

CHUNK = 4096  # small chunks so a few KiB already take several reads


def make_store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", chunk_size=CHUNK)


def write_source(tmp_path: Path, data: bytes, name: str = "source.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


class FailingReader:
    """A source whose disk gives out after `fail_after` bytes."""

    def __init__(self, data: bytes, fail_after: int) -> None:
        self._data = io.BytesIO(data)
        self._fail_after = fail_after

    def readinto(self, buffer: memoryview) -> int:
        if self._data.tell() >= self._fail_after:
            raise OSError(errno.EIO, "Input/output error")
        return self._data.readinto(buffer)


def test_import_file_stores_content_under_its_hash(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 17)
    store = make_store(tmp_path)

    blob = store.import_file(write_source(tmp_path, data))

    digest = hashlib.sha256(data).hexdigest()
    assert blob == StoredBlob(sha256=digest, size=len(data), existed=False)
    assert store.path_for(digest) == tmp_path / "blobs" / digest[:2] / digest
    assert store.path_for(digest).read_bytes() == data
    assert store.exists(digest)
    with store.open(digest) as stream:
        assert stream.read() == data
    assert list(store.iter_hashes()) == [digest]


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    data = b"bien ban hop" * 1000

    first = store.import_file(write_source(tmp_path, data, "a.pdf"))
    second = store.import_file(write_source(tmp_path, data, "b.pdf"))
    third = store.import_bytes(data)

    assert not first.existed
    assert second.existed and third.existed
    assert first.sha256 == second.sha256 == third.sha256
    assert files_under(store.root) == [store.path_for(first.sha256)]


def test_empty_file(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    reports: list[int] = []

    blob = store.import_file(write_source(tmp_path, b""), progress=reports.append)

    assert blob == StoredBlob(hashlib.sha256(b"").hexdigest(), 0, existed=False)
    assert store.path_for(blob.sha256).read_bytes() == b""
    assert reports == [0]


def test_progress_is_monotone_and_ends_at_the_size(tmp_path: Path) -> None:
    data = os.urandom(5 * CHUNK + 1)
    reports: list[int] = []

    make_store(tmp_path).import_file(write_source(tmp_path, data), progress=reports.append)

    assert reports == sorted(reports)
    assert len(reports) == 6
    assert reports[-1] == len(data)


def test_cancel_after_first_chunk_leaves_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    source = write_source(tmp_path, os.urandom(4 * CHUNK))
    reports: list[int] = []

    with pytest.raises(Cancelled):
        store.import_file(source, progress=reports.append, cancel=lambda: bool(reports))

    assert reports == [CHUNK]  # the copy had really started
    assert files_under(store.root) == []


def test_read_error_midway_leaves_nothing(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    reader = FailingReader(os.urandom(4 * CHUNK), fail_after=2 * CHUNK)

    with pytest.raises(SourceUnreadableError) as caught:
        store.import_stream(reader, source_path=tmp_path / "usb.pdf")

    assert caught.value.errno == errno.EIO
    assert caught.value.path == tmp_path / "usb.pdf"
    assert files_under(store.root) == []


class FullDisk:
    def write(self, data: memoryview) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_midway_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path)
    real_write_all = blobstore._write_all
    calls = 0

    def fill_disk_after_first_chunk(out: object, chunk: memoryview, temp: Path) -> None:
        nonlocal calls
        calls += 1
        real_write_all(out if calls == 1 else FullDisk(), chunk, temp)  # type: ignore[arg-type]

    monkeypatch.setattr(blobstore, "_write_all", fill_disk_after_first_chunk)
    with pytest.raises(DiskFullError) as caught:
        store.import_bytes(os.urandom(3 * CHUNK))

    assert calls == 2
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.path is not None and caught.value.path.parent == store.temp_dir
    assert files_under(store.root) == []


def test_missing_and_unreadable_sources(tmp_path: Path) -> None:
    store = make_store(tmp_path)

    with pytest.raises(SourceMissingError) as missing:
        store.import_file(tmp_path / "gone.pdf")
    with pytest.raises(SourceUnreadableError) as folder:
        store.import_file(tmp_path)

    assert missing.value.path == tmp_path / "gone.pdf"
    assert missing.value.errno == errno.ENOENT
    assert folder.value.path == tmp_path
    assert files_under(store.root) == []


def test_clean_temporary_files_removes_hard_crash_leftovers(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    kept = store.import_bytes(b"kept")
    store.temp_dir.mkdir(parents=True, exist_ok=True)
    (store.temp_dir / "import-abc123.part").write_bytes(b"half a photo")

    assert store.clean_temporary_files() == 1
    assert store.clean_temporary_files() == 0
    assert files_under(store.root) == [store.path_for(kept.sha256)]


def test_clean_temporary_files_on_a_new_store(tmp_path: Path) -> None:
    assert make_store(tmp_path).clean_temporary_files() == 0


def test_verify_detects_a_corrupted_blob(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    blob = store.import_bytes(b"quyet dinh so 12")
    assert store.verify(blob.sha256)

    path = store.path_for(blob.sha256)
    path.chmod(0o600)
    path.write_bytes(b"quyet dinh so 13")

    assert not store.verify(blob.sha256)


def test_missing_blob_and_bad_hash(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    absent = hashlib.sha256(b"never stored").hexdigest()

    assert not store.exists(absent)
    with pytest.raises(BlobNotFoundError):
        store.open(absent)
    with pytest.raises(BlobNotFoundError):
        store.verify(absent)
    for bad in ("../../etc/passwd", absent.upper(), absent[:-1]):
        with pytest.raises(InvalidHashError):
            store.path_for(bad)


def test_iter_hashes_ignores_foreign_files(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    hashes = sorted(store.import_bytes(bytes([i])).sha256 for i in range(5))
    store.temp_dir.mkdir(exist_ok=True)
    (store.temp_dir / "import-x.part").write_bytes(b"x")
    (store.root / hashes[0][:2] / "thumbs.db").write_bytes(b"x")

    assert list(store.iter_hashes()) == hashes
    assert list(BlobStore(tmp_path / "nowhere").iter_hashes()) == []
