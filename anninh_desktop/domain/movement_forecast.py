"""The forecast "dự kiến đạt": will a unit's assessment be met by the end of its period?

From the current results and the remediation plans: a unit already recognised has reached it; one
decided "not recognised" has not. Otherwise every mandatory assessable criterion must be met or not
applicable, or carry a remediation plan due by the period's end; a criterion not met without such a
plan makes the unit *not expected*; criteria still not assessed (and without a plan) leave it
*undetermined* — the program does not guess for them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.assessments import AssessmentState, Result, ResultValue
from anninh_desktop.domain.criteria import Criterion
from anninh_desktop.i18n import N_


class Outlook(enum.StrEnum):
    ACHIEVED = "achieved"  # recognised
    EXPECTED = "expected"
    UNDETERMINED = "undetermined"
    NOT_EXPECTED = "not_expected"
    FAILED = "failed"  # decided: not recognised


OUTLOOK_LABELS: dict[Outlook, str] = {
    Outlook.ACHIEVED: N_("Recognised"),
    Outlook.EXPECTED: N_("Expected to meet"),
    Outlook.UNDETERMINED: N_("Not yet known"),
    Outlook.NOT_EXPECTED: N_("Not expected to meet"),
    Outlook.FAILED: N_("Not recognised"),
}

# Outlooks counted as "expected to meet" and as "not expected" in the figures.
POSITIVE = frozenset({Outlook.ACHIEVED, Outlook.EXPECTED})
NEGATIVE = frozenset({Outlook.NOT_EXPECTED, Outlook.FAILED})


@dataclass(frozen=True)
class Forecast:
    outlook: Outlook
    lacking: tuple[str, ...] = ()  # refs not met without a plan due in time
    open_refs: tuple[str, ...] = ()  # refs not yet assessed, without a plan
    planned: tuple[str, ...] = ()  # refs not met (or not assessed) with a plan due in time


def _planned(result: Result | None, period_end: date) -> bool:
    return (
        result is not None
        and bool(result.remediation.strip())
        and result.due_date is not None
        and result.due_date <= period_end
    )


def forecast(
    state: AssessmentState,
    criteria: Sequence[Criterion],
    results: Mapping[str, Result],
    period_end: date,
) -> Forecast:
    """The outlook of one assessment; `criteria` are the set's assessable rows."""
    if state is AssessmentState.RECOGNISED:
        return Forecast(Outlook.ACHIEVED)
    if state is AssessmentState.NOT_RECOGNISED:
        return Forecast(Outlook.FAILED)
    lacking: list[str] = []
    open_refs: list[str] = []
    planned: list[str] = []
    for criterion in criteria:
        if not criterion.assessable or not criterion.mandatory:
            continue
        result = results.get(criterion.ref)
        value = result.value if result is not None else ResultValue.NOT_ASSESSED
        if value in (ResultValue.MET, ResultValue.NOT_APPLICABLE):
            continue
        if _planned(result, period_end):
            planned.append(criterion.ref)
        elif value is ResultValue.NOT_MET:
            lacking.append(criterion.ref)
        else:
            open_refs.append(criterion.ref)
    if lacking:
        outlook = Outlook.NOT_EXPECTED
    elif open_refs:
        outlook = Outlook.UNDETERMINED
    else:
        outlook = Outlook.EXPECTED
    return Forecast(outlook, tuple(lacking), tuple(open_refs), tuple(planned))
