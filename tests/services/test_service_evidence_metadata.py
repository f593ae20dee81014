"""Editing an evidence item's metadata, linking it to several criteria, files for the system viewer."""

from __future__ import annotations

import os
import random
import stat
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from fixtures.work import child, register

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services.demo import files as demo_files
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def item(ws: Workspace, tmp_path: Path) -> tuple[str, str]:
    """(evidence id, assessment id): one PDF of a registered residential area."""
    area = child(ws, "Ấp Cây Khô")
    a = register(ws, area)
    source = tmp_path / "Kế hoạch 05.pdf"
    source.write_bytes(b"%PDF-1.4 demo")
    added = evidence_service.add_file(ws, area.id, source, EvidenceMetadata(title="Kế hoạch"))
    return added.id, a.id


def test_metadata_is_saved_in_nfc_with_an_audit_event(ws: Workspace, item) -> None:
    evidence_id, _a = item
    decomposed = unicodedata.normalize("NFD", "Kế hoạch bảo vệ an ninh trật tự")
    meta = EvidenceMetadata(
        title=f"  {decomposed} ",
        kind=EvidenceKind.PLAN,
        number="05/KH-CAX",
        issue_date=date(2026, 1, 5),
        issuer="Công an xã Hồ Thị Kỷ",
    )
    updated = evidence_service.update_metadata(ws, evidence_id, meta)

    stored = ws.store.evidence.get(evidence_id)
    assert stored == updated
    assert stored.title == unicodedata.normalize("NFC", "Kế hoạch bảo vệ an ninh trật tự")
    assert (stored.kind, stored.number, stored.issue_date) == (
        EvidenceKind.PLAN,
        "05/KH-CAX",
        date(2026, 1, 5),
    )
    event = ws.store.audit.events()[-1]
    assert event.action == "evidence.edit"
    assert event.entity_id == evidence_id
    assert '"kind": "KH"' in event.new and '"kind": "other"' in event.old


def test_unchanged_metadata_writes_nothing_and_an_empty_title_is_refused(
    ws: Workspace, item
) -> None:
    evidence_id, _a = item
    before = len(ws.store.audit.events())
    current = ws.store.evidence.get(evidence_id)
    evidence_service.update_metadata(ws, evidence_id, EvidenceMetadata(title=current.title))
    assert len(ws.store.audit.events()) == before
    with pytest.raises(UserError, match=r"^An evidence item needs a title\.$"):
        evidence_service.update_metadata(ws, evidence_id, EvidenceMetadata(title="   "))
    assert ws.store.evidence.get(evidence_id) == current


def test_set_links_adds_and_removes_in_one_go(ws: Workspace, item) -> None:
    evidence_id, a_id = item
    refs = [ref for ref, _text in evidence_service.criteria_choices(ws, a_id)]
    assert len(refs) >= 3
    assert evidence_service.set_links(ws, evidence_id, a_id, refs[:2]) == (2, 0)
    assert evidence_service.linked_refs(ws, evidence_id, a_id) == set(refs[:2])
    assert evidence_service.set_links(ws, evidence_id, a_id, [refs[1], refs[2]]) == (1, 1)
    assert evidence_service.linked_refs(ws, evidence_id, a_id) == {refs[1], refs[2]}
    assert [e.id for e in evidence_service.linked_items(ws, a_id, refs[2])] == [evidence_id]
    assert evidence_service.linked_items(ws, a_id, refs[0]) == []
    assert evidence_service.linked_items(ws, a_id, "no-such-ref") == []


def test_set_links_with_an_unknown_ref_changes_nothing(ws: Workspace, item) -> None:
    evidence_id, a_id = item
    refs = [ref for ref, _text in evidence_service.criteria_choices(ws, a_id)]
    with pytest.raises(UserError, match=r"^“99\.99” is not a criterion to assess in this set$"):
        evidence_service.set_links(ws, evidence_id, a_id, [refs[0], "99.99"])
    assert evidence_service.linked_refs(ws, evidence_id, a_id) == set()


def test_the_viewer_gets_a_read_only_copy_named_like_the_original(
    ws: Workspace, item, tmp_path: Path
) -> None:
    evidence_id, _a = item
    revision = ws.store.evidence.latest_revision(evidence_id)
    assert revision is not None
    copy = evidence_service.copy_for_viewer(ws, revision, folder=tmp_path / "open")
    assert copy.name == "Kế hoạch 05.pdf"
    assert copy.read_bytes() == b"%PDF-1.4 demo"
    assert copy != ws.store.blobs.path_for(revision.sha256)
    assert not copy.stat().st_mode & stat.S_IWUSR
    again = evidence_service.copy_for_viewer(ws, revision, folder=tmp_path / "open")
    assert again != copy  # a viewer may still hold the first one open


