"""Appraisal verdicts: per result and appraising level."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from anninh_desktop.i18n import N_


class Verdict(enum.StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    NEEDS_MORE_EVIDENCE = "needs_more_evidence"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.AGREE: N_("Agree"),
    Verdict.DISAGREE: N_("Disagree"),
    Verdict.NEEDS_MORE_EVIDENCE: N_("Needs more evidence"),
}


@dataclass(frozen=True)
class Appraisal:
    """An appraiser's verdict on one criterion's result at one level."""

    id: str
    result_id: str
    level: str  # e.g. "province"
    verdict: Verdict
    comment: str = ""
    appraiser: str = ""
    at: datetime | None = None
