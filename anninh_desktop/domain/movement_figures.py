"""The arithmetic of the movement's figures: done/total shares and year-on-year changes.

Shares and changes are always computed from the counts, never typed, so a report can never say
"75 %" beside "139/186".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    done: int
    total: int

    @property
    def share(self) -> float | None:
        """done / total, None when there is nothing to count."""
        return self.done / self.total if self.total else None

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def remaining(self) -> int:
        return max(self.total - self.done, 0)


@dataclass(frozen=True)
class Change:
    """A count compared with the same period a year before."""

    current: int
    previous: int | None  # None when the year before has no figure

    @property
    def difference(self) -> int | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def relative(self) -> float | None:
        """(current − previous) / previous; None without a previous figure or when it was 0."""
        if self.previous is None or self.previous == 0:
            return None
        return (self.current - self.previous) / self.previous

    @property
    def direction(self) -> int:
        """−1 fewer, 0 the same (or unknown), +1 more."""
        diff = self.difference
        if diff is None or diff == 0:
            return 0
        return 1 if diff > 0 else -1


def sum_figures(sheets: Iterable[Mapping[str, int]], key: str) -> int | None:
    """The sum of one field over sheets; None when no sheet has the field."""
    found = [sheet[key] for sheet in sheets if key in sheet]
    return sum(found) if found else None


def check_value(value: int, flag: bool) -> None:
    """An entered value: a count is a whole number ≥ 0, a flag 0 or 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not_whole")
    if value < 0:
        raise ValueError("negative")
    if flag and value > 1:
        raise ValueError("flag")
