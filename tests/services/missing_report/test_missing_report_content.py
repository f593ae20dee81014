"""The "còn thiếu gì" report's content on the demo data: the right assessments for each scope, the
right problems per criterion (cross-checked with the dossier's own completeness check), overdue
items first with the person in charge."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.services import assessment_service, units_service
from anninh_desktop.services.dossier import completeness_problems
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.missing_report.content import Problem, Scope, missing_report


def _commune(ws):
    return ws.store.units.by_code(MAIN_COMMUNE_CODE)


def _unit(ws, name: str):
    (unit,) = [u for u in ws.store.units.children(_commune(ws).id) if u.display_name == name]
    return unit


def _assessment(ws, unit, year: int = 2026):
    (a,) = [a for a in ws.store.assessments.for_unit(unit.id) if a.year == year]
    return a


def test_the_commune_with_its_units_lists_each_2026_assessment_and_its_problems(demo_ws) -> None:
    commune = _commune(demo_ws)
    report = missing_report(demo_ws, commune.id, Scope.WITH_UNITS)
    assert report.year == 2026
    subtree = {commune.id} | {u.id for u in demo_ws.store.units.children(commune.id)}
    expected = {
        a.id
        for s in demo_ws.store.assessments.summaries(year=2026)
        for a in [s.assessment]
        if a.unit_id in subtree
    }
    assert {s.assessment.id for s in report.sections} == expected
    assert report.sections[0].unit.id == commune.id  # the commune before its units
    for section in report.sections:
        results = demo_ws.store.assessments.results(section.assessment.id)
        lacking = {p.ref for p in completeness_problems(demo_ws, section.assessment.id)}
        by_ref = {i.ref: i for i in section.items}
        assert {r for r, i in by_ref.items() if Problem.NO_EVIDENCE in i.problems} == lacking
        not_met = {r for r, res in results.items() if res.value is ResultValue.NOT_MET}
        assert {r for r, i in by_ref.items() if Problem.NOT_MET in i.problems} == not_met
        open_refs = {r for r, res in results.items() if res.value is ResultValue.NOT_ASSESSED}
        assert {r for r, i in by_ref.items() if Problem.NOT_ASSESSED in i.problems} == open_refs
    # what the demo holds: the commune's two typical-commune criteria not met, planned for
    # 31/03/2027; Ấp Lung Lá's 4.1 not met and without its required resolution
    commune_items = [i for s in report.sections[:2] for i in s.items]
    planned = {i.ref: i for i in commune_items if i.due_date is not None}
    assert set(planned) == {"32", "34"}
    assert {i.due_date for i in planned.values()} == {date(2027, 3, 31)}
    assert all(i.remediation for i in planned.values())
    (lung_la,) = [s for s in report.sections if s.unit.display_name == "Ấp Lung Lá"]
    assert [(i.ref, i.problems) for i in lung_la.items] == [
        ("4.1", (Problem.NOT_MET, Problem.NO_EVIDENCE))
    ]
    recognised = [s for s in report.sections if s.assessment.state.value == "recognised"]
    assert recognised and all(not s.items for s in recognised)


def test_one_unit_alone_and_the_office_area(demo_ws) -> None:
    commune = _commune(demo_ws)
    alone = missing_report(demo_ws, commune.id, Scope.UNIT)
    assert {s.unit.id for s in alone.sections} == {commune.id}
    assert len(alone.sections) == 2  # the two sets the commune is assessed on in 2026
    assert alone.unregistered == ()
    # not set up as an office: the area is every unit of the store
    everything = missing_report(demo_ws, None, Scope.AREA)
    assert everything.root is None
    assert len(everything.sections) == len(demo_ws.store.assessments.summaries(year=2026))
    # every unit follows its own commune (the communes in the order of their names)
    where = {s.unit.id: i for i, s in reversed(list(enumerate(everything.sections)))}
    for index, section in enumerate(everything.sections):
        if section.unit.kind in CHILD_KINDS:
            assert where[section.unit.parent_id] < index
    communes = [s.unit.name for s in everything.sections if s.unit.kind is UnitKind.COMMUNE]
    assert communes.index("Đầm Dơi") < communes.index("Hồ Thị Kỷ") < communes.index("Năm Căn")
    from anninh_desktop.services.sync import identity

    identity.set_office(demo_ws, "Công an xã Hồ Thị Kỷ", commune.id)
    area = missing_report(demo_ws, None, Scope.AREA)
    with_units = missing_report(demo_ws, commune.id, Scope.WITH_UNITS)
    assert area.root == commune
    assert [s.assessment.id for s in area.sections] == [
        s.assessment.id for s in with_units.sections
    ]
    with pytest.raises(UserError):
        missing_report(demo_ws, None, Scope.UNIT)


def test_units_without_an_assessment_are_listed(demo_ws) -> None:
    commune = _commune(demo_ws)
    assert missing_report(demo_ws, commune.id, Scope.WITH_UNITS).unregistered == ()
    new = units_service.create_child_unit(
        demo_ws, commune.id, UnitKind.RESIDENTIAL_AREA, "Ấp Mới Lập"
    )
    report = missing_report(demo_ws, commune.id, Scope.WITH_UNITS)
    assert [u.id for u in report.unregistered] == [new.id]
    assert missing_report(demo_ws, commune.id, Scope.UNIT).unregistered == ()


def test_overdue_items_come_first_with_their_person_in_charge(demo_ws) -> None:
    unit = _unit(demo_ws, "Ấp Đường Cuốc")  # in progress in the demo: results can change
    a = _assessment(demo_ws, unit)
    today = demo_ws.clock().date()
    edits = {
        "4.5": dict(due_date=date(today.year + 1, 1, 31), responsible="Trần Thị Bình"),
        "4.4.b": dict(due_date=date.fromordinal(today.toordinal() - 3)),
        "4.4.a": dict(
            due_date=date.fromordinal(today.toordinal() - 40),
            responsible="Nguyễn Văn Ân",
            remediation="Tổ chức họp dân, bổ sung biên bản",
        ),
    }
    for ref, change in edits.items():
        assessment_service.update_result(demo_ws, a.id, ref, **change)
    report = missing_report(demo_ws, unit.id)
    (section,) = report.sections
    refs = [i.ref for i in section.items]
    assert refs[:3] == ["4.4.a", "4.4.b", "4.5"]
    assert refs[3:] == ["4.3.g", "4.4.c", "4.4.d"]  # no due date: in the set's order
    first = section.items[0]
    assert (first.overdue_days, first.responsible) == (40, "Nguyễn Văn Ân")
    assert first.remediation == "Tổ chức họp dân, bổ sung biên bản"
    assert [i.overdue_days for i in section.items[:3]] == [40, 3, 0]
    assert [i.ref for i in report.overdue_items] == ["4.4.a", "4.4.b"]
    # the commune's report puts them at the top of its overdue list too
    wide = missing_report(demo_ws, _commune(demo_ws).id, Scope.WITH_UNITS)
    assert [(i.unit.id, i.ref) for i in wide.overdue_items] == [
        (unit.id, "4.4.a"),
        (unit.id, "4.4.b"),
    ]


def test_a_met_criterion_is_not_missing_even_past_its_due_date(demo_ws) -> None:
    unit = _unit(demo_ws, "Ấp Đường Cuốc")
    a = _assessment(demo_ws, unit)
    past = date.fromordinal(demo_ws.clock().date().toordinal() - 10)
    assessment_service.update_result(demo_ws, a.id, "4.5", due_date=past)
    assert "4.5" in [i.ref for i in missing_report(demo_ws, unit.id).overdue_items]
    assessment_service.update_result(demo_ws, a.id, "4.5", value="met")
    report = missing_report(demo_ws, unit.id)
    assert "4.5" not in [i.ref for i in report.items]


def test_cancel_stops_the_gathering(demo_ws) -> None:
    seen: list[str] = []
    with pytest.raises(Cancelled):
        missing_report(
            demo_ws,
            _commune(demo_ws).id,
            Scope.WITH_UNITS,
            progress=lambda done, total, text: seen.append(text),
            cancel=lambda: len(seen) >= 2,
        )
    assert len(seen) == 2
