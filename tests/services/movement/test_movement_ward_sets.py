"""The model ward police sets: incomplete frames with only what is known, offered to the wards of
the provinces that absorbed Bạc Liêu and Trà Vinh, assessable, completable in the set editor."""

from __future__ import annotations

import dataclasses
import re

import pytest

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import assessment_service
from anninh_desktop.services.criteria_editing import (
    assemble,
    copy_for_editing,
    draft_rows,
    save_new_version,
)
from anninh_desktop.services.criteria_library import load_set_file, shipped_set_files
from anninh_desktop.services.office_settings import set_office_role
from anninh_desktop.services.sync import identity

BAC_LIEU = "p96-cong-an-phuong-dien-hinh"
TRA_VINH = "p86-cong-an-phuong-dien-hinh"
SLOT = re.compile(r"Tiêu chí (\d+) \(chưa có văn bản gốc\)")
# The only texts known (press reports quoted in issue 18): the titles of Bạc Liêu's first groups.
KNOWN_GROUPS = (
    "Xây dựng Đảng, xây dựng hệ thống chính trị phường",
    "Xây dựng lực lượng Công an phường",
    "Bảo đảm cơ sở vật chất, kinh phí, trang thiết bị, phương tiện, vũ khí, công cụ hỗ trợ",
    "Công tác quản lý nhà nước về ANTT",
)


@pytest.fixture(scope="module")
def frames():
    loaded = [load_set_file(p) for p in shipped_set_files() if "ward-police" in p.name]
    return {s.code: s for s in loaded}


def test_two_frames_with_their_number_of_slots_and_no_invented_text(frames) -> None:
    assert set(frames) == {BAC_LIEU, TRA_VINH}
    for code, count, province in ((BAC_LIEU, 22, "96"), (TRA_VINH, 20, "86")):
        s = frames[code]
        assert not s.complete and s.province_code == province
        assert [u.value for u in s.unit_kinds] == ["commune"]
        slots = s.assessable_criteria()
        assert len(slots) == count
        assert all(not c.known for c in slots)
        numbers = [int(SLOT.fullmatch(c.text).group(1)) for c in slots]  # placeholders only
        assert numbers == list(range(1, count + 1))
        assert not s.legal_basis  # the issuing document is not known
        assert "Công an phường điển hình, kiểu mẫu về an ninh, trật tự" in s.title


def test_the_known_group_titles_are_there_verbatim(frames) -> None:
    s = frames[BAC_LIEU]
    first = s.criterion("nhom-1")
    assert first.text == KNOWN_GROUPS[0] and first.known
    assert s.criterion("1").parent_ref == "nhom-1"
    for title in KNOWN_GROUPS:
        assert title in " ".join(s.notes.split())


def test_offered_to_the_wards_of_the_absorbing_province_only(ws) -> None:
    ward = ws.store.units.by_code("31825")  # Phường Bạc Liêu, Cà Mau since 1 July 2025
    elsewhere = ws.store.units.by_code("29242")  # Phường Trà Vinh, Vĩnh Long
    hanoi_ward = next(u for u in ws.store.units.children(ws.store.units.by_code("01").id))
    offered = {s.code for s in assessment_service.registrable_sets(ws, ward.id)}
    assert BAC_LIEU in offered and TRA_VINH not in offered
    assert TRA_VINH in {s.code for s in assessment_service.registrable_sets(ws, elsewhere.id)}
    assert not {BAC_LIEU, TRA_VINH} & {
        s.code for s in assessment_service.registrable_sets(ws, hanoi_ward.id)
    }


def test_the_ward_police_is_assessed_and_the_frame_completed_in_the_editor(ws) -> None:
    ward = ws.store.units.by_code("31825")
    v1 = ws.store.criteria.latest(BAC_LIEU)
    a = assessment_service.register(ws, ward.id, v1, 2026)
    assessment_service.update_result(ws, a.id, "1", value=ResultValue.MET)
    assert ws.store.assessments.results(a.id)["1"].value is ResultValue.MET
    # The province's office completes the frame (the role follows the office's identity).
    identity.set_office(ws, "Phòng PV05 Công an tỉnh Cà Mau", ward.parent_id)
    set_office_role(ws, Actor.APPRAISER)
    header = copy_for_editing(ws, v1.id)
    rows = draft_rows(header)
    group = rows[0]
    group.children[0].row = dataclasses.replace(
        group.children[0].row, text="Nội dung tiêu chí 1 do tỉnh nhập.", known=True
    )
    saved = save_new_version(ws, assemble(header, rows))
    assert saved.version == 2 and saved.criterion("1").known
    assert not saved.complete  # 21 slots are still unknown
    assert ws.store.criteria.get(v1.id) == v1  # the assessment stays on version 1
