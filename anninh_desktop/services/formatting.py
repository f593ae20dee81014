"""Dates, numbers and countdowns as the user reads them (babel, vi_VN by default).

babel is imported on first use: the window's first paint formats nothing, and importing babel's
dates and numbers costs ~40 ms of the start (bench/window_start.py).
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
    from babel.dates import format_date as babel_date

    return babel_date(value, "dd/MM/yyyy", locale=babel_locale())


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


def format_number(value: float | int) -> str:
    """12.345,5 in Vietnamese, 12,345.5 in English."""
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