def test_a_missing_blob_is_a_user_error(ws: Workspace, item, tmp_path: Path) -> None:
    evidence_id, _a = item
    revision = ws.store.evidence.latest_revision(evidence_id)
    assert revision is not None
    blob = ws.store.blobs.path_for(revision.sha256)
    blob.chmod(stat.S_IWUSR | stat.S_IRUSR)
    blob.unlink()
    with pytest.raises(UserError, match="missing"):
        evidence_service.copy_for_viewer(ws, revision, folder=tmp_path / "open")


def test_collect_files_walks_folders_and_skips_hidden_and_system_files(tmp_path: Path) -> None:
    scan = tmp_path / "scan"
    (scan / "2026" / ".thumbnails").mkdir(parents=True)
    for name in ("b.jpg", "a.pdf", ".hidden.jpg", "Thumbs.db", "~$bao-cao.docx"):
        (scan / name).write_bytes(b"x")
    (scan / "2026" / "c.png").write_bytes(b"x")
    (scan / "2026" / ".thumbnails" / "c.png").write_bytes(b"x")
    single = tmp_path / ".explicit.pdf"
    single.write_bytes(b"x")

    found = evidence_service.collect_files([scan, single, scan / "a.pdf"])

    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "scan/2026/c.png",
        "scan/a.pdf",
        "scan/b.jpg",
        ".explicit.pdf",
    ]
    with pytest.raises(UserError, match="not found"):
        evidence_service.collect_files([tmp_path / "gone"])


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_collect_files_does_not_follow_folder_links_in_circles(tmp_path: Path) -> None:
    scan = tmp_path / "scan"
    scan.mkdir()
    (scan / "a.jpg").write_bytes(b"x")
    (scan / "loop").symlink_to(scan, target_is_directory=True)
    assert evidence_service.collect_files([scan]) == [scan / "a.jpg"]


def test_guessed_kinds_for_a_mixed_folder(ws: Workspace, item, tmp_path: Path) -> None:
    evidence_id, a_id = item
    unit_id = ws.store.evidence.get(evidence_id).unit_id
    contents = {
        "anh.JPG": demo_files.make_photo_jpeg(
            random.Random(1), 160, 120, "Ảnh", taken=datetime(2026, 2, 4)
        ),
        "thong-ke.xlsx": demo_files.make_xlsx("Thống kê", ["Tháng", "Số vụ"], [["1", 0]]),
        "bien-ban.pdf": demo_files.make_pdf_document(
            "BIÊN BẢN", ["Nội dung"], issuer="CA", number="1", place_date="ngày 05/01/2026"
        ),
    }
    paths = []
    for name, data in contents.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    items = evidence_service.add_files(
        ws, unit_id, paths, kind_for=evidence_service.guess_kind, link_to=[(a_id, "4.1")]
    )
    assert [i.kind for i in items] == [
        EvidenceKind.PHOTO,
        EvidenceKind.STATISTICS,
        EvidenceKind.OTHER,
    ]
    latest = ws.store.evidence.latest_revisions_for_unit(unit_id)
    assert {latest[i.id].filename for i in items} == {"anh.JPG", "thong-ke.xlsx", "bien-ban.pdf"}


def test_latest_revision_per_item(ws: Workspace, item, tmp_path: Path) -> None:
    evidence_id, _a = item
    second = tmp_path / "Kế hoạch 05 (sửa).pdf"
    second.write_bytes(b"%PDF-1.4 second")
    evidence_service.add_revision(ws, evidence_id, second)
    unit_id = ws.store.evidence.get(evidence_id).unit_id
    latest = ws.store.evidence.latest_revisions_for_unit(unit_id)
    assert (latest[evidence_id].revision, latest[evidence_id].filename) == (
        2,
        "Kế hoạch 05 (sửa).pdf",
    )


def test_viewer_copies_older_than_a_day_are_removed_when_a_new_one_is_made(
    ws: Workspace, item, tmp_path: Path
) -> None:
    evidence_id, _a = item
    revision = ws.store.evidence.latest_revision(evidence_id)
    assert revision is not None
    base = tmp_path / "open"
    old = evidence_service.copy_for_viewer(ws, revision, folder=base)
    recent = evidence_service.copy_for_viewer(ws, revision, folder=base)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old.parent, (two_days_ago, two_days_ago))
    newest = evidence_service.copy_for_viewer(ws, revision, folder=base)
    assert not old.parent.exists()
    assert recent.exists() and newest.exists()
