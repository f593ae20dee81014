"""The office's next deadlines: from the set versions' deadlines, open assessments only, its area."""

from __future__ import annotations

from datetime import date

from fixtures.workspaces import MAIN_COMMUNE_CODE, OTHER_COMMUNE_CODE

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services import deadline_reminders
from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace


def _all(ws: Workspace, today: date) -> list[deadline_reminders.DeadlineGroup]:
    return deadline_reminders.upcoming_deadlines(ws, today, horizon_days=400)


def test_each_open_assessment_is_counted_under_its_set_versions_next_deadline(
    demo_ws: Workspace,
) -> None:
    today = date(2026, 11, 3)
    groups = _all(demo_ws, today)
    rows = demo_ws.store.assessments.tree_rows(2026) + demo_ws.store.assessments.tree_rows(2025)
    open_ids = {r.assessment_id for r in rows if r.state not in deadline_reminders.DECIDED}
    listed = [i for g in groups for i in g.assessment_ids]
    assert sorted(listed) == sorted(open_ids)  # each open one once, no decided one
    for g in groups:
        assert g.due.year == g.year
        s = next(
            demo_ws.store.criteria.get(r.set_id)
            for r in rows
            if r.assessment_id in g.assessment_ids
        )
        assert g.label in [d.label for d in s.deadlines] or (
            not s.deadlines and g.label == "End of the assessment period"
        )
    assert [g.due for g in groups] == sorted(g.due for g in groups)  # overdue first, then nearest
    assert groups[0].days_left(today) < 0


def test_a_decided_assessment_drops_out(demo_ws: Workspace) -> None:
    today = date(2026, 11, 3)
    before = {i for g in _all(demo_ws, today) for i in g.assessment_ids}
    row = next(r for r in demo_ws.store.assessments.tree_rows(2026) if r.assessment_id in before)
    a = demo_ws.store.assessments.get(row.assessment_id)
    import dataclasses

    with demo_ws.store.change() as stamp:
        demo_ws.store.assessments.update(
            dataclasses.replace(a, state=AssessmentState.RECOGNISED), stamp
        )
    after = {i for g in _all(demo_ws, today) for i in g.assessment_ids}
    assert after == before - {row.assessment_id}


def test_far_deadlines_wait_and_another_communes_office_sees_none(demo_ws: Workspace) -> None:
    near = deadline_reminders.upcoming_deadlines(demo_ws, date(2026, 3, 2))
    assert all(g.days_left(date(2026, 3, 2)) <= deadline_reminders.HORIZON_DAYS for g in near)
    assert all(g.year == 2025 for g in near)  # only last year's, overdue
    own = demo_ws.store.units.by_code(MAIN_COMMUNE_CODE)
    identity.set_office(demo_ws, "Công an xã Hồ Thị Kỷ", own.id)
    assert _all(demo_ws, date(2026, 11, 3))
    every = {i for g in _all(demo_ws, date(2026, 11, 3)) for i in g.assessment_ids}
    other = demo_ws.store.units.by_code(OTHER_COMMUNE_CODE)
    identity.set_office(demo_ws, "Công an xã khác", other.id)
    theirs = {i for g in _all(demo_ws, date(2026, 11, 3)) for i in g.assessment_ids}
    for assessment_id in theirs:
        unit = demo_ws.store.units.get(demo_ws.store.assessments.get(assessment_id).unit_id)
        assert other.id in (unit.id, unit.parent_id)
    assert theirs and theirs.isdisjoint(every)  # the own commune's are not theirs


def test_dismissed_for_one_day(demo_ws: Workspace) -> None:
    deadline_reminders.dismiss(demo_ws, date(2026, 11, 3))
    assert deadline_reminders.dismissed_today(demo_ws, date(2026, 11, 3))
    assert not deadline_reminders.dismissed_today(demo_ws, date(2026, 11, 4))
