"""points_score: the total of a set scored with points, its maximum, and the class it reaches.

A class is reached with *at least* its minimum: a total exactly on a threshold reaches it, a hair
below does not.
"""

from __future__ import annotations

import dataclasses

import pytest
from factories import crit, make_set, result

from anninh_desktop.domain.criteria import CriterionLevel, CriterionSet, Scoring, Threshold
from anninh_desktop.domain.progress import PointsScore, points_score

C = CriterionLevel.CRITERION
# Given out of order on purpose: the classes are ranked by their minimum, not by their position.
THRESHOLDS = (Threshold("Xuất sắc", 9.0), Threshold("Đạt", 5.0), Threshold("Khá", 7.0))


def points_set(*, max_points: float | None = None) -> CriterionSet:
    """Rows 1 (6 points) and 2 (4 points) are scored; 3 has no points; the group is not assessed."""
    rows = [
        dataclasses.replace(crit("I", level=CriterionLevel.GROUP), points=50.0),
        dataclasses.replace(crit("1", level=C, parent="I"), points=6.0),
        dataclasses.replace(crit("2", level=C, parent="I"), points=4.0),
        crit("3", level=C, parent="I"),
    ]
    return dataclasses.replace(
        make_set(rows), scoring=Scoring.POINTS, thresholds=THRESHOLDS, max_points=max_points
    )


def scored(**points: float | None) -> dict:
    """ref → Result with the given points (keys "r1", "r2", "r3" stand for refs 1, 2, 3)."""
    out = {}
    for key, value in points.items():
        ref = key.removeprefix("r")
        out[ref] = dataclasses.replace(result(ref), points=value)
    return out


@pytest.mark.parametrize(
    ("p1", "p2", "reached"),
    [
        (0.0, 0.0, ""),
        (4.5, 0.49, ""),  # 4.99: just under the lowest class
        (5.0, 0.0, "Đạt"),  # exactly on it
        (3.0, 2.0, "Đạt"),
        (6.0, 0.99, "Đạt"),  # 6.99
        (6.0, 1.0, "Khá"),  # exactly 7
        (5.0, 3.99, "Khá"),  # 8.99
        (5.0, 4.0, "Xuất sắc"),  # exactly 9
        (6.0, 4.0, "Xuất sắc"),  # full marks
    ],
)
def test_class_is_reached_exactly_at_its_threshold(p1: float, p2: float, reached: str) -> None:
    score = points_score(points_set(), scored(r1=p1, r2=p2))
    assert score == PointsScore(total=p1 + p2, maximum=10.0, reached=reached)


def test_rows_not_yet_scored_count_zero() -> None:
    s = points_set()
    assert points_score(s, {}) == PointsScore(total=0.0, maximum=10.0, reached="")
    # Row 1 has a result but no points yet; row 2 has no result at all.
    assert points_score(s, scored(r1=None)) == PointsScore(0.0, 10.0, "")
    assert points_score(s, scored(r1=None, r2=4.0)) == PointsScore(4.0, 10.0, "")


def test_only_assessable_rows_with_points_count() -> None:
    # Points given on a row the set does not score (3) or on an unknown ref are ignored, and so
    # is the group's own maximum.
    results = scored(r1=5.0, r3=3.0)
    results["9.z"] = dataclasses.replace(result("9.z"), points=2.0)
    assert points_score(points_set(), results) == PointsScore(5.0, 10.0, "Đạt")


def test_maximum_is_the_sets_own_when_it_declares_one() -> None:
    s = points_set(max_points=100.0)
    assert points_score(s, scored(r1=6.0, r2=4.0)) == PointsScore(10.0, 100.0, "Xuất sắc")


def test_a_row_worth_zero_points_adds_nothing_to_the_maximum() -> None:
    s = points_set()
    zero = dataclasses.replace(crit("4", level=C, parent="I"), points=0.0)
    s = dataclasses.replace(s, criteria=(*s.criteria, zero))
    assert points_score(s, scored(r1=1.0, r4=0.0)) == PointsScore(1.0, 10.0, "")


def test_a_set_without_classes_reaches_none() -> None:
    s = dataclasses.replace(points_set(), thresholds=())
    assert points_score(s, scored(r1=6.0, r2=4.0)) == PointsScore(10.0, 10.0, "")


def test_a_pass_fail_set_has_no_points() -> None:
    s = dataclasses.replace(points_set(), scoring=Scoring.PASS_FAIL)
    assert points_score(s, scored(r1=6.0)) is None
