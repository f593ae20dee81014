"""Deadlines on the day: a deadline is still ahead on its own day, and overdue from the next one."""

from __future__ import annotations

from datetime import date

import pytest

from anninh_desktop.domain.criteria import PERIOD_16_NOV, CriterionSet, Deadline
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.assessment_service import DueDate, next_deadline
from anninh_desktop.services.formatting import countdown
from anninh_desktop.services.overview_stats import assessment_deadline

REGISTER = Deadline("đăng ký", 3, 31)
RECOGNISE = Deadline("công nhận", 11, 15)


def with_deadlines(*deadlines: Deadline) -> CriterionSet:
    return CriterionSet(
        id="s-v1",
        code="s",
        version=1,
        title="Bộ tiêu chí thử",
        unit_kinds=(UnitKind.COMMUNE,),
        period_rule=PERIOD_16_NOV,
        deadlines=deadlines,
    )


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 3, 30), DueDate("đăng ký", date(2026, 3, 31))),
        (date(2026, 3, 31), DueDate("đăng ký", date(2026, 3, 31))),  # on the day: still this one
        (date(2026, 4, 1), DueDate("công nhận", date(2026, 11, 15))),
        (date(2026, 11, 15), DueDate("công nhận", date(2026, 11, 15))),
        (date(2026, 11, 16), DueDate("công nhận", date(2026, 11, 15))),  # overdue: the last one
    ],
)
def test_next_deadline_on_either_side_of_the_day(today: date, due: DueDate) -> None:
    s = with_deadlines(RECOGNISE, REGISTER)  # given out of order
    assert next_deadline(s, 2026, today) == due


def test_a_deadline_on_29_february_falls_on_the_28th_in_a_common_year() -> None:
    s = with_deadlines(Deadline("báo cáo", 2, 29))
    assert next_deadline(s, 2027, date(2027, 1, 1)) == DueDate("báo cáo", date(2027, 2, 28))
    assert next_deadline(s, 2028, date(2028, 1, 1)) == DueDate("báo cáo", date(2028, 2, 29))


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date(2026, 11, 13), "2 days left"),
        (date(2026, 11, 14), "1 day left"),
        (date(2026, 11, 15), "due today"),
        (date(2026, 11, 16), "1 day overdue"),
        (date(2026, 11, 18), "3 days overdue"),
    ],
)
def test_countdown_around_the_day(today: date, text: str) -> None:
    assert countdown(date(2026, 11, 15), today) == text


def test_the_overview_uses_the_earliest_deadline_or_the_period_end() -> None:
    period_end = date(2026, 11, 15)
    assert assessment_deadline(with_deadlines(RECOGNISE, REGISTER), 2026, period_end) == date(
        2026, 3, 31
    )
    assert assessment_deadline(with_deadlines(), 2026, period_end) == period_end
