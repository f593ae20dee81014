"""Progress, compliance and eligibility of an assessment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anninh_desktop.domain.assessments import Result, ResultValue
from anninh_desktop.domain.units import UnitKind

if TYPE_CHECKING:  # only annotations: the navigator's progress needs no criterion set module
    from anninh_desktop.domain.criteria import ComputedRule, CriterionSet


@dataclass(frozen=True)
class Progress:
    """Counts of an assessment's results and its compliance."""

    done: int  # rows with a result (met, not met or not applicable)
    total: int  # assessable rows
    met: int
    not_met: int
    not_applicable: int

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def not_assessed(self) -> int:
        return self.total - self.done

    @property
    def compliance(self) -> float:
        """Met over applicable rows; "not applicable" is excluded; 0 when nothing is applicable."""
        return self.met / self.applicable if self.applicable else 0.0

    @property
    def label(self) -> str:
        """ "32/34": met over applicable rows."""
        return f"{self.met}/{self.applicable}"


def _result_of(results: Mapping[str, Result], ref: str) -> ResultValue:
    result = results.get(ref)
    return result.value if result is not None else ResultValue.NOT_ASSESSED


def progress(criterion_set: CriterionSet, results: Mapping[str, Result]) -> Progress:
    """Counts over the set's assessable rows; `results` maps criterion ref to result."""
    values = [_result_of(results, c.ref) for c in criterion_set.assessable_criteria()]
    return Progress(
        done=sum(v is not ResultValue.NOT_ASSESSED for v in values),
        total=len(values),
        met=values.count(ResultValue.MET),
        not_met=values.count(ResultValue.NOT_MET),
        not_applicable=values.count(ResultValue.NOT_APPLICABLE),
    )


@dataclass(frozen=True)
class ChildUnitStats:
    """Child units under a commune for one period: how many exist, registered, recognised."""

    total: int
    registered: int
    recognised: int


def child_rule_met(rule: ComputedRule, stats: ChildUnitStats) -> bool:
    """TT124 Điều 5.4: 100% of child units registered and at least 70% recognised (integer arithmetic)."""
    if stats.total == 0:
        return False
    registered_ok = stats.registered * 100 >= rule.min_registered_percent * stats.total
    recognised_ok = stats.recognised * 100 >= rule.min_recognised_percent * stats.total
    return registered_ok and recognised_ok


def count_children(
    children: list[tuple[UnitKind, bool, bool]], kinds: tuple[UnitKind, ...]
) -> ChildUnitStats:
    """Stats from (kind, registered, recognised) of each current child unit, keeping the given kinds."""
    relevant = [c for c in children if not kinds or c[0] in kinds]
    return ChildUnitStats(
        total=len(relevant),
        registered=sum(1 for c in relevant if c[1]),
        recognised=sum(1 for c in relevant if c[2]),
    )


@dataclass(frozen=True)
class Eligibility:
    """Whether an assessment may be recognised, and the mandatory rows that stop it."""

    eligible: bool
    unmet_mandatory: tuple[
        str, ...
    ]  # refs of mandatory rows not met (not assessed counts as unmet)


def eligibility(criterion_set: CriterionSet, results: Mapping[str, Result]) -> Eligibility:
    """Eligible when every mandatory assessable row is met (or not applicable where the set allows it)."""
    unmet: list[str] = []
    for criterion in criterion_set.assessable_criteria():
        if not criterion.mandatory:
            continue
        value = _result_of(results, criterion.ref)
        if value is ResultValue.MET:
            continue
        if value is ResultValue.NOT_APPLICABLE and criterion.na_condition:
            continue
        unmet.append(criterion.ref)
    return Eligibility(eligible=not unmet, unmet_mandatory=tuple(unmet))


@dataclass(frozen=True)
class PointsScore:
    """The points of an assessment of a set scored with points, and the class they reach."""

    total: float
    maximum: float
    reached: str  # label of the highest threshold reached ("" when none)


def points_score(criterion_set: CriterionSet, results: Mapping[str, Result]) -> PointsScore | None:
    """Sum of the points given so far (rows without points count 0); None for pass/fail sets."""
    from anninh_desktop.domain.criteria import Scoring  # sets are not needed by the navigator

    if criterion_set.scoring is not Scoring.POINTS:
        return None
    rows = [c for c in criterion_set.assessable_criteria() if c.points is not None]
    total = sum((results[c.ref].points or 0.0) for c in rows if c.ref in results)
    maximum = criterion_set.max_points or sum(c.points or 0.0 for c in rows)
    reached = ""
    for threshold in sorted(criterion_set.thresholds, key=lambda t: t.min_points):
        if total >= threshold.min_points:
            reached = threshold.label
    return PointsScore(total=total, maximum=maximum, reached=reached)
