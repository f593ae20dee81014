"""Report periods of the movement: a half-year (the first six months) or a whole year.

The year of a period runs from a start day of the year before (the statistics form says which;
16 November by default, like the TT124 assessment period) to the day before it; the half-year is the
first six months of it. A period is named by its year: "2026-H1" and "2026".
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

_KEY = re.compile(r"^(\d{4})(?:-(H1|h1))?$")


class PeriodKind(enum.StrEnum):
    HALF_YEAR = "half_year"
    YEAR = "year"


@dataclass(frozen=True)
class YearStart:
    """The first day of a period year, in the year before the one that names it."""

    month: int = 11
    day: int = 16


@dataclass(frozen=True, order=True)
class ReportPeriod:
    year: int
    kind: PeriodKind = PeriodKind.YEAR

    @property
    def key(self) -> str:
        """ "2026-H1" for the first half of 2026, "2026" for the year."""
        return f"{self.year}-H1" if self.kind is PeriodKind.HALF_YEAR else str(self.year)

    def same_period_year_before(self) -> ReportPeriod:
        return ReportPeriod(self.year - 1, self.kind)

    def bounds(self, start: YearStart) -> tuple[date, date]:
        """First and last day of the period."""
        first = date(self.year - 1, start.month, start.day)
        if self.kind is PeriodKind.YEAR:
            return first, date(self.year, start.month, start.day) - timedelta(days=1)
        return first, add_months(first, 6) - timedelta(days=1)

    def contains(self, day: date, start: YearStart) -> bool:
        first, last = self.bounds(start)
        return first <= day <= last


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def parse_period(text: str) -> ReportPeriod:
    """ "2026-H1" or "2026"; ValueError otherwise."""
    match = _KEY.match(text.strip())
    if match is None:
        raise ValueError(text)
    year = int(match.group(1))
    if not 1990 <= year <= 2200:
        raise ValueError(text)
    kind = PeriodKind.HALF_YEAR if match.group(2) else PeriodKind.YEAR
    return ReportPeriod(year, kind)


def period_of(day: date, kind: PeriodKind, start: YearStart) -> ReportPeriod:
    """The period of `kind` that holds `day` (for a half-year: the latest whose start is not after
    it, so a day in the second half gives the year's first half)."""
    year = day.year + 1 if (day.month, day.day) >= (start.month, start.day) else day.year
    return ReportPeriod(year, kind)
