"""The officers of an office: who is working, named on the changes they make."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Officer:
    id: str
    unit_id: str | None  # the office's unit (None before the office is set up)
    name: str
    rank: str = ""  # "Thượng úy", "Đại úy"…
    position: str = ""  # "Phó Trưởng Công an xã"…
    active: bool = True  # False: removed from the list (older changes still name them)

    @property
    def label(self) -> str:
        """The officer as named in the history: rank and name ("Đại úy Nguyễn Văn An")."""
        return f"{self.rank} {self.name}".strip()


# The ranks of the People's Public Security an office picks from (free text is accepted too).
RANKS = (
    "Hạ sĩ",
    "Trung sĩ",
    "Thượng sĩ",
    "Thiếu úy",
    "Trung úy",
    "Thượng úy",
    "Đại úy",
    "Thiếu tá",
    "Trung tá",
    "Thượng tá",
    "Đại tá",
)
