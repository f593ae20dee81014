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


# ---------------------------------------------------------------- import_files (batches)


def write_sources(tmp_path: Path, contents: list[bytes]) -> list[Path]:
    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    return [write_source(folder, data, f"{index:03d}.bin") for index, data in enumerate(contents)]


def assert_no_temp_files(store: BlobStore) -> None:
    assert not store.temp_dir.exists() or list(store.temp_dir.iterdir()) == []


def assert_only_complete_blobs(store: BlobStore, allowed: list[bytes]) -> list[str]:
    """Every blob in the store verifies and is one of `allowed`: no partial blob."""
    hashes = list(store.iter_hashes())
    allowed_hashes = {hashlib.sha256(data).hexdigest() for data in allowed}
    assert set(hashes) <= allowed_hashes
    assert all(store.verify(digest) for digest in hashes)
    assert sorted(files_under(store.root)) == sorted(store.path_for(d) for d in hashes)
    return hashes


def test_import_files_results_follow_the_paths_with_right_hashes(tmp_path: Path) -> None:
    contents = [os.urandom(size) for size in (3 * CHUNK + 5, 0, 1, CHUNK, 7 * CHUNK, 100)]
    store = make_store(tmp_path)

    blobs = store.import_files(write_sources(tmp_path, contents))

    assert blobs == [
        StoredBlob(hashlib.sha256(data).hexdigest(), len(data), existed=False) for data in contents
    ]
    for blob, data in zip(blobs, contents, strict=True):
        assert store.path_for(blob.sha256).read_bytes() == data
    assert sorted(store.iter_hashes()) == sorted(blob.sha256 for blob in blobs)
    assert_no_temp_files(store)


