"""What the window shows of the workflow: next moves with their reasons, deadlines, sets to register."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from fixtures.work import child, fill, latest_set, prove_required_evidence, register, unit_by_code

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.criteria import Deadline
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

S = AssessmentState


# ------------------------------------------------------------------------ next_deadline


def test_next_deadline_is_the_first_one_not_yet_passed(ws: Workspace) -> None:
    s = dataclasses.replace(
        latest_set(ws, "tt124-khu-dan-cu"),
        deadlines=(Deadline("công nhận", 11, 15), Deadline("đăng ký", 3, 31)),
    )

    early = assessment_service.next_deadline(s, 2026, date(2026, 3, 2))
    later = assessment_service.next_deadline(s, 2026, date(2026, 4, 1))
    late = assessment_service.next_deadline(s, 2026, date(2026, 12, 1))

    assert early == assessment_service.DueDate("đăng ký", date(2026, 3, 31))
    assert later == assessment_service.DueDate("công nhận", date(2026, 11, 15))
    assert late == assessment_service.DueDate("công nhận", date(2026, 11, 15))  # overdue


def test_a_set_without_deadlines_has_no_next_deadline(ws: Workspace) -> None:
    s = dataclasses.replace(latest_set(ws, "tt124-khu-dan-cu"), deadlines=())

    assert assessment_service.next_deadline(s, 2026, date(2026, 3, 2)) is None


# ------------------------------------------------------------------------ available_transitions


def test_an_open_assessment_offers_self_assessment_with_the_reasons_it_is_refused(
    ws: Workspace,
) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id, skip=3)

    moves = assessment_service.available_transitions(ws, a.id, Actor.UNIT)

    ((target, reasons),) = moves
    assert target is S.SELF_ASSESSED
    assert "3 criteria not yet assessed" in reasons
    assert any("lacks required evidence" in r for r in reasons)
    assert reasons == assessment_service.transition_refusals(ws, a.id, S.SELF_ASSESSED)


def test_a_complete_assessment_may_be_finished_and_then_submitted_or_reopened(
    ws: Workspace,
) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    fill(ws, a.id)
    prove_required_evidence(ws, a.id)

    assert assessment_service.available_transitions(ws, a.id, Actor.UNIT) == [(S.SELF_ASSESSED, [])]
    assessment_service.transition(ws, a.id, S.SELF_ASSESSED)
    assert assessment_service.available_transitions(ws, a.id, Actor.UNIT) == [
        (S.IN_PROGRESS, []),
        (S.SUBMITTED, []),
    ]
    # The appraising office has nothing to do before the file is submitted.
    assert assessment_service.available_transitions(ws, a.id, Actor.APPRAISER) == []


def test_computed_rows_are_judged_as_the_transition_would_without_writing(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    child(ws, "Ấp Cây Khô")  # one residential area, not registered: the child-unit rule fails
    a = register(ws, commune)
    fill(ws, a.id)
    prove_required_evidence(ws, a.id)
    before = ws.store.assessments.results(a.id)
    events = len(ws.store.audit.events())

    ((target, reasons),) = assessment_service.available_transitions(ws, a.id, Actor.UNIT)

    assert target is S.SELF_ASSESSED
    assert any("no remediation plan" in r for r in reasons)
    assert ws.store.assessments.results(a.id) == before
    assert len(ws.store.audit.events()) == events
    with pytest.raises(UserError) as refused:
        assessment_service.transition(ws, a.id, S.SELF_ASSESSED)
    assert refused.value.message == "Not possible: " + "; ".join(reasons)


def test_state_since_is_the_day_of_the_last_move_into_the_current_state(ws: Workspace) -> None:
    a = register(ws, child(ws, "Ấp Cây Khô"))
    assert assessment_service.state_since(ws, a.id) is None  # registered, never moved

    assessment_service.update_result(ws, a.id, "4.1", value=ResultValue.MET)

    assert assessment_service.state_since(ws, a.id) == date(2026, 3, 2)


# ------------------------------------------------------------------------ registrable_sets


def test_registrable_sets_are_the_latest_versions_for_the_unit_kind(ws: Workspace) -> None:
    area = child(ws, "Ấp Cây Khô")
    school = child(ws, "Trường Tiểu học Hồ Thị Kỷ", UnitKind.SCHOOL)

    area_sets = assessment_service.registrable_sets(ws, area.id)
    commune_sets = assessment_service.registrable_sets(ws, unit_by_code(ws).id)
    school_sets = assessment_service.registrable_sets(ws, school.id)

    assert [s.code for s in area_sets] == ["tt124-khu-dan-cu"]
    assert [s.code for s in commune_sets] == [
        "tt124-xa-phuong",
        "p96-cong-an-phuong-dien-hinh",  # the model ward police frame of the province (issue 18)
        "qd9745-xa-dien-hinh",
    ]
    assert not commune_sets[-1].complete  # incomplete sets come last
    assert [s.code for s in school_sets] == ["tt124-co-so-giao-duc", "qd9745-co-quan-dien-hinh"]


def test_sets_for_a_kind_of_unit_not_yet_created_under_a_commune(ws: Workspace) -> None:
    sets = assessment_service.sets_for_kind(ws, UnitKind.ENTERPRISE, unit_by_code(ws).id)

    assert [s.code for s in sets] == ["tt124-co-quan-doanh-nghiep", "qd9745-co-quan-dien-hinh"]
