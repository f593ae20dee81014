"""Registering units for a set and period, recording results, and moving assessments through states."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from anninh_desktop.domain.assessments import (
    Assessment,
    AssessmentState,
    Result,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.criteria import Criterion, CriterionSet
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.periods import period_bounds
from anninh_desktop.domain.progress import (
    ChildUnitStats,
    Progress,
    child_rule_met,
    count_children,
    progress,
)
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.domain.workflow import (
    CORRECTING_STATES,
    TRANSITIONS,
    Actor,
    TransitionContext,
    allowed_targets,
    refusal_reasons,
)
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

EDITABLE_FIELDS = frozenset(
    {
        "value",
        "na_reason",
        "work_status",
        "note",
        "figures",
        "responsible",
        "due_date",
        "remediation",
        "points",
    }
)


def register(
    ws: Workspace, unit_id: str, criterion_set: CriterionSet, year: int, *, ids: Any = None
) -> Assessment:
    """Register a unit for a set version and period year; one result row per assessable criterion."""
    unit = ws.store.units.get(unit_id)
    if unit.kind not in criterion_set.unit_kinds:
        raise UserError(
            _("The set “{set}” is not for units of this kind ({unit})").format(
                set=criterion_set.title, unit=unit.display_name
            )
        )
    if ws.store.assessments.find(unit_id, criterion_set.id, year) is not None:
        raise UserError(
            _("{unit} is already registered for “{set}” in {year}").format(
                unit=unit.display_name, set=criterion_set.title, year=year
            )
        )
    make_id = ids or new_id
    start, end = period_bounds(criterion_set.period_rule, year)
    assessment = Assessment(
        id=make_id(),
        unit_id=unit_id,
        set_id=criterion_set.id,
        year=year,
        period_start=start,
        period_end=end,
        registered_on=ws.clock().date(),
    )
    results = [
        Result(id=make_id(), assessment_id=assessment.id, criterion_ref=c.ref)
        for c in criterion_set.assessable_criteria()
    ]
    with ws.store.change() as stamp:
        ws.store.assessments.add(assessment, results, stamp)
        ws.record(
            stamp,
            "assessment.register",
            "assessment",
            assessment.id,
            None,
            {"unit": unit_id, "set": criterion_set.id, "year": year},
        )
    return assessment


def _checked_points(criterion: Criterion, points: float) -> float:
    """Points awarded to a row: only where the set gives the row points, from 0 to its maximum."""
    if criterion.points is None:
        raise UserError(
            _("Criterion {ref} is not scored with points in this set").format(ref=criterion.ref)
        )
    if not 0 <= points <= criterion.points:
        raise UserError(
            _("Criterion {ref} takes from 0 to {max} points").format(
                ref=criterion.ref, max=f"{criterion.points:g}"
            )
        )
    return points


def update_result(ws: Workspace, assessment_id: str, ref: str, **changes: Any) -> Result:
    """Change fields of one result (value, note, remediation…); refused while the assessment is locked."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    store = ws.store
    assessment = store.assessments.get(assessment_id)
    refusal = _results_refusal(ws, assessment)
    if refusal:
        raise UserError(refusal)
    criterion_set = store.criteria.get(assessment.set_id)
    results = store.assessments.results(assessment_id)
    if ref not in results:
        raise UserError(_("“{ref}” is not a criterion to assess in this set").format(ref=ref))
    criterion = criterion_set.criterion(ref)
    if "value" in changes:
        changes["value"] = ResultValue(changes["value"])
        if (
            changes["value"] is ResultValue.NOT_APPLICABLE
            and not criterion.na_condition
            and criterion.known
        ):
            raise UserError(
                _(
                    "Criterion {ref} applies to every unit and cannot be marked not applicable"
                ).format(ref=ref)
            )
    old = results[ref]
    if "value" in changes and "work_status" not in changes:
        # A result given means the work has started; only the user says it is done.
        if changes["value"] is not ResultValue.NOT_ASSESSED and old.work_status is WorkStatus.TODO:
            changes["work_status"] = WorkStatus.IN_PROGRESS
    if "work_status" in changes:
        changes["work_status"] = WorkStatus(changes["work_status"])
    if changes.get("points") is not None:
        changes["points"] = _checked_points(criterion, float(changes["points"]))
    new = dataclasses.replace(old, **changes)
    if new == old:
        return old
    with store.change() as stamp:
        store.assessments.save_result(new, stamp)
        ws.record(
            stamp,
            "result.update",
            "result",
            new.id,
            _diff(old, new, before=True),
            _diff(old, new, before=False),
        )
        if assessment.state is AssessmentState.REGISTERED:
            moved = dataclasses.replace(assessment, state=AssessmentState.IN_PROGRESS)
            store.assessments.update(moved, stamp)
            ws.record(
                stamp,
                "assessment.transition",
                "assessment",
                assessment.id,
                {"state": assessment.state.value},
                {"state": moved.state.value},
            )
    return new


def _diff(old: Result, new: Result, *, before: bool) -> dict[str, Any]:
    source = old if before else new
    return {
        f.name: getattr(source, f.name)
        for f in dataclasses.fields(Result)
        if getattr(old, f.name) != getattr(new, f.name)
    }