def test_import_files_takes_strings_and_an_empty_batch(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    [path] = write_sources(tmp_path, [b"cong van"])

    assert store.import_files([]) == []
    assert store.import_files([str(path)]) == [  # type: ignore[list-item]
        StoredBlob(hashlib.sha256(b"cong van").hexdigest(), 8, existed=False)
    ]


def test_import_files_stores_identical_content_once(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    already = store.import_bytes(b"da co trong kho")
    a, b = os.urandom(2 * CHUNK), os.urandom(CHUNK + 1)

    blobs = store.import_files(write_sources(tmp_path, [a, b"da co trong kho", a, b, a, b""]))

    assert [blob.existed for blob in blobs] == [False, True, True, False, True, False]
    assert blobs[1] == StoredBlob(already.sha256, already.size, existed=True)
    assert blobs[0] == StoredBlob(hashlib.sha256(a).hexdigest(), len(a), existed=False)
    assert blobs[2] == blobs[4] == StoredBlob(blobs[0].sha256, len(a), existed=True)
    assert blobs[3].sha256 == hashlib.sha256(b).hexdigest()
    assert len(files_under(store.root)) == 4  # a, b, the old blob and the empty file
    assert_no_temp_files(store)


def test_import_files_progress_is_monotone_over_the_batch(tmp_path: Path) -> None:
    contents = [os.urandom(2 * CHUNK + 3), b"", os.urandom(CHUNK), os.urandom(5)]
    reports: list[int] = []

    make_store(tmp_path).import_files(write_sources(tmp_path, contents), progress=reports.append)

    assert reports == sorted(reports)
    assert reports[-1] == sum(len(data) for data in contents)
    assert len(reports) == 3 + 1 + 1 + 1  # one per chunk, one for the empty file


def test_import_files_missing_file_mid_batch_leaves_no_temp_file(tmp_path: Path) -> None:
    contents = [os.urandom(3 * CHUNK) for _ in range(5)]
    paths = write_sources(tmp_path, contents)
    paths[3].unlink()
    store = make_store(tmp_path)

    with pytest.raises(SourceMissingError) as caught:
        store.import_files(paths)

    assert caught.value.path == paths[3]
    assert_no_temp_files(store)
    assert_only_complete_blobs(store, contents[:3])  # earlier blobs may stay: they are whole


def test_import_files_disk_full_mid_file_leaves_no_partial_blob(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = [os.urandom(3 * CHUNK) for _ in range(4)]
    real_write_all = blobstore._write_all
    calls = 0

    def fill_disk_in_the_third_file(out: object, chunk: memoryview, temp: Path) -> None:
        nonlocal calls
        calls += 1
        real_write_all(out if calls < 8 else FullDisk(), chunk, temp)  # type: ignore[arg-type]

    monkeypatch.setattr(blobstore, "_write_all", fill_disk_in_the_third_file)
    store = make_store(tmp_path)
    with pytest.raises(DiskFullError):
        store.import_files(write_sources(tmp_path, contents))

    assert calls == 8
    assert_no_temp_files(store)
    assert_only_complete_blobs(store, contents[:2])


def test_import_files_never_renames_a_blob_before_fsyncing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = [os.urandom(size) for size in (CHUNK, 0, 3 * CHUNK, 17, 2 * CHUNK)]
    fsynced: set[int] = set()
    renamed: list[bool] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        real_fsync(fd)
        fsynced.add(os.fstat(fd).st_ino)

    def replace(src: Path, dst: Path) -> None:
        renamed.append(os.stat(src).st_ino in fsynced)
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    make_store(tmp_path).import_files(write_sources(tmp_path, contents))

    assert renamed == [True] * len(contents)


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_import_files_disk_error_in_the_background_stops_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    contents = [os.urandom(2 * CHUNK + index) for index in range(8)]
    real = getattr(os, failing)
    calls = 0

    def fail_the_second_file(*args: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args)

    monkeypatch.setattr(blobstore, "PIPELINE_MAX_FILES", 1)  # the copying waits for each file
    monkeypatch.setattr(os, failing, fail_the_second_file)
    reports: list[int] = []
    store = make_store(tmp_path)
    with pytest.raises(blobstore.StoreWriteError) as caught:
        store.import_files(write_sources(tmp_path, contents), progress=reports.append)

    assert caught.value.errno == errno.EIO
    assert reports[-1] <= sum(len(data) for data in contents[:3])  # it stopped right away
    assert_no_temp_files(store)
    assert assert_only_complete_blobs(store, contents[:1]) == [
        hashlib.sha256(contents[0]).hexdigest()
    ]


def test_import_files_cancel_mid_batch(tmp_path: Path) -> None:
    contents = [os.urandom(4 * CHUNK) for _ in range(6)]
    store = make_store(tmp_path)
    reports: list[int] = []

    def cancel() -> bool:  # in the middle of the fourth file
        return bool(reports) and reports[-1] >= 3 * len(contents[0]) + 2 * CHUNK

    with pytest.raises(Cancelled):
        store.import_files(
            write_sources(tmp_path, contents), progress=reports.append, cancel=cancel
        )

    assert reports[-1] == 3 * len(contents[0]) + 2 * CHUNK
    assert_no_temp_files(store)
    assert_only_complete_blobs(store, contents[:3])
    # Importing again completes the batch; what was already renamed is reported as existing.
    blobs = store.import_files(write_sources(tmp_path, contents))
    assert [blob.sha256 for blob in blobs] == [hashlib.sha256(d).hexdigest() for d in contents]
    assert_only_complete_blobs(store, contents)
    assert len(list(store.iter_hashes())) == len(contents)


def test_import_files_keeps_the_unfinished_work_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = [os.urandom(CHUNK + index) for index in range(12)]
    monkeypatch.setattr(blobstore, "PIPELINE_MAX_FILES", 3)
    store = make_store(tmp_path)
    temp_counts: list[int] = []

    def count_temp_files(_: int) -> None:
        temp_counts.append(len(list(store.temp_dir.iterdir())))

    blobs = store.import_files(write_sources(tmp_path, contents), progress=count_temp_files)

    assert max(temp_counts) <= 3 + 1  # waiting for the disk, plus the one being copied
    assert [blob.sha256 for blob in blobs] == [hashlib.sha256(d).hexdigest() for d in contents]
    assert_no_temp_files(store)
