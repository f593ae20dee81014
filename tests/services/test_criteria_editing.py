"""Writing criterion sets: new versions of stored sets and provincial sets, validated like files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from anninh_desktop.domain.criteria import Criterion, CriterionLevel, EvidenceKind
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.criteria_editing import (
    DraftRow,
    SetValidationError,
    assemble,
    blank_provincial_set,
    check_draft,
    copy_for_editing,
    draft_rows,
    edit_refusal,
    import_set,
    row_of_problem,
    save_new_version,
)
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.office_settings import set_office_role
from anninh_desktop.services.workspace import Workspace

FRAME = "qd9745-xa-dien-hinh"


@pytest.fixture
def province(ws: Workspace) -> Workspace:
    """This data folder set up as the office of Cà Mau province (its sync identity)."""
    from anninh_desktop.services.sync import identity

    unit = ws.store.units.by_code("96")
    assert unit is not None
    identity.set_office(ws, "Phòng PV05 Công an tỉnh Cà Mau", unit.id)
    set_office_role(ws, Actor.APPRAISER)  # says so, and checks it
    return ws


def _fill(rows: list[DraftRow], ref: str, text: str) -> None:
    for row in rows:
        if row.row.ref == ref:
            row.row = dataclasses.replace(row.row, text=text, known=True)
            return
        _fill(row.children, ref, text)


def test_filling_two_slots_of_the_frame_saves_version_2(province: Workspace) -> None:
    v1 = province.store.criteria.latest(FRAME)
    assert v1 is not None and v1.version == 1
    header = copy_for_editing(province, v1.id)
    assert header.version == 2
    rows = draft_rows(header)
    _fill(rows, "3", "Xây dựng và nhân rộng mô hình tự quản về an ninh, trật tự.")
    _fill(rows, "4", "Không để xảy ra trọng án.")
    saved = save_new_version(province, assemble(header, rows))

    assert saved.version == 2
    stored = province.store.criteria.latest(FRAME)
    assert stored == saved
    assert stored.criterion("3").known and stored.criterion("4").known
    assert (
        stored.criterion("3").text == "Xây dựng và nhân rộng mô hình tự quản về an ninh, trật tự."
    )
    assert not stored.criterion("5").known
    assert not stored.complete  # 30 slots are still unknown
    assert province.store.criteria.get(v1.id) == v1  # version 1 untouched
    assert "Không để xảy ra trọng án." in province.store.criteria.source_text(saved.id)


def test_a_commune_office_may_not_save(ws: Workspace) -> None:
    assert "province's office" in edit_refusal(ws)
    assert "Settings" not in edit_refusal(ws)  # not a setting: the office's identity
    v1 = ws.store.criteria.latest(FRAME)
    assert v1 is not None
    with pytest.raises(
        UserError, match=r"^Only a province.s office may edit or write criterion sets"
    ):
        save_new_version(ws, copy_for_editing(ws, v1.id))
    assert ws.store.criteria.latest(FRAME) == v1


def _provincial_rows() -> list[DraftRow]:
    def row(ref: str, level: CriterionLevel, text: str, **kw: object) -> Criterion:
        return Criterion(ref=ref, level=level, text=text, **kw)  # type: ignore[arg-type]

    group = DraftRow(row("I", CriterionLevel.GROUP, "Công tác lãnh đạo", number="I"))
    group.children = [
        DraftRow(
            row(
                "1",
                CriterionLevel.CRITERION,
                "Chi bộ có nghị quyết về công tác bảo đảm an ninh, trật tự.",
                required_evidence=(EvidenceKind.RESOLUTION,),
            )
        ),
        DraftRow(
            row(
                "2",
                CriterionLevel.CRITERION,
                "Có tổ tự quản.",
                mandatory=False,
                na_condition="Nơi không có hộ dân",
            )
        ),
    ]
    return [group]


def test_a_provincial_set_from_scratch_loads_back_equal(province: Workspace) -> None:
    header = blank_provincial_set(
        province,
        "p96-khu-dan-cu-kieu-mau",
        "Khu dân cư kiểu mẫu",
        [UnitKind.RESIDENTIAL_AREA],
        "96",
    )
    edited = assemble(header, _provincial_rows())
    assert check_draft(header, _provincial_rows()) == []
    saved = save_new_version(province, edited)
    assert saved.version == 1
    assert dataclasses.replace(saved, source_sha256="") == edited
    assert province.store.criteria.latest("p96-khu-dan-cu-kieu-mau") == saved
    assert saved.period_rule.start_month == 11 and saved.period_rule.start_day == 1


def test_a_taken_or_malformed_code_is_refused(province: Workspace) -> None:
    with pytest.raises(UserError, match="already exists"):
        blank_provincial_set(province, FRAME, "X", [UnitKind.COMMUNE], "96")
    with pytest.raises(UserError, match="lower-case"):
        blank_provincial_set(province, "P96 Xã", "X", [UnitKind.COMMUNE], "96")


def test_problems_point_at_their_rows(province: Workspace) -> None:
    header = blank_provincial_set(province, "p96-xa", "Xã", [UnitKind.COMMUNE], "96")
    rows = _provincial_rows()
    second = rows[0].children[1]
    second.row = dataclasses.replace(second.row, text="")
    rows[0].children.append(DraftRow(dataclasses.replace(second.row, text="Khác")))  # ref "2" again
    problems = check_draft(header, rows)
    assert [row_of_problem(rows, p) for p in problems] == [rows[0].children[2]]
    rows[0].children.pop()
    problems = check_draft(header, rows)
    assert problems and all(row_of_problem(rows, p) is second for p in problems)
    with pytest.raises(SetValidationError) as caught:
        save_new_version(province, assemble(header, rows))
    assert caught.value.problems[0].location == "groups[0].criteria[1].text"


def test_importing_a_broken_file_lists_every_problem(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "format: 1\ncode: p96-x\nversion: 1\ntitle: X\nunit_kinds: [village]\n"
        "period: {start_month: 13, start_day: 1}\ncriteria:\n  - ref: '1'\n    txt: a\n",
        encoding="utf-8",
    )
    with pytest.raises(SetValidationError) as caught:
        import_set(ws, path)
    lines = sorted({p.line for p in caught.value.problems})
    assert lines == [5, 6, 8, 9]
