"""Backups taken while the program works, restored whole; damaged or partial backups are refused."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.work import child, fill, register
from fixtures.workspaces import (
    database_path,
    file_snapshot,
    open_folder,
    results_checksum,
    table_counts,
    table_dump,
)

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.services import (
    assessment_service,
    backup_service,
    evidence_service,
    integrity_service,
)
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore
from anninh_desktop.storage.migrations import LATEST_VERSION

CONTENT_TABLES = (
    "unit",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "audit_event",
    "meta",
    "criterion_set",
)


def _work(ws: Workspace, tmp_path: Path, tag: str) -> str:
    """Register an area, fill results and add two evidence files; returns the assessment id."""
    area = child(ws, f"Ấp {tag}")
    a = register(ws, area)
    fill(ws, a.id, skip=2)
    for i in range(2):
        source = tmp_path / f"{tag}-{i}.bin"  # random bytes: not named as a picture
        source.write_bytes(os.urandom(2000) + tag.encode())
        evidence_service.add_file(
            ws, area.id, source, EvidenceMetadata(f"Ảnh {tag} {i}"), link_to=[(a.id, "4.2")]
        )
    return a.id


def _content(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    return table_dump(database_path(folder), CONTENT_TABLES)


def test_backup_while_open_restores_into_a_new_folder(ws: Workspace, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    first_id = _work(ws, tmp_path, "Một")
    at_first = _content(ws.root)
    checksum_first = results_checksum(database_path(ws.root))

    first = backup_service.backup(ws, usb)
    # The program keeps working, then a second backup is taken, still without closing.
    assessment_service.update_result(ws, first_id, "4.5", value=ResultValue.MET)
    _work(ws, tmp_path, "Hai")
    second = backup_service.backup(ws, usb)
    at_second = _content(ws.root)
    counts_second = table_counts(database_path(ws.root))

    assert first != second and first.parent == second.parent == usb
    assert sorted(p.name for p in usb.iterdir()) == sorted([first.name, second.name])
    manifest = json.loads((second / backup_service.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["schema_version"] == LATEST_VERSION
    assert manifest["blobs"] == 4
    assert manifest["installation"] == ws.store.installation

    restored_first = tmp_path / "restored-1"
    restored_second = tmp_path / "restored-2"
    assert backup_service.restore(restored_first, first) is None
    assert backup_service.restore(restored_second, second) is None

    assert _content(restored_first) == at_first
    assert results_checksum(database_path(restored_first)) == checksum_first
    assert _content(restored_second) == at_second
    assert table_counts(database_path(restored_second)) == counts_second
    for folder in (restored_first, restored_second):
        restored = open_folder(folder)
        try:
            report = integrity_service.check(restored)
        finally:
            restored.close()
        assert report.ok, report.problems
    assert report.blobs_checked == 4


def test_restore_over_a_data_folder_keeps_the_previous_database(
    ws: Workspace, tmp_path: Path
) -> None:
    _work(ws, tmp_path, "Một")
    folder = backup_service.backup(ws, tmp_path / "usb")
    saved = _content(ws.root)
    _work(ws, tmp_path, "Hai")  # done after the backup: the restore takes it away
    after = table_counts(database_path(ws.root))
    root = ws.root
    ws.close()

    kept = backup_service.restore(root, folder)

    assert kept is not None and kept.parent == root and kept.name.startswith("anninh.sqlite3.")
    assert table_counts(kept) == after
    assert _content(root) == saved


def _flip_database_byte(folder: Path) -> None:
    path = folder / "anninh.sqlite3"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _remove_a_blob(folder: Path) -> None:
    blob = next(p for p in (folder / "blobs").rglob("*") if p.is_file())
    blob.unlink()


def _change_a_blob(folder: Path) -> None:
    blob = next(p for p in (folder / "blobs").rglob("*") if p.is_file())
    blob.write_bytes(blob.read_bytes() + b"!")


def _newer_schema(folder: Path) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["schema_version"] = LATEST_VERSION + 1
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _no_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def _garbled_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text('{"format": 1, "schema_ver', encoding="utf-8")


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "flipped-byte-in-database": (_flip_database_byte, "does not match the manifest"),
    "missing-blob": (_remove_a_blob, "missing or changed"),
    "changed-blob": (_change_a_blob, "missing or changed"),
    "newer-schema": (_newer_schema, "newer version of the program"),
    "no-manifest": (_no_manifest, "not a complete backup"),
    "garbled-manifest": (_garbled_manifest, "damaged"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_restore_refuses_a_bad_backup_and_leaves_the_data_folder_alone(
    ws: Workspace, tmp_path: Path, case: str
) -> None:
    _work(ws, tmp_path, "Một")
    folder = backup_service.backup(ws, tmp_path / "usb")
    root = ws.root
    ws.close()
    damage, message = DAMAGE[case]
    damage(folder)
    before = file_snapshot(root)

    with pytest.raises(UserError, match=message):
        backup_service.restore(root, folder)

    assert file_snapshot(root) == before


def test_restore_refuses_into_a_new_folder_without_creating_anything(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a complete backup"):
        backup_service.restore(tmp_path / "new-data", tmp_path / "no-such-backup")
    assert not (tmp_path / "new-data").exists()


def test_backup_refuses_when_an_evidence_file_is_damaged(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    _change_a_blob(ws.root)
    usb = tmp_path / "usb"
    with pytest.raises(UserError, match="anninh check"):
        backup_service.backup(ws, usb)
    assert list(usb.iterdir()) == []


def test_backup_to_a_full_disk_leaves_no_partial_folder(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _work(ws, tmp_path, "Một")
    usb = tmp_path / "usb"

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(UserError, match="full"):
        backup_service.backup(ws, usb)
    monkeypatch.undo()
    assert list(usb.iterdir()) == []


def test_cancelled_backup_leaves_no_folder(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    usb = tmp_path / "usb"
    with pytest.raises(Cancelled):
        backup_service.backup(ws, usb, cancel=lambda: True)
    assert list(usb.iterdir()) == []


def test_backup_copies_each_blob_once_and_reports_progress(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    seen: list[tuple[int, int]] = []
    folder = backup_service.backup(ws, tmp_path / "usb", progress=lambda i, n: seen.append((i, n)))
    assert seen == [(1, 2), (2, 2)]
    copied = blobstore.BlobStore(folder / "blobs")
    assert sorted(copied.iter_hashes()) == sorted(ws.store.blobs.iter_hashes())
    info = backup_service.verify_backup(folder)
    assert (info.schema_version, info.blobs) == (LATEST_VERSION, 2)


def test_restore_onto_a_full_disk_says_so_and_leaves_the_data_folder_alone(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _work(ws, tmp_path, "Một")
    folder = backup_service.backup(ws, tmp_path / "usb")
    target = tmp_path / "may-moi"
    target.mkdir()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(Exception) as caught:  # which error it is, is checked below
        backup_service.restore(target, folder)
    monkeypatch.undo()

    leftovers = [p for p in target.rglob("*") if p.is_file()]
    assert leftovers == [], "a failed restore left files in the data folder"
    assert isinstance(caught.value, UserError), f"not a user message: {caught.value!r}"
    assert "full" in caught.value.message


def test_two_backups_in_the_same_second_both_succeed(ws: Workspace, tmp_path: Path) -> None:
    # A user who clicks "Back up" twice: the second must not fail with "check that the drive is
    # plugged in" because the first took the folder name of that second.
    usb = tmp_path / "usb"
    now = ws.clock()
    ws.clock = lambda: now
    first = backup_service.backup(ws, usb)
    second = backup_service.backup(ws, usb)
    assert first != second
    assert backup_service.verify_backup(first).schema_version == LATEST_VERSION
    assert backup_service.verify_backup(second).schema_version == LATEST_VERSION
