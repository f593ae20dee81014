"""periods: the year a period ends names it; 16/11 and 01/11 rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import FAST
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.criteria import PERIOD_01_NOV, PERIOD_16_NOV, PeriodRule
from anninh_desktop.domain.periods import period_bounds, period_year_of


def test_bounds_16_november_rule() -> None:
    assert period_bounds(PERIOD_16_NOV, 2026) == (date(2025, 11, 16), date(2026, 11, 15))


def test_bounds_01_november_rule() -> None:
    assert period_bounds(PERIOD_01_NOV, 2026) == (date(2025, 11, 1), date(2026, 10, 31))


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 11, 15), 2025),
        (date(2025, 11, 16), 2026),
        (date(2025, 11, 17), 2026),
        (date(2026, 1, 1), 2026),
        (date(2026, 11, 15), 2026),
        (date(2026, 11, 16), 2027),
        (date(2025, 12, 31), 2026),
    ],
)
def test_period_year_of_16_november_boundaries(day: date, year: int) -> None:
    assert period_year_of(PERIOD_16_NOV, day) == year


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 10, 31), 2025),
        (date(2025, 11, 1), 2026),
        (date(2026, 10, 31), 2026),
        (date(2026, 11, 1), 2027),
    ],
)
def test_period_year_of_01_november_boundaries(day: date, year: int) -> None:
    assert period_year_of(PERIOD_01_NOV, day) == year


def test_leap_year_period_has_366_days() -> None:
    start, end = period_bounds(PERIOD_16_NOV, 2024)  # contains 29/02/2024
    assert (end - start).days + 1 == 366
    start, end = period_bounds(PERIOD_16_NOV, 2026)
    assert (end - start).days + 1 == 365


def test_leap_day_belongs_to_its_period() -> None:
    assert period_year_of(PERIOD_16_NOV, date(2024, 2, 29)) == 2024
    assert period_year_of(PERIOD_01_NOV, date(2028, 2, 29)) == 2028


def test_rule_starting_1_march_ends_on_leap_day() -> None:
    rule = PeriodRule(3, 1)
    assert period_bounds(rule, 2024) == (date(2023, 3, 1), date(2024, 2, 29))
    assert period_bounds(rule, 2025) == (date(2024, 3, 1), date(2025, 2, 28))


def test_consecutive_periods_tile_without_gap_or_overlap() -> None:
    for rule in (PERIOD_16_NOV, PERIOD_01_NOV):
        for year in range(2020, 2032):
            _, end = period_bounds(rule, year)
            next_start, _ = period_bounds(rule, year + 1)
            assert next_start == end + timedelta(days=1)


@FAST
@given(
    st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)),
    st.sampled_from([PERIOD_16_NOV, PERIOD_01_NOV, PeriodRule(1, 1), PeriodRule(7, 1)]),
)
def test_day_lies_within_the_bounds_of_its_period_year(day: date, rule: PeriodRule) -> None:
    start, end = period_bounds(rule, period_year_of(rule, day))
    assert start <= day <= end
