"""Allowed state transitions of an assessment, and the reasons a transition is refused."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from anninh_desktop.domain.assessments import (
    STATE_LABELS,
    Assessment,
    AssessmentState,
    Result,
    ResultValue,
)
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.progress import eligibility, progress
from anninh_desktop.i18n import _, ngettext

S = AssessmentState


class Actor(enum.StrEnum):
    UNIT = "unit"  # the office that self-assesses (commune police for its units)
    APPRAISER = "appraiser"  # the appraising office (province PV05, Steering Committee)


# state → {target: who may move it there}
TRANSITIONS: dict[AssessmentState, dict[AssessmentState, Actor]] = {
    S.REGISTERED: {S.IN_PROGRESS: Actor.UNIT},
    S.IN_PROGRESS: {S.SELF_ASSESSED: Actor.UNIT},
    S.SELF_ASSESSED: {S.IN_PROGRESS: Actor.UNIT, S.SUBMITTED: Actor.UNIT},
    S.SUBMITTED: {S.UNDER_APPRAISAL: Actor.APPRAISER},
    S.UNDER_APPRAISAL: {
        S.RETURNED: Actor.APPRAISER,
        S.RECOGNISED: Actor.APPRAISER,
        S.NOT_RECOGNISED: Actor.APPRAISER,
    },
    S.RETURNED: {S.IN_PROGRESS: Actor.UNIT},
    S.RECOGNISED: {},
    S.NOT_RECOGNISED: {},
}


@dataclass(frozen=True)
class TransitionContext:
    """What the rules need to know about an assessment beyond its state."""

    criterion_set: CriterionSet
    results: Mapping[str, Result]
    evidence_counts: Mapping[str, int] = field(default_factory=dict)  # criterion ref → linked items


def allowed_targets(state: AssessmentState, actor: Actor) -> tuple[AssessmentState, ...]:
    """The states this actor may move an assessment to from `state`, ignoring content checks."""
    return tuple(target for target, who in TRANSITIONS[state].items() if who is actor)


def _content_refusals(target: AssessmentState, ctx: TransitionContext) -> list[str]:
    reasons: list[str] = []
    criteria = ctx.criterion_set.assessable_criteria()
    if target in (S.SELF_ASSESSED, S.SUBMITTED):
        counts = progress(ctx.criterion_set, ctx.results)
        if counts.not_assessed:
            reasons.append(
                ngettext(
                    "{count} criterion not yet assessed",
                    "{count} criteria not yet assessed",
                    counts.not_assessed,
                ).format(count=counts.not_assessed)
            )
        for criterion in criteria:
            result = ctx.results.get(criterion.ref)
            if result is None:
                continue
            if result.value is ResultValue.MET and criterion.required_evidence:
                if ctx.evidence_counts.get(criterion.ref, 0) == 0:
                    reasons.append(
                        _("criterion {ref} lacks required evidence").format(ref=criterion.ref)
                    )
            if result.value is ResultValue.NOT_APPLICABLE and not result.na_reason.strip():
                reasons.append(
                    _("criterion {ref} is marked not applicable without a reason").format(
                        ref=criterion.ref
                    )
                )
            if result.value is ResultValue.NOT_MET and not result.remediation.strip():
                reasons.append(
                    _("criterion {ref} is not met and has no remediation plan").format(
                        ref=criterion.ref
                    )
                )
    if target is S.RECOGNISED:
        verdict = eligibility(ctx.criterion_set, ctx.results)
        if not verdict.eligible:
            reasons.append(
                _("not eligible: mandatory criteria not met: {refs}").format(
                    refs=", ".join(verdict.unmet_mandatory)
                )
            )
    return reasons


def refusal_reasons(
    assessment: Assessment, target: AssessmentState, actor: Actor, ctx: TransitionContext
) -> list[str]:
    """Why `actor` may not move `assessment` to `target`; an empty list means the move is allowed."""
    allowed = TRANSITIONS[assessment.state]
    if target not in allowed:
        return [
            _("an assessment in state “{state}” cannot move to “{target}”").format(
                state=_state_label(assessment.state), target=_state_label(target)
            )
        ]
    if allowed[target] is not actor:
        if allowed[target] is Actor.APPRAISER:
            return [_("only the appraising office can do this")]
        return [_("only the unit's own office can do this")]
    return _content_refusals(target, ctx)


def _state_label(state: AssessmentState) -> str:
    return _(STATE_LABELS[state])
