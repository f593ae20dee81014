"""Dates, numbers and countdowns as the user reads them (babel, vi_VN by default).

babel is imported on first use. The two forms the window's first paint needs, a numeric date and a
whole number, are written directly: babel's output for them is fixed (Latin digits, dd/MM/yyyy,
groups of three with "." in Vietnamese and "," in English), and loading babel and its locale data
for them cost ~65 ms of the start (bench/window_start.py). tests/services/test_formatting_fast.py
checks that both agree with babel.
"""

from __future__ import annotations

from datetime import date, datetime

from anninh_desktop.i18n import _, current_language, ngettext
from anninh_desktop.services.clock import VIETNAM_TZ

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def babel_locale() -> str:
    return _LOCALES.get(current_language(), "vi_VN")


def format_date(value: date | None) -> str:
    """05/01/2026 (vi and en_GB both write day/month/year); "" for no date."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_long_date(value: date) -> str:
    """ "5 tháng 1, 2026" / "5 January 2026"."""
    from babel.dates import format_date as babel_date

    return babel_date(value, "long", locale=babel_locale())


def format_datetime(value: datetime) -> str:
    """Local time in Vietnam, e.g. "05/01/2026 14:30"; naive values are taken as Vietnam time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM_TZ)
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(value, "dd/MM/yyyy HH:mm", tzinfo=VIETNAM_TZ, locale=babel_locale())


_GROUP_SEPARATORS = {"vi": ".", "en": ","}


def format_number(value: float | int) -> str:
    """12.345,5 in Vietnamese, 12,345.5 in English."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", _GROUP_SEPARATORS.get(current_language(), "."))
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def format_share(value: float) -> str:
    """A share between 0 and 1 as a percentage: "73 %" / "73%"."""
    from babel.numbers import format_percent

    return format_percent(value, locale=babel_locale())


def countdown(deadline: date, today: date) -> str:
    """ "12 days left", "due today", "3 days overdue"."""
    days = (deadline - today).days
    if days > 0:
        return ngettext("{count} day left", "{count} days left", days).format(count=days)
    if days == 0:
        return _("due today")
    late = -days
    return ngettext("{count} day overdue", "{count} days overdue", late).format(count=late)
