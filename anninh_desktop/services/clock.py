"""Time in Vietnam (UTC+7, no daylight saving), injectable for reproducible data and tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(VIETNAM_TZ).replace(microsecond=0)


def fixed_clock(at: datetime) -> Clock:
    """A clock that starts at `at` and advances one second per call (distinct, ordered times)."""
    state = {"now": at if at.tzinfo else at.replace(tzinfo=VIETNAM_TZ)}

    def tick() -> datetime:
        current = state["now"]
        state["now"] = current + timedelta(seconds=1)
        return current

    return tick


def today(clock: Clock) -> date:
    return clock().date()
