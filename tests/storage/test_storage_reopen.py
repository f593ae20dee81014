"""A second connection opened while the program runs leaves a running import's temp files alone."""

from __future__ import annotations

from anninh_desktop.storage.store import open_store


def test_reopening_for_a_worker_keeps_temporary_files(tmp_path) -> None:
    store = open_store(tmp_path)
    from anninh_desktop.storage.blobstore import TEMP_SUFFIX

    temp = store.blobs.temp_dir / f"import-in-progress{TEMP_SUFFIX}"
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.write_bytes(b"half a photo")
    worker = open_store(tmp_path, clean=False)
    assert temp.exists()
    worker.close()
    store.close()
    open_store(tmp_path).close()  # a fresh start cleans what a crash left behind
    assert not temp.exists()