def child_stats(
    ws: Workspace, unit: Unit, year: int, kinds: tuple[UnitKind, ...]
) -> ChildUnitStats:
    """Child units of a commune for a year: registered = has an assessment; recognised = recognised."""
    rows = ws.store.assessments.states_of_children(unit.id, year)
    children = [
        (UnitKind(kind), state is not None, state == AssessmentState.RECOGNISED.value)
        for _id, kind, state in rows
    ]
    return count_children(children, kinds)


def refresh_computed_results(ws: Workspace, assessment_id: str) -> None:
    """Set computed rows (TT124 Điều 5.4) from the child units' records."""
    store = ws.store
    assessment = store.assessments.get(assessment_id)
    if _results_refusal(ws, assessment):
        return
    criterion_set = store.criteria.get(assessment.set_id)
    unit = store.units.get(assessment.unit_id)
    for criterion in criterion_set.assessable_criteria():
        if criterion.computed is None:
            continue
        stats = child_stats(ws, unit, assessment.year, criterion.computed.child_kinds)
        value = (
            ResultValue.MET if child_rule_met(criterion.computed, stats) else ResultValue.NOT_MET
        )
        figures = _("{registered}/{total} registered, {recognised}/{total} recognised").format(
            registered=stats.registered, recognised=stats.recognised, total=stats.total
        )
        update_result(
            ws,
            assessment_id,
            criterion.ref,
            value=value,
            figures=figures,
            work_status=WorkStatus.DONE,  # the program's own row, nothing left to do
        )


@dataclass(frozen=True)
class Checklist:
    """An assessment's checklist: its set, results, evidence counts and progress."""

    assessment: Assessment
    unit: Unit
    criterion_set: CriterionSet
    results: dict[str, Result]
    evidence_counts: dict[str, int]
    progress: Progress


def checklist(ws: Workspace, assessment_id: str) -> Checklist:
    store = ws.store
    assessment = store.assessments.get(assessment_id)
    criterion_set = store.criteria.get(assessment.set_id)
    results = store.assessments.results(assessment_id)
    return Checklist(
        assessment=assessment,
        unit=store.units.get(assessment.unit_id),
        criterion_set=criterion_set,
        results=results,
        evidence_counts=store.evidence.counts_by_criterion(assessment_id),
        progress=progress(criterion_set, results),
    )


def transition_refusals(
    ws: Workspace,
    assessment_id: str,
    target: AssessmentState,
    actor: Actor = Actor.UNIT,
    *,
    reason: str | None = None,
) -> list[str]:
    view = checklist(ws, assessment_id)
    ctx = TransitionContext(view.criterion_set, view.results, view.evidence_counts, reason)
    return refusal_reasons(view.assessment, target, actor, ctx)


def transition(
    ws: Workspace,
    assessment_id: str,
    target: AssessmentState,
    actor: Actor = Actor.UNIT,
    *,
    decision_number: str = "",
    decision_date: date | None = None,
    decided_by: str = "",
    reason: str = "",
) -> Assessment:
    """Move an assessment to `target`; UserError lists every reason when the rules refuse.

    A return (`AssessmentState.RETURNED`) needs `reason`: what the unit must correct; it is kept
    with the assessment (the unit reads it after the next exchange).
    """
    target = AssessmentState(target)
    store = ws.store
    reason = nfc(reason.strip())
    # One transaction: computed rows are refreshed for the check, and a refusal rolls it all back.
    with store.change() as stamp:
        old = store.assessments.get(assessment_id)
        allowed = target in TRANSITIONS[old.state]
        if allowed and target in (AssessmentState.SELF_ASSESSED, AssessmentState.SUBMITTED):
            refresh_computed_results(ws, assessment_id)
        reasons = transition_refusals(ws, assessment_id, target, actor, reason=reason)
        if reasons:
            raise UserError(_("Not possible: {reasons}").format(reasons="; ".join(reasons)))
        old = store.assessments.get(assessment_id)
        new = dataclasses.replace(old, state=target)
        if target in (AssessmentState.RECOGNISED, AssessmentState.NOT_RECOGNISED):
            new = dataclasses.replace(
                new,
                decision_number=decision_number,
                decision_date=decision_date,
                decided_by=decided_by,
            )
        store.assessments.update(new, stamp)
        ws.record(
            stamp,
            "assessment.transition",
            "assessment",
            assessment_id,
            {"state": old.state.value},
            {"state": target.value},
        )
        if target is AssessmentState.RETURNED:
            before = store.appraisals.return_reason(assessment_id)
            if before != reason:
                store.appraisals.set_return_reason(assessment_id, reason, stamp)
                ws.record(
                    stamp,
                    "appraisal.return",
                    "assessment",
                    assessment_id,
                    {"reason": before} if before else None,
                    {"reason": reason},
                )
    return new


# ------------------------------------------------------------------ the window's view of the workflow


@dataclass(frozen=True)
class DueDate:
    """A deadline of a set placed in one period: what is due, and on which day."""

    label: str
    due: date


