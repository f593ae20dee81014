"""Evidence without duplicates: a file whose content is already evidence of the unit is linked
instead of stored as a second item, unless the user says otherwise; and the words for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import awkward_files as af
from fixtures.work import child, register

from anninh_desktop import i18n
from anninh_desktop.services import evidence_import, evidence_import_report, evidence_service
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.evidence_import import OnDuplicate
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace

PLAN = af.pdf("Kế hoạch bảo vệ an ninh, trật tự năm 2026")


@pytest.fixture
def area(ws: Workspace) -> tuple[str, str]:
    unit = child(ws, "Ấp Cây Khô")
    return unit.id, register(ws, unit).id


def _source(tmp_path: Path, name: str, data: bytes, folder: str = "in") -> Path:
    path = tmp_path / folder / name
    path.parent.mkdir(exist_ok=True, parents=True)
    path.write_bytes(data)
    return path


def _rows(ws: Workspace) -> tuple[int, ...]:
    db = ws.store.db
    counts = [
        db.execute(f"SELECT count(*) FROM {t} WHERE deleted = 0").fetchone()[0]
        for t in ("evidence", "evidence_revision", "evidence_link")
    ]
    return (*counts, db.execute("SELECT count(*) FROM audit_event").fetchone()[0])


@pytest.fixture
def existing(ws: Workspace, area, tmp_path: Path):
    """The plan, already evidence of the area and linked to 4.1."""
    unit_id, a_id = area
    return evidence_service.add_file(
        ws,
        unit_id,
        _source(tmp_path, "Kế hoạch 05.pdf", PLAN),
        EvidenceMetadata("Kế hoạch 05/KH-CAX"),
        link_to=[(a_id, "4.1")],
    )


def test_the_same_content_is_found_whatever_its_name(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, a_id = area
    copy = _source(tmp_path, "ban sao ke hoach.pdf", PLAN, folder="usb")
    prepared = evidence_import.prepare(ws, unit_id, [copy], link_to=[(a_id, "4.2")])
    (duplicate,) = prepared.duplicates
    assert duplicate.existing == existing
    assert (duplicate.existing_revision, duplicate.existing_latest) == (1, True)


def test_link_links_the_existing_item_instead_of_adding_one(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, a_id = area
    evidence_before, revisions_before, links_before, _events = _rows(ws)
    copy = _source(tmp_path, "ban sao.pdf", PLAN, folder="usb")
    prepared = evidence_import.prepare(ws, unit_id, [copy], link_to=[(a_id, "4.2")])
    outcome = evidence_import.commit(ws, prepared, OnDuplicate.LINK)

    assert outcome.added == []
    ((incoming, holder, fresh),) = outcome.linked
    assert (incoming.path, holder, fresh) == (copy, existing, True)
    assert _rows(ws)[:3] == (evidence_before, revisions_before, links_before + 1)
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.1": 1, "4.2": 1}
    assert ws.store.audit.events()[-1].action == "evidence.link"
    assert evidence_import_report.summary(outcome, ["4.2"]) == (
        "1 file was already evidence of this unit: the existing item is linked to criterion 4.2 "
        "instead of a second copy."
    )


def test_add_anyway_makes_a_new_item_and_cancel_makes_nothing(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, a_id = area
    copy = _source(tmp_path, "ban sao.pdf", PLAN, folder="usb")
    prepared = evidence_import.prepare(ws, unit_id, [copy], link_to=[(a_id, "4.2")])
    before = _rows(ws)
    with pytest.raises(Cancelled):
        evidence_import.commit(ws, prepared, OnDuplicate.CANCEL)
    assert _rows(ws) == before

    outcome = evidence_import.commit(ws, prepared, OnDuplicate.ADD)
    (added,) = outcome.added
    assert added.id != existing.id and added.title == "ban sao"
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.1": 1, "4.2": 1}


def test_add_file_says_what_it_did_with_a_duplicate(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, a_id = area
    copy = _source(tmp_path, "ban sao.pdf", PLAN, folder="usb")
    linked = evidence_service.add_file(
        ws,
        unit_id,
        copy,
        EvidenceMetadata(""),
        link_to=[(a_id, "4.5")],
        on_duplicate=OnDuplicate.LINK,
    )
    assert linked == existing
    before = _rows(ws)
    with pytest.raises(Cancelled):
        evidence_service.add_file(
            ws, unit_id, copy, EvidenceMetadata(""), on_duplicate=OnDuplicate.CANCEL
        )
    assert _rows(ws) == before


def test_an_older_revision_counts_and_is_named(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, _a = area
    evidence_service.add_revision(
        ws, existing.id, _source(tmp_path, "ke-hoach-da-ky.pdf", af.pdf("Kế hoạch (đã ký)"))
    )
    copy = _source(tmp_path, "ban nhap.pdf", PLAN, folder="usb")
    prepared = evidence_import.prepare(ws, unit_id, [copy])
    (duplicate,) = prepared.duplicates
    assert (duplicate.existing, duplicate.existing_revision) == (existing, 1)
    assert not duplicate.existing_latest
    assert evidence_import_report.duplicate_line(prepared, duplicate) == (
        "“ban nhap.pdf” is already revision 1 of the evidence “Kế hoạch 05/KH-CAX”."
    )


def test_the_same_file_in_another_unit_is_not_a_duplicate(
    ws: Workspace, existing, tmp_path: Path
) -> None:
    other = child(ws, "Ấp Tân Hưng")
    prepared = evidence_import.prepare(
        ws, other.id, [_source(tmp_path, "ke-hoach.pdf", PLAN, folder="usb")]
    )
    assert prepared.duplicates == []


def test_a_file_repeated_in_one_import_is_added_once(ws: Workspace, area, tmp_path: Path) -> None:
    unit_id, a_id = area
    first = _source(tmp_path, "IMG_0001.jpg", af.photo(1), folder="scan")
    again = _source(tmp_path, "IMG_0001 (1).jpg", af.photo(1), folder="scan")
    other = _source(tmp_path, "IMG_0002.jpg", af.photo(2), folder="scan")
    prepared = evidence_import.prepare(
        ws, unit_id, [first, again, other], link_to=[(a_id, "4.4.a")]
    )
    (repeat,) = prepared.duplicates
    assert (repeat.path, repeat.earlier) == (again, 0)
    assert evidence_import_report.duplicate_line(prepared, repeat) == (
        "“IMG_0001 (1).jpg” has the same content as “IMG_0001.jpg” in this import."
    )
    outcome = evidence_import.commit(ws, prepared, OnDuplicate.LINK)
    assert [e.title for e in outcome.added] == ["IMG_0001", "IMG_0002"]
    ((_incoming, holder, fresh),) = outcome.linked
    assert (holder, fresh) == (outcome.added[0], False)  # linked already, as it was just added
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.4.a": 2}


def test_without_a_criterion_a_duplicate_is_simply_not_added_again(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, _a = area
    before = _rows(ws)
    prepared = evidence_import.prepare(
        ws, unit_id, [_source(tmp_path, "ban sao.pdf", PLAN, folder="usb")]
    )
    outcome = evidence_import.commit(ws, prepared, OnDuplicate.LINK)
    assert outcome.added == [] and len(outcome.linked) == 1
    assert _rows(ws) == before
    assert evidence_import_report.summary(outcome, []) == (
        "1 file was already evidence of this unit and was not added again."
    )
    question, files = evidence_import_report.duplicate_question(prepared)
    assert "Keep only the existing item" in question
    assert files == "“ban sao.pdf” is already the evidence “Kế hoạch 05/KH-CAX”."


def test_the_question_and_summary_in_vietnamese(
    ws: Workspace, area, existing, tmp_path: Path
) -> None:
    unit_id, a_id = area
    i18n.set_language("vi")
    paths = [
        _source(tmp_path, "ban sao.pdf", PLAN, folder="usb"),
        _source(tmp_path, "anh.jpg", af.photo(8), folder="usb"),
        _source(tmp_path, "trong.pdf", b"", folder="usb"),
    ]
    prepared = evidence_import.prepare(ws, unit_id, paths, link_to=[(a_id, "4.2")])
    question, files = evidence_import_report.duplicate_question(prepared)
    assert question == (
        "1 tệp đã là minh chứng của đơn vị này. Gắn mục đã có vào tiêu chí 4.2 thay vì thêm bản "
        "thứ hai?"
    )
    assert files == "“ban sao.pdf” đã là minh chứng “Kế hoạch 05/KH-CAX”."
    outcome = evidence_import.commit(ws, prepared, OnDuplicate.LINK)
    assert evidence_import_report.summary(outcome, ["4.2"]) == (
        "Đã thêm 1 tệp. 1 tệp đã là minh chứng của đơn vị này: mục đã có được gắn vào tiêu chí "
        "4.2 thay vì thêm bản thứ hai. 1 tệp bị từ chối."
    )
    (refusal,) = evidence_import_report.details(outcome)
    assert refusal.startswith("Tệp “trong.pdf” rỗng (0 byte)")
