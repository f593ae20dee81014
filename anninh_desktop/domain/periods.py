"""Assessment periods: the year a period ends names it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PeriodRule:
    """The assessment period of year Y runs from (start_month, start_day) of Y-1 to the day before it in Y."""

    start_month: int
    start_day: int


PERIOD_16_NOV = PeriodRule(11, 16)  # communes, agencies, enterprises, schools (TT124 Điều 8)
PERIOD_01_NOV = PeriodRule(11, 1)  # residential areas


def period_bounds(rule: PeriodRule, year: int) -> tuple[date, date]:
    """First and last day of the period of `year` (16/11/Y-1 – 15/11/Y for the 16 November rule)."""
    start = date(year - 1, rule.start_month, rule.start_day)
    end = date(year, rule.start_month, rule.start_day) - timedelta(days=1)
    return start, end


def period_year_of(rule: PeriodRule, day: date) -> int:
    """The period year a given day falls in (17/11/2025 belongs to the period of 2026)."""
    if (day.month, day.day) >= (rule.start_month, rule.start_day):
        return day.year + 1
    return day.year
