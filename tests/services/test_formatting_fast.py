"""The forms written without babel (numeric dates, whole numbers) agree with babel's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from anninh_desktop import i18n
from anninh_desktop.services.formatting import babel_locale, format_date, format_number

NUMBERS = [0, 7, 42, 999, 1000, 1601, 15637, 120000, 1234567, 987654321, -5, -12345]


@pytest.fixture(params=["vi", "en"])
def language(request: pytest.FixtureRequest):
    before = i18n.current_language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(before)


def test_whole_numbers_are_grouped_as_babel_groups_them(language: str) -> None:
    for n in NUMBERS:
        assert format_number(n) == format_decimal(n, locale=babel_locale()), n
    assert format_number(1601) == ("1.601" if language == "vi" else "1,601")


def test_numeric_dates_are_written_as_babel_writes_them(language: str) -> None:
    day = date(1999, 12, 25)
    for _ in range(40):
        assert format_date(day) == babel_date(day, "dd/MM/yyyy", locale=babel_locale()), day
        day += timedelta(days=213)
    assert format_date(date(2026, 1, 5)) == "05/01/2026"
    assert format_date(None) == ""


def test_fractions_still_go_through_babel(language: str) -> None:
    assert format_number(12345.5) == ("12.345,5" if language == "vi" else "12,345.5")