def next_deadline(criterion_set: CriterionSet, year: int, today: date) -> DueDate | None:
    """The set's first deadline in the period `year` not yet passed, else its last one (overdue)."""
    dues: list[DueDate] = []
    for deadline in criterion_set.deadlines:
        try:
            day = date(year, deadline.month, deadline.day)
        except ValueError:  # 29 February in a common year: the last day of the month
            day = date(year, deadline.month, 28)
        dues.append(DueDate(deadline.label, day))
    if not dues:
        return None
    dues.sort(key=lambda d: d.due)
    upcoming = [d for d in dues if d.due >= today]
    return upcoming[0] if upcoming else dues[-1]


def _with_computed_rows(
    ws: Workspace, assessment: Assessment, criterion_set: CriterionSet, results: dict[str, Result]
) -> dict[str, Result]:
    """Results with computed rows as `refresh_computed_results` would set them, without writing."""
    if _results_refusal(ws, assessment):
        return results
    unit = ws.store.units.get(assessment.unit_id)
    out = dict(results)
    for criterion in criterion_set.assessable_criteria():
        old = out.get(criterion.ref)
        if criterion.computed is None or old is None:
            continue
        stats = child_stats(ws, unit, assessment.year, criterion.computed.child_kinds)
        met = child_rule_met(criterion.computed, stats)
        value = ResultValue.MET if met else ResultValue.NOT_MET
        if value is not old.value:
            out[criterion.ref] = dataclasses.replace(old, value=value, work_status=WorkStatus.DONE)
    return out


def available_transitions(
    ws: Workspace, assessment_id: str, actor: Actor | frozenset[Actor]
) -> list[tuple[AssessmentState, list[str]]]:
    """The moves `actor` (one, or each of a set) may make from the current state, each with its
    refusal reasons ([] = allowed).

    Computed rows are evaluated as `transition` would refresh them, so the reasons shown before a click
    are the ones the click would meet.
    """
    actors = [actor] if isinstance(actor, Actor) else sorted(actor, key=lambda a: a.value)
    view = checklist(ws, assessment_id)
    out: list[tuple[AssessmentState, list[str]]] = []
    targets = [
        (target, who) for who in actors for target in allowed_targets(view.assessment.state, who)
    ]
    for target, actor in targets:
        results = view.results
        if target in (AssessmentState.SELF_ASSESSED, AssessmentState.SUBMITTED):
            results = _with_computed_rows(ws, view.assessment, view.criterion_set, results)
        ctx = TransitionContext(view.criterion_set, results, view.evidence_counts)
        out.append((target, refusal_reasons(view.assessment, target, actor, ctx)))
    return out


def state_since(ws: Workspace, assessment_id: str) -> date | None:
    """The day the assessment entered its current state, from the audit trail (None if unknown)."""
    assessment = ws.store.assessments.get(assessment_id)
    since: date | None = None
    for event in ws.store.audit.events(entity_id=assessment_id):
        if event.action != "assessment.transition":
            continue
        try:
            new_state = json.loads(event.new).get("state")
            at = datetime.fromisoformat(event.at)
        except (ValueError, AttributeError):
            continue
        if new_state == assessment.state.value:
            since = at.date()
    return since


def sets_for_kind(ws: Workspace, kind: UnitKind, place_id: str) -> list[CriterionSet]:
    """The latest version of every set for units of `kind` at `place_id` (itself or its parent).

    A provincial set is offered only inside its province; complete sets come before incomplete ones.
    """
    province_codes: set[str] = set()
    current: Unit | None = ws.store.units.get(place_id)
    while current is not None:
        if current.kind is UnitKind.PROVINCE and current.code:
            province_codes.add(current.code)
        current = ws.store.units.get(current.parent_id) if current.parent_id else None
    latest: dict[str, CriterionSet] = {}
    for s in ws.store.criteria.all():
        if kind not in s.unit_kinds:
            continue
        if s.province_code and s.province_code not in province_codes:
            continue
        if s.code not in latest or s.version > latest[s.code].version:
            latest[s.code] = s
    # An incomplete set cannot be finished until its text is supplied: offer it last.
    return sorted(latest.values(), key=lambda s: (not s.complete, s.title, s.code))


def registrable_sets(ws: Workspace, unit_id: str) -> list[CriterionSet]:
    """The latest version of every set this unit may be registered for."""
    unit = ws.store.units.get(unit_id)
    return sets_for_kind(ws, unit.kind, unit.id)


def _results_refusal(ws: Workspace, assessment: Assessment) -> str:
    """office_settings.results_refusal, imported when results are written (it reads the sync
    identity's storage, which reading a checklist does not need)."""
    from anninh_desktop.services.office_settings import results_refusal

    return results_refusal(ws, assessment)


def return_reason(ws: Workspace, assessment_id: str) -> str:
    """Why the appraising office returned the assessment, while the unit corrects it ("" when it
    was not returned or has been sent again); the commune reads it after import."""
    a = ws.store.assessments.get(assessment_id)
    if a.state not in CORRECTING_STATES:
        return ""
    return ws.store.appraisals.return_reason(assessment_id)
