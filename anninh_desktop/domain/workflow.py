"""Allowed state transitions of an assessment, the reasons a transition is refused, when results
are locked, and what an office is to a unit (its own office, its appraiser, or both)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from anninh_desktop.domain.assessments import (
    LOCKED_STATES,
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


# States in which the unit's results and evidence links cannot change. Self-assessed is one: the
# unit said "finished", and "Reopen for editing" comes first. (The dossier's texts stay open until
# the assessment is submitted: `Assessment.locked`.)
RESULTS_LOCKED_STATES = LOCKED_STATES | {S.SELF_ASSESSED}

# While the unit corrects a returned assessment (returned, reopened, assessed again but not yet
# sent), the reason the appraising office gave for the return applies.
CORRECTING_STATES = frozenset({S.RETURNED, S.IN_PROGRESS, S.SELF_ASSESSED})


def results_locked(assessment: Assessment) -> bool:
    """Whether the state forbids changing results and evidence links (whoever asks)."""
    return assessment.state in RESULTS_LOCKED_STATES


def lock_text(assessment: Assessment) -> str:
    """Why the results of an assessment in a locked state cannot change, and what opens them."""
    state = _state_label(assessment.state)
    if assessment.state is S.SELF_ASSESSED:
        return _(
            "“{state}”: results and evidence are locked. Choose “Reopen for editing” to change "
            "them."
        ).format(state=state)
    if assessment.state in (S.RECOGNISED, S.NOT_RECOGNISED):
        return _("“{state}”: decided; results and evidence are read-only.").format(state=state)
    return _("“{state}”: read-only until the appraising office returns it for correction.").format(
        state=state
    )


@dataclass(frozen=True)
class TransitionContext:
    """What the rules need to know about an assessment beyond its state."""

    criterion_set: CriterionSet
    results: Mapping[str, Result]
    evidence_counts: Mapping[str, int] = field(default_factory=dict)  # criterion ref → linked items
    # What the appraising office says the unit must correct; None when not asked yet (the rules
    # are read to draw the buttons), "" when the user gave none.
    reason: str | None = None


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
    if target is S.RETURNED and ctx.reason is not None and not ctx.reason.strip():
        reasons.append(_("say what the unit must correct: a return needs a reason"))
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


# ------------------------------------------------------------------ what an office is to a unit

type UnitChain = Sequence[tuple[str, str]]  # (unit id, unit kind), from the unit up to the root


def owning_office(chain: UnitChain) -> str | None:
    """The unit whose office keeps this unit's self-assessment: the nearest commune at or above
    it, else the nearest province."""
    for unit_id, kind in chain:
        if kind == "commune":
            return unit_id
    return next((unit_id for unit_id, kind in chain if kind == "province"), None)


def office_actors(office_unit: str | None, chain: UnitChain) -> frozenset[Actor]:
    """What an office may be for the first unit of `chain`.

    Its own office (`Actor.UNIT`: results, evidence, the unit's moves) when the office is the
    unit's owning office; its appraiser (`Actor.APPRAISER`: verdicts, return, decision) when the
    office's unit is above the unit. A commune's office is both for its residential areas; a
    province's office only appraises its communes and never writes their results. An
    installation not set up as an office (`office_unit` None) is the own office of the units it
    keeps, and appraises nothing.
    """
    if office_unit is None:
        return frozenset({Actor.UNIT})
    actors: set[Actor] = set()
    if owning_office(chain) == office_unit:
        actors.add(Actor.UNIT)
    if office_unit in [unit_id for unit_id, _kind in chain[1:]]:
        actors.add(Actor.APPRAISER)
    return frozenset(actors)
