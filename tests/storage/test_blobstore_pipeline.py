"""import_files' background pipeline, with the disk held still.

The background thread's fsyncs wait at a gate the test opens, so what the copying does while the
disk is busy is deterministic: where it starts to wait for room (exactly at the limits), that a
cancel is honoured while it waits, that a stop leaves the queued files unrenamed, and that a disk
error behind another error is not lost.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from anninh_desktop.storage import blobstore
from anninh_desktop.storage.blobstore import BlobStore, Cancelled, SourceMissingError

CHUNK = 4096
SIZE = 1000  # every file of these batches
GATE_TIMEOUT = 10.0  # seconds: only a broken pipeline ever waits this long


class Disk:
    """The background thread's fsyncs wait until `open()`, or until the pipeline is told to stop
    (an error or a cancel); the caller's fsyncs never wait."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: OSError | None = None) -> None:
        self._gate = threading.Event()
        self.timed_out = False
        self.held = threading.Event()  # the background thread is waiting at the gate
        caller = threading.current_thread()
        real_fsync, real_stop = os.fsync, blobstore._Pipeline._stop

        def stop(pipeline: object) -> None:
            self.open()
            real_stop(pipeline)  # type: ignore[arg-type]

        def fsync(fd: int) -> None:
            if threading.current_thread() is not caller:
                self.held.set()
                if not self._gate.wait(GATE_TIMEOUT):
                    self.timed_out = True
                if fail is not None:
                    raise fail
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(blobstore._Pipeline, "_stop", stop)

    def open(self) -> None:
        self._gate.set()


class Waits:
    """Calls `on_wait(temp files at that moment)` each time the copying waits for room."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, store: BlobStore, on_wait: Callable[[int], bool]
    ) -> None:
        self.temp_files: list[int] = []
        real = blobstore._Pipeline.wait_for_room

        def wait_for_room(pipeline: object, poll: Callable[[], bool]) -> None:
            def poll_while_waiting() -> bool:  # only called once the copying really waits
                count = len(list(store.temp_dir.iterdir()))
                self.temp_files.append(count)
                return on_wait(count) or poll()

            real(pipeline, poll_while_waiting)  # type: ignore[arg-type]

        monkeypatch.setattr(blobstore._Pipeline, "wait_for_room", wait_for_room)


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs", chunk_size=CHUNK)


def batch(tmp_path: Path, count: int) -> list[Path]:
    folder = tmp_path / "src"
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"{index:03d}.bin"
        path.write_bytes(f"{index:04d}".encode() * (SIZE // 4))
        paths.append(path)
    return paths


@pytest.fixture
def gate_opened_at_the_end(monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    disk = Disk(monkeypatch)
    yield disk
    disk.open()


def test_the_copying_waits_when_the_file_limit_is_reached_not_before(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gate_opened_at_the_end: Disk
) -> None:
    monkeypatch.setattr(blobstore, "PIPELINE_MAX_FILES", 3)
    disk = gate_opened_at_the_end
    first_wait: list[int] = []

    def on_wait(temp_files: int) -> bool:
        if not first_wait:
            first_wait.append(temp_files)
            disk.open()
        return False

    waits = Waits(monkeypatch, store, on_wait)
    blobs = store.import_files(batch(tmp_path, 8))

    assert first_wait == [3]  # three files wait for the disk: the fourth is not begun
    assert not disk.timed_out
    assert all(count <= 3 for count in waits.temp_files)
    assert len(list(store.iter_hashes())) == len(blobs) == 8


@pytest.mark.parametrize(
    ("max_bytes", "waiting"),
    [(3 * SIZE - 1, 3), (3 * SIZE, 3), (3 * SIZE + 1, 4)],
)
def test_the_copying_waits_when_the_byte_limit_is_reached_not_before(
    store: BlobStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gate_opened_at_the_end: Disk,
    max_bytes: int,
    waiting: int,
) -> None:
    monkeypatch.setattr(blobstore, "PIPELINE_MAX_BYTES", max_bytes)
    disk = gate_opened_at_the_end
    first_wait: list[int] = []
    polls = 0

    def on_wait(temp_files: int) -> bool:
        nonlocal polls
        polls += 1
        if not first_wait:
            first_wait.append(temp_files)
            disk.open()
        return polls > 50  # five seconds of waiting: the room never came back, give up

    waits = Waits(monkeypatch, store, on_wait)
    blobs = store.import_files(batch(tmp_path, 8))

    assert first_wait == [waiting]
    assert not disk.timed_out
    assert all(count <= waiting for count in waits.temp_files)
    assert len(list(store.iter_hashes())) == len(blobs) == 8


def test_a_cancel_is_honoured_while_the_copying_waits_for_the_disk(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gate_opened_at_the_end: Disk
) -> None:
    monkeypatch.setattr(blobstore, "PIPELINE_MAX_FILES", 2)
    disk = gate_opened_at_the_end
    waited = 0

    def on_wait(temp_files: int) -> bool:
        nonlocal waited
        waited += 1
        return waited >= 2  # the user presses Cancel after the copying began to wait

    Waits(monkeypatch, store, on_wait)
    with pytest.raises(Cancelled):
        store.import_files(batch(tmp_path, 6))

    assert not disk.timed_out  # cancelled while the disk was still busy
    assert waited == 2


def test_a_stop_leaves_the_queued_files_unrenamed(
    store: BlobStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = Disk(monkeypatch)  # the disk finishes the file it is on once the stop is asked
    paths = batch(tmp_path, 5)
    reports: list[int] = []

    def cancel() -> bool:  # in the last file: the disk is on the first, three are queued
        if reports and reports[-1] >= 4 * SIZE:
            return disk.held.wait(GATE_TIMEOUT)
        return False

    with pytest.raises(Cancelled):
        store.import_files(paths, progress=reports.append, cancel=cancel)

    assert not disk.timed_out
    # Only the file the disk was on reached its place; the queued ones were removed.
    assert list(store.iter_hashes()) == [hashlib.sha256(paths[0].read_bytes()).hexdigest()]
    assert list(store.temp_dir.iterdir()) == []


def test_a_disk_error_behind_another_error_is_logged_not_lost(
    store: BlobStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    disk = Disk(monkeypatch, fail=OSError(errno.EIO, "Input/output error"))
    paths = batch(tmp_path, 3)
    paths[2].unlink()
    real_open = BlobStore._open_source

    def open_source(src: Path) -> object:
        if src == paths[2]:
            assert disk.held.wait(GATE_TIMEOUT)  # the disk is busy with the first file
        return real_open(src)

    monkeypatch.setattr(BlobStore, "_open_source", staticmethod(open_source))

    with pytest.raises(SourceMissingError):
        store.import_files(paths)

    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.getMessage() == "the import also failed while writing to disk"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], blobstore.StoreWriteError)
    assert list(store.iter_hashes()) == []
    assert list(store.temp_dir.iterdir()) == []


def test_a_disk_error_in_the_background_is_raised_once_not_logged_again(
    store: BlobStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    disk = Disk(monkeypatch, fail=OSError(errno.EIO, "Input/output error"))
    disk.open()
    with pytest.raises(blobstore.StoreWriteError):
        store.import_files(batch(tmp_path, 4))
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert list(store.temp_dir.iterdir()) == []
