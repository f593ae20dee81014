"""Appraisal in the appraising office (province): assessments per commune, verdicts, decisions.

The commune sees the same verdicts read-only after import (`verdict_sheet`). Verdicts are
`appraisal` rows written by the appraising office only; returns and decisions are the workflow's
transitions made with `Actor.APPRAISER` (see docs/sync.md, "Appraisal").
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from anninh_desktop.domain.appraisal import Appraisal, Verdict
from anninh_desktop.domain.assessments import Assessment, AssessmentState, ResultValue
from anninh_desktop.domain.sync_ownership import ancestors, owning_office_unit
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from anninh_desktop.domain.authority import UnitLookup

S = AssessmentState

# States an appraising office sees: sent to it, and what it decided.
APPRAISAL_STATES = (S.SUBMITTED, S.UNDER_APPRAISAL, S.RETURNED, S.RECOGNISED, S.NOT_RECOGNISED)

_ID_NAMESPACE = uuid.UUID("5b0f4f0e-8a0c-4d36-9a51-6a3f3c1d0a11")


@dataclass(frozen=True)
class AssessmentToAppraise:
    """An assessment waiting for appraisal at this level, summarised."""

    assessment: Assessment
    unit_name: str
    set_title: str
    criteria: int  # assessable criteria
    verdicts: dict[str, int]  # verdict value → criteria with that verdict at this level


@dataclass(frozen=True)
class CommuneQueue:
    """The assessments of one commune (its own and its units') waiting for or past appraisal."""

    commune_id: str
    commune_name: str
    assessments: tuple[AssessmentToAppraise, ...]


@dataclass(frozen=True)
class VerdictLine:
    """One criterion: the unit's self-assessment next to the appraisers' verdicts (read-only)."""

    ref: str
    text: str
    value: ResultValue
    appraisals: tuple[Appraisal, ...]


def appraisal_id(result_id: str, level: str) -> str:
    """One verdict per result and level, with the same id on every PC of the appraising office."""
    return uuid.uuid5(_ID_NAMESPACE, f"{result_id}:{level}").hex


def _office(ws: Workspace) -> tuple[str, str]:
    """This office's unit id and its appraising level (the unit kind, e.g. "province")."""
    # (the sync identity and its cryptography only when an office acts: `anninh status` reads
    # a return reason without them)
    from anninh_desktop.services.sync.identity import require_office

    unit_id = require_office(ws).office_unit_id
    return unit_id, ws.store.units.get(unit_id).kind.value


def is_appraiser_of(ws: Workspace, unit_id: str) -> bool:
    """Whether this office appraises the unit: its office unit is above the unit."""
    own, _level = _office(ws)
    return own in ancestors(unit_id, _unit_lookup(ws))[1:]


def _unit_lookup(ws: Workspace) -> UnitLookup:
    """The unit tree as the sync reads it (imported when an office appraises: `anninh status`
    reads a return reason without the sync)."""
    from anninh_desktop.services.sync.plan import Scopes

    return Scopes(ws.store.db, {}).lookup


def _name(ws: Workspace, unit_id: str | None) -> str:
    if not unit_id:
        return "-"
    try:
        return ws.store.units.get(unit_id).display_name
    except KeyError:
        return unit_id[:12]


def assessments_to_appraise(
    ws: Workspace, *, states: tuple[AssessmentState, ...] = APPRAISAL_STATES
) -> list[CommuneQueue]:
    """Assessments of the units this office appraises, grouped by the commune that owns them."""
    own, level = _office(ws)
    lookup = _unit_lookup(ws)
    groups: dict[str, list[AssessmentToAppraise]] = {}
    for assessment_id, unit_id in ws.store.appraisals.assessments_in_states(
        [s.value for s in states]
    ):
        if own not in ancestors(unit_id, lookup)[1:]:
            continue
        a = ws.store.assessments.get(assessment_id)
        criterion_set = ws.store.criteria.get(a.set_id)
        counts: Counter[str] = Counter()
        for found in ws.store.appraisals.for_assessment(a.id).values():
            counts.update(x.verdict.value for x in found if x.level == level)
        commune = owning_office_unit(unit_id, lookup) or unit_id
        groups.setdefault(commune, []).append(
            AssessmentToAppraise(
                assessment=a,
                unit_name=_name(ws, unit_id),
                set_title=criterion_set.label,
                criteria=len(criterion_set.assessable_criteria()),
                verdicts=dict(counts),
            )
        )
    queues = [CommuneQueue(c, _name(ws, c), tuple(items)) for c, items in groups.items()]
    return sorted(queues, key=lambda q: q.commune_name)


def verdict_sheet(ws: Workspace, assessment_id: str) -> list[VerdictLine]:
    """Every criterion with the self-assessment and the verdicts (what the commune sees)."""
    view = assessment_service.checklist(ws, assessment_id)
    verdicts = ws.store.appraisals.for_assessment(assessment_id)
    return [
        VerdictLine(
            ref=c.ref,
            text=c.text,
            value=view.results[c.ref].value if c.ref in view.results else ResultValue.NOT_ASSESSED,
            appraisals=tuple(verdicts.get(c.ref, ())),
        )
        for c in view.criterion_set.assessable_criteria()
    ]


def require_appraiser(ws: Workspace, assessment_id: str) -> None:
    """Refuse (UserError) unless this installation is an appraising office of the assessment's
    unit: a unit's own office may not move its assessment into an appraiser's state."""
    _require_appraiser(ws, ws.store.assessments.get(assessment_id))


def _not_appraiser_text(ws: Workspace, a: Assessment) -> str:
    return _(
        "Only the appraising office of {unit} can do this; this office can read the "
        "verdicts but not write them."
    ).format(unit=_name(ws, a.unit_id))


def _require_appraiser(ws: Workspace, a: Assessment) -> None:
    if not is_appraiser_of(ws, a.unit_id):
        raise UserError(_not_appraiser_text(ws, a))


def appraiser_refusal(ws: Workspace, assessment_id: str) -> str:
    """Why this installation may not act as the assessment's appraiser ("" when it may).

    Only an installation with a sync office is checked (its office must be above the unit); a
    standalone one keeps to the office role of its settings, as before sync existed.
    """
    from anninh_desktop.storage.sync_repo import SyncRepository

    record = SyncRepository(ws.store.db).identity()
    if record is None or not record.office_unit_id:
        return ""
    a = ws.store.assessments.get(assessment_id)
    if record.office_unit_id in ancestors(a.unit_id, _unit_lookup(ws))[1:]:
        return ""
    return _not_appraiser_text(ws, a)


def start_appraisal(ws: Workspace, assessment_id: str) -> Assessment:
    """Take a submitted assessment under appraisal (nothing to do when it already is)."""
    a = ws.store.assessments.get(assessment_id)
    _require_appraiser(ws, a)
    if a.state is S.UNDER_APPRAISAL:
        return a
    return assessment_service.transition(ws, assessment_id, S.UNDER_APPRAISAL, Actor.APPRAISER)


def record_verdict(
    ws: Workspace,
    assessment_id: str,
    ref: str,
    verdict: Verdict | str,
    *,
    comment: str = "",
    appraiser: str = "",
) -> Appraisal:
    """This office's verdict on one criterion; a submitted assessment goes under appraisal first."""
    verdict = Verdict(verdict)
    comment, appraiser = nfc(comment.strip()), nfc(appraiser.strip()) or ws.actor
    a = ws.store.assessments.get(assessment_id)
    _require_appraiser(ws, a)
    if a.state not in (S.SUBMITTED, S.UNDER_APPRAISAL):
        raise UserError(
            _("Verdicts are recorded while an assessment is submitted or under appraisal.")
        )
    results = ws.store.assessments.results(assessment_id)
    if ref not in results:
        raise UserError(_("“{ref}” is not a criterion to assess in this set").format(ref=ref))
    if verdict is not Verdict.AGREE and not comment:
        raise UserError(_("Say why in a comment when you do not agree or need more evidence."))
    start_appraisal(ws, assessment_id)
    _own, level = _office(ws)
    result = results[ref]
    item = Appraisal(
        id=appraisal_id(result.id, level),
        result_id=result.id,
        level=level,
        verdict=verdict,
        comment=comment,
        appraiser=appraiser,
        at=ws.clock(),
    )
    old = ws.store.appraisals.get(item.id)
    with ws.store.change() as stamp:
        ws.store.appraisals.save(item, stamp)
        ws.record(
            stamp,
            "appraisal.verdict",
            "appraisal",
            item.id,
            None if old is None else {"verdict": old.verdict.value, "comment": old.comment},
            {"ref": ref, "verdict": verdict.value, "comment": comment, "appraiser": appraiser},
        )
    return item


def return_for_correction(ws: Workspace, assessment_id: str, *, reason: str = "") -> Assessment:
    """Send the assessment back to the unit with what to correct (required), which it may edit
    again after import."""
    a = ws.store.assessments.get(assessment_id)
    _require_appraiser(ws, a)
    if not reason.strip():  # before starting the appraisal: a refusal changes nothing
        raise UserError(_("Say what the unit must correct: a return needs a reason."))
    start_appraisal(ws, assessment_id)
    moved = assessment_service.transition(
        ws, assessment_id, S.RETURNED, Actor.APPRAISER, reason=reason
    )
    reason = nfc(reason.strip())
    old = ws.store.appraisals.return_reason(assessment_id)
    if reason != old:
        with ws.store.change() as stamp:
            ws.store.appraisals.set_return_reason(assessment_id, reason, stamp)
            ws.record(
                stamp,
                "appraisal.return",
                "assessment",
                assessment_id,
                {"reason": old} if old else None,
                {"reason": reason},
            )
    return moved


# Read by the commune too (its checklist, `anninh status`): kept with the assessment's services,
# which do not import the appraisal's.
return_reason = assessment_service.return_reason


def decide(
    ws: Workspace,
    assessment_id: str,
    *,
    recognised: bool,
    number: str,
    on: date,
    decided_by: str,
) -> Assessment:
    """Record the decision (number, date, who decided): recognised or not recognised."""
    number, decided_by = nfc(number.strip()), nfc(decided_by.strip())
    if not number or not decided_by:
        raise UserError(_("Give the decision number and who decided."))
    a = ws.store.assessments.get(assessment_id)
    _require_appraiser(ws, a)
    start_appraisal(ws, assessment_id)
    target = S.RECOGNISED if recognised else S.NOT_RECOGNISED
    return assessment_service.transition(
        ws,
        assessment_id,
        target,
        Actor.APPRAISER,
        decision_number=number,
        decision_date=on,
        decided_by=decided_by,
    )
