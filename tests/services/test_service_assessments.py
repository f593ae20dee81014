"""Registering, recording results and moving assessments through their states, via the service."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pytest
from fixtures.work import (
    child,
    fill,
    latest_set,
    prove_required_evidence,
    register,
    unit_by_code,
)

from anninh_desktop.domain.assessments import AssessmentState, ResultValue, WorkStatus
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

S = AssessmentState


# ------------------------------------------------------------------------ register


def test_register_makes_one_result_per_assessable_criterion_pinned_to_the_version(
    ws: Workspace,
) -> None:
    commune = unit_by_code(ws)
    s = latest_set(ws, "tt124-xa-phuong")

    a = assessment_service.register(ws, commune.id, s, 2026)

    assert a.set_id == s.id
    assert a.state is S.REGISTERED
    assert (a.period_start, a.period_end) == (date(2025, 11, 16), date(2026, 11, 15))
    assert a.registered_on == date(2026, 3, 2)
    results = ws.store.assessments.results(a.id)
    assert sorted(results) == sorted(c.ref for c in s.assessable_criteria())
    assert len(results) == 15
    assert all(
        r.value is ResultValue.NOT_ASSESSED and r.work_status is WorkStatus.TODO
        for r in results.values()
    )
    (event,) = ws.store.audit.events(entity_id=a.id)
    assert event.action == "assessment.register"
    assert json.loads(event.new) == {"unit": commune.id, "set": s.id, "year": 2026}


def test_registering_twice_for_the_same_set_and_year_is_refused(ws: Workspace) -> None:
    area = child(ws, "Ấp Cây Khô")
    register(ws, area, 2026)
    count = ws.store.db.execute("SELECT count(*) FROM assessment").fetchone()[0]

    with pytest.raises(UserError, match="already registered"):
        register(ws, area, 2026)

    assert ws.store.db.execute("SELECT count(*) FROM assessment").fetchone()[0] == count
    register(ws, area, 2025)  # another period is fine


def test_registering_a_unit_of_the_wrong_kind_is_refused(ws: Workspace) -> None:
    area = child(ws, "Ấp Cây Khô")
    with pytest.raises(UserError, match="not for units of this kind"):
        register(ws, area, 2026, code="tt124-xa-phuong")
    assert ws.store.assessments.for_unit(area.id) == []


# ------------------------------------------------------------------------ results


def test_first_result_moves_registered_to_in_progress_and_is_audited(ws: Workspace) -> None:
    area = child(ws, "Ấp Cây Khô")
    a = register(ws, area)

    result = assessment_service.update_result(ws, a.id, "4.2", value="met", note="Đủ tài liệu")

    assert result.value is ResultValue.MET
    # A result given means the work has started, not that it is done: the user says that.
    assert result.work_status is WorkStatus.IN_PROGRESS
    assert ws.store.assessments.get(a.id).state is S.IN_PROGRESS
    (event,) = ws.store.audit.events(entity_id=result.id)
    assert event.action == "result.update"
    assert json.loads(event.old) == {"value": "not_assessed", "work_status": "todo", "note": ""}
    assert json.loads(event.new) == {
        "value": "met",
        "work_status": "in_progress",
        "note": "Đủ tài liệu",
    }
    transitions = [
        e for e in ws.store.audit.events(entity_id=a.id) if e.action == "assessment.transition"
    ]
    assert [json.loads(e.new) for e in transitions] == [{"state": "in_progress"}]


def test_result_dates_and_plans_are_stored(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    assessment_service.update_result(
        ws,
        a.id,
        "4.5",
        value=ResultValue.NOT_MET,
        remediation="Kiện toàn lực lượng",
        due_date=date(2026, 6, 30),
        responsible="Công an xã",
    )
    stored = ws.store.assessments.results(a.id)["4.5"]
    assert (stored.value, stored.due_date, stored.remediation, stored.responsible) == (
        ResultValue.NOT_MET,
        date(2026, 6, 30),
        "Kiện toàn lực lượng",
        "Công an xã",
    )
    (event,) = ws.store.audit.events(entity_id=stored.id)
    assert json.loads(event.new)["due_date"] == "2026-06-30"


def test_an_unchanged_result_writes_nothing(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    assessment_service.update_result(ws, a.id, "4.2", value="met")
    events = len(ws.store.audit.events())
    assessment_service.update_result(ws, a.id, "4.2", value="met")
    assert len(ws.store.audit.events()) == events


def test_not_applicable_needs_a_criterion_that_allows_it(ws: Workspace) -> None:
    area_assessment = register(ws, child(ws, "Ấp Cây Khô"))
    with pytest.raises(UserError, match="cannot be marked not applicable"):
        assessment_service.update_result(
            ws, area_assessment.id, "4.1", value="not_applicable", na_reason="không có"
        )
    assert ws.store.assessments.results(area_assessment.id)["4.1"].value is ResultValue.NOT_ASSESSED

    firm = register(ws, child(ws, "Công ty TNHH Thủy sản Minh Phú", UnitKind.ENTERPRISE))
    result = assessment_service.update_result(
        ws, firm.id, "6.2", value="not_applicable", na_reason="Doanh nghiệp không có tổ chức đảng"
    )
    assert result.value is ResultValue.NOT_APPLICABLE


def test_unknown_criterion_is_refused(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    with pytest.raises(UserError, match=re.escape("“9.9”")):
        assessment_service.update_result(ws, a.id, "9.9", value="met")
    # A group heading is not assessed itself.
    with pytest.raises(UserError, match=re.escape("“4.3”")):
        assessment_service.update_result(ws, a.id, "4.3", value="met")


def _advance(ws: Workspace, assessment_id: str, *steps: tuple[S, Actor]) -> None:
    for state, actor in steps:
        reason = "Bổ sung biên bản họp" if state is S.RETURNED else ""
        assessment_service.transition(ws, assessment_id, state, actor, reason=reason)


def _ready_area(ws: Workspace, name: str = "Ấp Cây Khô") -> str:
    a = register(ws, child(ws, name))
    fill(ws, a.id)
    prove_required_evidence(ws, a.id)
    return a.id


@pytest.mark.parametrize("state", [S.SUBMITTED, S.UNDER_APPRAISAL, S.RECOGNISED, S.NOT_RECOGNISED])
def test_locked_states_refuse_result_edits(ws: Workspace, state: S) -> None:
    a_id = _ready_area(ws)
    path = [
        (S.SELF_ASSESSED, Actor.UNIT),
        (S.SUBMITTED, Actor.UNIT),
        (S.UNDER_APPRAISAL, Actor.APPRAISER),
    ]
    if state in (S.RECOGNISED, S.NOT_RECOGNISED):
        path.append((state, Actor.APPRAISER))
    _advance(ws, a_id, *path[: [p[0] for p in path].index(state) + 1])
    assert ws.store.assessments.get(a_id).state is state
    before = ws.store.assessments.results(a_id)

    with pytest.raises(UserError, match="read-only"):
        assessment_service.update_result(ws, a_id, "4.2", value="not_met", remediation="x")

    assert ws.store.assessments.results(a_id) == before


# ------------------------------------------------------------------------ transitions


def test_self_assessment_is_refused_while_criteria_are_open(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id, skip=3)
    prove_required_evidence(ws, a.id)

    with pytest.raises(UserError, match="3 criteria not yet assessed"):
        assessment_service.transition(ws, a.id, S.SELF_ASSESSED)
    assert ws.store.assessments.get(a.id).state is S.IN_PROGRESS


def test_self_assessment_is_refused_without_required_evidence(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id)
    refusals = assessment_service.transition_refusals(ws, a.id, S.SELF_ASSESSED)
    assert refusals == ["criterion 4.1 lacks required evidence"]
    with pytest.raises(UserError, match=re.escape("4.1 lacks required evidence")):
        assessment_service.transition(ws, a.id, S.SELF_ASSESSED)

    prove_required_evidence(ws, a.id)
    assert assessment_service.transition(ws, a.id, S.SELF_ASSESSED).state is S.SELF_ASSESSED


def test_unmet_criteria_need_a_remediation_plan(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id)
    prove_required_evidence(ws, a.id)
    assessment_service.update_result(ws, a.id, "4.5", value="not_met")
    with pytest.raises(UserError, match=re.escape("4.5 is not met and has no remediation plan")):
        assessment_service.transition(ws, a.id, S.SELF_ASSESSED)
    assessment_service.update_result(ws, a.id, "4.5", remediation="Kiện toàn tổ bảo vệ")
    assessment_service.transition(ws, a.id, S.SELF_ASSESSED)


def test_the_whole_path_to_recognition_with_appraiser_only_moves(ws: Workspace) -> None:
    a_id = _ready_area(ws)
    _advance(ws, a_id, (S.SELF_ASSESSED, Actor.UNIT), (S.SUBMITTED, Actor.UNIT))

    with pytest.raises(UserError, match="only the appraising office"):
        assessment_service.transition(ws, a_id, S.UNDER_APPRAISAL, Actor.UNIT)
    assessment_service.transition(ws, a_id, S.UNDER_APPRAISAL, Actor.APPRAISER)
    with pytest.raises(UserError, match="only the appraising office"):
        assessment_service.transition(ws, a_id, S.RECOGNISED, Actor.UNIT)

    done = assessment_service.transition(
        ws,
        a_id,
        S.RECOGNISED,
        Actor.APPRAISER,
        decision_number="45/QĐ-UBND",
        decision_date=date(2026, 11, 10),
        decided_by="Chủ tịch UBND xã Hồ Thị Kỷ",
    )

    stored = ws.store.assessments.get(a_id)
    assert stored == done
    assert (stored.state, stored.decision_number, stored.decision_date) == (
        S.RECOGNISED,
        "45/QĐ-UBND",
        date(2026, 11, 10),
    )
    moves = [
        json.loads(e.new)["state"]
        for e in ws.store.audit.events(entity_id=a_id)
        if e.action == "assessment.transition"
    ]
    assert moves == ["in_progress", "self_assessed", "submitted", "under_appraisal", "recognised"]
    with pytest.raises(UserError, match="cannot move"):
        assessment_service.transition(ws, a_id, S.IN_PROGRESS, Actor.UNIT)


def test_a_returned_assessment_can_be_edited_again(ws: Workspace) -> None:
    a_id = _ready_area(ws)
    _advance(
        ws,
        a_id,
        (S.SELF_ASSESSED, Actor.UNIT),
        (S.SUBMITTED, Actor.UNIT),
        (S.UNDER_APPRAISAL, Actor.APPRAISER),
    )
    with pytest.raises(UserError, match="only the unit's own office"):
        _advance(ws, a_id, (S.RETURNED, Actor.APPRAISER), (S.IN_PROGRESS, Actor.APPRAISER))
    assert ws.store.assessments.get(a_id).state is S.RETURNED
    _advance(ws, a_id, (S.IN_PROGRESS, Actor.UNIT))
    assessment_service.update_result(ws, a_id, "4.2", value="not_met", remediation="Bổ sung")
    assert ws.store.assessments.results(a_id)["4.2"].value is ResultValue.NOT_MET


def test_recognition_needs_every_mandatory_criterion_met(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id)
    prove_required_evidence(ws, a.id)
    assessment_service.update_result(ws, a.id, "4.5", value="not_met", remediation="Kiện toàn")
    _advance(
        ws,
        a.id,
        (S.SELF_ASSESSED, Actor.UNIT),
        (S.SUBMITTED, Actor.UNIT),
        (S.UNDER_APPRAISAL, Actor.APPRAISER),
    )
    with pytest.raises(UserError, match=re.escape("mandatory criteria not met: 4.5")):
        assessment_service.transition(ws, a.id, S.RECOGNISED, Actor.APPRAISER)
    assessment_service.transition(ws, a.id, S.NOT_RECOGNISED, Actor.APPRAISER)


def test_a_refused_transition_changes_nothing(ws: Workspace) -> None:
    # Registered → self-assessed is not a move the rules allow; refusing it must leave the
    # assessment, its results and the audit log as they were.
    commune = unit_by_code(ws)
    a = assessment_service.register(ws, commune.id, latest_set(ws, "tt124-xa-phuong"), 2026)
    results = ws.store.assessments.results(a.id)
    events = len(ws.store.audit.events())

    with pytest.raises(UserError) as refused:
        assessment_service.transition(ws, a.id, S.SELF_ASSESSED)

    assert ws.store.assessments.get(a.id).state is S.REGISTERED
    assert ws.store.assessments.results(a.id) == results
    assert len(ws.store.audit.events()) == events
    assert "cannot move" in refused.value.message


# ------------------------------------------------------------------------ TT124 Điều 5.4


def _commune_with_children(
    ws: Workspace, *, total: int, registered: int, recognised: int, year: int = 2026
) -> str:
    """A commune with `total` child units, of which the first are registered and recognised."""
    commune = unit_by_code(ws)
    kinds = [UnitKind.RESIDENTIAL_AREA, UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL]
    for i in range(total):
        unit = child(ws, f"Đơn vị {i + 1:02d}", kinds[i % len(kinds)], commune)
        if i < registered:
            a = register(ws, unit, year)
            if i < recognised:  # the decision itself is not under test here
                with ws.store.change() as stamp:
                    ws.store.assessments.update(dataclasses.replace(a, state=S.RECOGNISED), stamp)
    return register(ws, commune, year).id


@pytest.mark.parametrize(
    ("total", "registered", "recognised", "met"),
    [
        (10, 10, 7, True),  # exactly 70%
        (10, 10, 6, False),  # 60%
        (10, 10, 10, True),
        (10, 9, 9, False),  # one child not registered: registration must be 100%
        (3, 3, 2, False),  # 66.7%
        (4, 4, 3, True),  # 75%
        (0, 0, 0, False),  # no child units: nothing to count
    ],
)
def test_child_unit_rule_from_the_records(
    ws: Workspace, total: int, registered: int, recognised: int, met: bool
) -> None:
    a_id = _commune_with_children(ws, total=total, registered=registered, recognised=recognised)

    assessment_service.refresh_computed_results(ws, a_id)

    result = ws.store.assessments.results(a_id)["5.4"]
    assert result.value is (ResultValue.MET if met else ResultValue.NOT_MET)
    assert result.figures == (f"{registered}/{total} registered, {recognised}/{total} recognised")


def test_child_unit_rule_counts_only_the_year_and_current_units(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    units = [child(ws, f"Ấp {i}", parent=commune) for i in range(1, 5)]
    for unit in units[:3]:
        a = register(ws, unit, 2026)
        with ws.store.change() as stamp:
            ws.store.assessments.update(dataclasses.replace(a, state=S.RECOGNISED), stamp)
    register(ws, units[3], 2025)  # registered, but for the previous period
    a_2026 = register(ws, commune, 2026)
    assessment_service.refresh_computed_results(ws, a_2026.id)
    assert ws.store.assessments.results(a_2026.id)["5.4"].value is ResultValue.NOT_MET

    # The fourth area is merged away (no longer exists): the three left are all recognised.
    with ws.store.change() as stamp:
        ws.store.units.save(dataclasses.replace(units[3], valid_to=date(2026, 2, 1)), stamp)
    assessment_service.refresh_computed_results(ws, a_2026.id)
    result = ws.store.assessments.results(a_2026.id)["5.4"]
    assert result.value is ResultValue.MET
    assert result.figures == "3/3 registered, 3/3 recognised"


# ------------------------------------------------------------------------ work status and locks


def test_setting_a_result_never_marks_the_work_done_by_itself(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    update = assessment_service.update_result
    assert update(ws, a.id, "4.2", value="not_met").work_status is WorkStatus.IN_PROGRESS
    assert update(ws, a.id, "4.2", work_status="done").work_status is WorkStatus.DONE
    # Changing the result again keeps what the user said.
    assert update(ws, a.id, "4.2", value="met").work_status is WorkStatus.DONE
    assert update(ws, a.id, "4.3.a", value="met", work_status="todo").work_status is (
        WorkStatus.TODO
    )


def test_a_self_assessed_assessment_is_locked_until_reopened(ws: Workspace) -> None:
    a_id = _ready_area(ws)
    _advance(ws, a_id, (S.SELF_ASSESSED, Actor.UNIT))
    before = ws.store.assessments.results(a_id)
    with pytest.raises(UserError, match="Reopen for editing"):
        assessment_service.update_result(ws, a_id, "4.2", value="not_met")
    assert ws.store.assessments.results(a_id) == before
    _advance(ws, a_id, (S.IN_PROGRESS, Actor.UNIT))
    changed = assessment_service.update_result(ws, a_id, "4.2", note="Đã bổ sung")
    assert changed.note == "Đã bổ sung"


def test_a_return_needs_a_reason_and_keeps_it(ws: Workspace) -> None:
    a_id = _ready_area(ws)
    _advance(
        ws,
        a_id,
        (S.SELF_ASSESSED, Actor.UNIT),
        (S.SUBMITTED, Actor.UNIT),
        (S.UNDER_APPRAISAL, Actor.APPRAISER),
    )
    for empty in ("", "   "):
        with pytest.raises(UserError, match="a return needs a reason"):
            assessment_service.transition(ws, a_id, S.RETURNED, Actor.APPRAISER, reason=empty)
    assert ws.store.assessments.get(a_id).state is S.UNDER_APPRAISAL
    assessment_service.transition(
        ws, a_id, S.RETURNED, Actor.APPRAISER, reason="  Bổ sung kế hoạch năm  "
    )
    assert ws.store.appraisals.return_reason(a_id) == "Bổ sung kế hoạch năm"
    events = [e for e in ws.store.audit.events(entity_id=a_id) if e.action == "appraisal.return"]
    assert [json.loads(e.new) for e in events] == [{"reason": "Bổ sung kế hoạch năm"}]


def test_a_province_office_never_changes_a_commune_s_results(ws: Workspace) -> None:
    from anninh_desktop.services.sync import identity

    area = child(ws, "Ấp Cây Khô")
    a = register(ws, area)
    commune = ws.store.units.get(area.parent_id)
    identity.set_office(ws, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
    with pytest.raises(UserError, match="appraises them"):
        assessment_service.update_result(ws, a.id, "4.2", value="met")
    assert ws.store.assessments.results(a.id)["4.2"].value is ResultValue.NOT_ASSESSED
    # The commune's own office writes them (and appraises its residential areas).
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", commune.id)
    assert assessment_service.update_result(ws, a.id, "4.2", value="met").value is ResultValue.MET
