"""Assessments (unit × set version × period year), their results, and what each state allows."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from anninh_desktop.i18n import N_


class AssessmentState(enum.StrEnum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    SELF_ASSESSED = "self_assessed"
    SUBMITTED = "submitted"
    UNDER_APPRAISAL = "under_appraisal"
    RETURNED = "returned"
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"


STATE_LABELS: dict[AssessmentState, str] = {
    AssessmentState.REGISTERED: N_("Registered"),
    AssessmentState.IN_PROGRESS: N_("In progress"),
    AssessmentState.SELF_ASSESSED: N_("Self-assessed"),
    AssessmentState.SUBMITTED: N_("Submitted"),
    AssessmentState.UNDER_APPRAISAL: N_("Under appraisal"),
    AssessmentState.RETURNED: N_("Returned for correction"),
    AssessmentState.RECOGNISED: N_("Recognised"),
    AssessmentState.NOT_RECOGNISED: N_("Not recognised"),
}

# States in which the unit's own office may not change results or evidence links.
LOCKED_STATES = frozenset(
    {
        AssessmentState.SUBMITTED,
        AssessmentState.UNDER_APPRAISAL,
        AssessmentState.RECOGNISED,
        AssessmentState.NOT_RECOGNISED,
    }
)


class ResultValue(enum.StrEnum):
    NOT_ASSESSED = "not_assessed"
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


RESULT_LABELS: dict[ResultValue, str] = {
    ResultValue.NOT_ASSESSED: N_("Not assessed"),
    ResultValue.MET: N_("Met"),
    ResultValue.NOT_MET: N_("Not met"),
    ResultValue.NOT_APPLICABLE: N_("Not applicable"),
}


class WorkStatus(enum.StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"


WORK_STATUS_LABELS: dict[WorkStatus, str] = {
    WorkStatus.TODO: N_("To do"),
    WorkStatus.IN_PROGRESS: N_("Working"),
    WorkStatus.DONE: N_("Done"),
}


@dataclass(frozen=True)
class Assessment:
    """A unit's self-assessment against one criterion set for one year."""

    id: str
    unit_id: str
    set_id: str
    year: int
    period_start: date
    period_end: date
    state: AssessmentState = AssessmentState.REGISTERED
    registered_on: date | None = None
    decision_number: str = ""
    decision_date: date | None = None
    decided_by: str = ""

    @property
    def locked(self) -> bool:
        return self.state in LOCKED_STATES


@dataclass(frozen=True)
class Result:
    """The result recorded for one criterion of an assessment."""

    id: str
    assessment_id: str
    criterion_ref: str
    value: ResultValue = ResultValue.NOT_ASSESSED
    na_reason: str = ""
    work_status: WorkStatus = WorkStatus.TODO
    note: str = ""
    figures: str = ""
    responsible: str = ""
    due_date: date | None = None
    remediation: str = ""
    points: float | None = None

    @property
    def done(self) -> bool:
        return self.value is not ResultValue.NOT_ASSESSED
