"""The movement's figures as people read them: "1.056", "77,4 %", "852/1.056 (80,7 %)", "−44,4 %".

Shares keep one decimal when it is not zero ("75 %", "77,4 %"). The report is a Vietnamese document
whatever the window's language, so it passes `locale="vi_VN"`; the window uses the user's language.
"""

from __future__ import annotations

from anninh_desktop.domain.movement_figures import Change, Ratio
from anninh_desktop.services.formatting import babel_locale

SHARE_PATTERN = "#,##0.# %"
MINUS = "\u2212"  # a real minus sign, as printed figures use


def count_text(value: int | None, locale: str | None = None) -> str:
    """A whole number with the locale's grouping; "–" when there is no figure."""
    if value is None:
        return "–"
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale or babel_locale()))


def percent_text(share: float, locale: str | None = None, *, signed: bool = False) -> str:
    """ "77,4 %" (vi) / "77.4 %" (en); with `signed`, "+12,5 %" and "−44,4 %"."""
    from babel.numbers import format_percent

    value = abs(share) if signed else share
    text = str(format_percent(value, SHARE_PATTERN, locale=locale or babel_locale()))
    if text.startswith("-"):
        text = MINUS + text[1:]
    if signed and round(share * 1000) != 0:
        text = ("+" if share > 0 else MINUS) + text
    return text


def ratio_text(ratio: Ratio, locale: str | None = None) -> str:
    """ "139/186 (74,7 %)"; just "0/0" when there is nothing to count."""
    done, total = count_text(ratio.done, locale), count_text(ratio.total, locale)
    share = ratio.share
    if share is None:
        return f"{done}/{total}"
    return f"{done}/{total} ({percent_text(share, locale)})"


def difference_text(change: Change, locale: str | None = None) -> str:
    """ "−4", "+2", "0"; "–" without a figure for the year before."""
    diff = change.difference
    if diff is None:
        return "–"
    if diff == 0:
        return "0"
    return ("+" if diff > 0 else MINUS) + count_text(abs(diff), locale)


def relative_text(change: Change, locale: str | None = None) -> str:
    """ "−44,4 %"; "–" when the year before had no figure or zero."""
    relative = change.relative
    return "–" if relative is None else percent_text(relative, locale, signed=True)
