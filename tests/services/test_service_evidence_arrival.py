"""Evidence checked on arrival: empty and wrong-type files refused with the store left as it was,
encrypted, truncated and damaged files accepted with a warning kept with the revision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures import awkward_files as af
from fixtures.work import child, register
from fixtures.workspaces import open_folder
from PIL import Image

from anninh_desktop import i18n
from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services import evidence_import, evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.evidence_import import OnDuplicate
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def area(ws: Workspace) -> tuple[str, str]:
    """(unit id, assessment id) of a residential area registered for 2026."""
    unit = child(ws, "Ấp Cây Khô")
    return unit.id, register(ws, unit).id


def _source(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _state(ws: Workspace) -> tuple[object, ...]:
    """Everything an import may touch: rows, the audit log, blob files, the change counter."""
    db = ws.store.db
    counts = tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("evidence", "evidence_revision", "evidence_link", "audit_event")
    )
    blobs = sorted(p for p in ws.store.blobs.root.rglob("*") if p.is_file())
    return counts, blobs, ws.store.meta("change_counter")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("bien-ban.pdf", b"", ["“bien-ban.pdf” is empty (0 bytes)", "add it again"]),
        ("anh.jpg", b"", ["“anh.jpg” is empty"]),
        ("ke-hoach.pdf", af.photo(1), ["named as a PDF document", "content is a JPEG picture"]),
        (
            "anh-hop-dan.jpg",
            "Biên bản họp dân ấp Cây Khô, ngày 05/01/2026.\n".encode() * 30,
            ["named as a picture", "content is text"],
        ),
        ("bao-cao.docx", af.pdf(), ["named as an Office document", "content is a PDF document"]),
        ("so-lieu.xlsx", af.photo(2), ["content is a JPEG picture"]),
        ("ghi-chu.txt", af.pdf(), ["named as a text file", "a PDF document"]),
        ("video.mp4", af.photo(4), ["named as a video", "a JPEG picture"]),
    ],
)
def test_empty_and_wrong_type_files_are_refused_and_nothing_changes(
    ws: Workspace, area, tmp_path: Path, name: str, data: bytes, words: list[str]
) -> None:
    unit_id, a_id = area
    before = _state(ws)
    with pytest.raises(UserError) as caught:
        evidence_service.add_file(
            ws,
            unit_id,
            _source(tmp_path, name, data),
            EvidenceMetadata("x"),
            link_to=[(a_id, "4.1")],
        )
    for word in words:
        assert word in caught.value.message
    assert "not added" in caught.value.message
    assert _state(ws) == before


def test_the_refusal_speaks_vietnamese(ws: Workspace, area, tmp_path: Path) -> None:
    unit_id, _a = area
    i18n.set_language("vi")
    with pytest.raises(UserError) as caught:
        evidence_service.add_file(
            ws, unit_id, _source(tmp_path, "ke-hoach.pdf", af.photo(1)), EvidenceMetadata("x")
        )
    assert caught.value.message == (
        "Tên tệp “ke-hoach.pdf” cho biết đây là tài liệu PDF nhưng nội dung lại là ảnh JPEG nên "
        "tệp không được thêm. Hãy chọn đúng tệp, hoặc đặt lại phần đuôi tên tệp cho khớp với nội "
        "dung thật của nó."
    )


@pytest.mark.parametrize(
    ("name", "data", "check"),
    [
        ("ke-hoach.pdf", af.pdf(), FileCheck.OK),
        ("anh.jpg", af.photo(5), FileCheck.OK),
        ("mat-khau.pdf", af.encrypted_pdf(af.pdf()), FileCheck.ENCRYPTED),
        ("chi-doc.pdf", af.encrypted_pdf(af.pdf(), ""), FileCheck.OK),  # owner password only
        ("cat-cut.pdf", af.pdf(pages=3)[:2500], FileCheck.TRUNCATED),
        ("hong.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8, FileCheck.DAMAGED),
        ("anh-cat.jpg", af.photo(6)[:-300], FileCheck.TRUNCATED),
        (
            "anh-hong.jpg",
            b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8 + b"\xff\xd9",
            FileCheck.DAMAGED,
        ),
        ("quet-16bit.png", af.grey16_png(), FileCheck.OK),
        ("in-an.tif", af.cmyk_tiff(), FileCheck.OK),
        ("iphone.heic", af.heic(), FileCheck.UNRENDERABLE),
        ("bao-cao.docx", af.protected_docx(), FileCheck.ENCRYPTED),
        ("ban-do.jpg", af.huge_grey_jpeg(30000, 30000), FileCheck.OK),
    ],
)
def test_accepted_files_keep_what_the_check_found(
    ws: Workspace, area, tmp_path: Path, name: str, data: bytes, check: FileCheck
) -> None:
    unit_id, a_id = area
    item = evidence_service.add_file(
        ws, unit_id, _source(tmp_path, name, data), EvidenceMetadata(""), link_to=[(a_id, "4.2")]
    )
    (revision,) = ws.store.evidence.revisions(item.id)
    assert revision.check is check
    event = ws.store.audit.events()[-2]  # evidence.add, then evidence.link
    assert event.action == "evidence.add"
    assert (f'"check": "{check.value}"' in event.new) is check.is_warning


def test_the_warning_is_still_there_after_reopening(
    ws: Workspace, area, tmp_path: Path, seeded_dir: Path
) -> None:
    unit_id, _a = area
    item = evidence_service.add_file(
        ws, unit_id, _source(tmp_path, "anh-cat.jpg", af.photo(6)[:-300]), EvidenceMetadata("")
    )
    ws.close()
    again = open_folder(seeded_dir)
    try:
        latest = again.store.evidence.latest_revisions_for_unit(unit_id)[item.id]
        assert latest.check is FileCheck.TRUNCATED
    finally:
        again.close()


def test_a_picture_saved_under_another_picture_extension_is_accepted(
    ws: Workspace, area, tmp_path: Path
) -> None:
    unit_id, _a = area
    png = af.picture(Image.new("RGB", (40, 30), (0, 90, 0)), "PNG")
    item = evidence_service.add_file(
        ws, unit_id, _source(tmp_path, "anh.jpg", png), EvidenceMetadata("")
    )
    (revision,) = ws.store.evidence.revisions(item.id)
    assert (revision.media_type, revision.check) == ("image/png", FileCheck.OK)
    assert revision.filename == "anh.jpg"


def test_files_of_kinds_not_judged_are_accepted(ws: Workspace, area, tmp_path: Path) -> None:
    unit_id, _a = area
    for name, data in (("du-lieu.dat", bytes(range(256))), ("bien-ban.doc", b"<html>bb</html>")):
        item = evidence_service.add_file(
            ws, unit_id, _source(tmp_path, name, data), EvidenceMetadata("")
        )
        assert ws.store.evidence.revisions(item.id)[0].check is FileCheck.OK


def test_a_new_revision_is_checked_too(ws: Workspace, area, tmp_path: Path) -> None:
    unit_id, _a = area
    item = evidence_service.add_file(
        ws, unit_id, _source(tmp_path, "kh.pdf", af.pdf()), EvidenceMetadata("Kế hoạch")
    )
    before = _state(ws)
    with pytest.raises(UserError, match="content is text"):
        evidence_service.add_revision(ws, item.id, _source(tmp_path, "kh2.pdf", b"ban sua" * 9))
    assert _state(ws) == before
    revision = evidence_service.add_revision(
        ws, item.id, _source(tmp_path, "kh3.pdf", af.encrypted_pdf(af.pdf("Bản đã ký")))
    )
    assert (revision.revision, revision.check) == (2, FileCheck.ENCRYPTED)


def test_a_folder_adds_the_good_files_and_names_the_refused_ones(
    ws: Workspace, area, tmp_path: Path
) -> None:
    unit_id, a_id = area
    folder = tmp_path / "scan"
    folder.mkdir()
    files = {
        "01-ke-hoach.pdf": af.pdf(),
        "02-trong.pdf": b"",
        "03-anh.jpg": af.photo(3),
        "04-khong-phai-anh.jpg": b"day la van ban" * 20,
        "05-mat-khau.pdf": af.encrypted_pdf(af.pdf("Báo cáo")),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    paths = evidence_service.collect_files([folder])

    prepared = evidence_import.prepare(ws, unit_id, paths, link_to=[(a_id, "4.4.a")])
    assert [r.path.name for r in prepared.refused] == ["02-trong.pdf", "04-khong-phai-anh.jpg"]
    stored = {p.name for p in ws.store.blobs.root.rglob("*") if p.is_file()}
    assert len(stored) == 3  # only the accepted files were copied
    outcome = evidence_import.commit(ws, prepared, OnDuplicate.LINK)

    assert sorted(e.title for e in outcome.added) == ["01-ke-hoach", "03-anh", "05-mat-khau"]
    assert [(e.title, check) for e, check in outcome.warnings] == [
        ("05-mat-khau", FileCheck.ENCRYPTED)
    ]
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.4.a": 3}


def test_add_files_is_all_or_nothing(ws: Workspace, area, tmp_path: Path) -> None:
    unit_id, _a = area
    good = _source(tmp_path, "tot.pdf", af.pdf())
    empty = _source(tmp_path, "trong.pdf", b"")
    before = ws.store.evidence.count()
    with pytest.raises(UserError, match=re.escape("“trong.pdf” is empty")):
        evidence_service.add_files(ws, unit_id, [good, empty])
    assert ws.store.evidence.count() == before
