"""Lists of units with their assessments and progress, for the window and reports."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.domain.units import Unit
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class UnitProgressRow:
    unit: Unit
    parent_id: str | None
    assessment: Assessment
    set_title: str
    set_code: str
    met: int
    applicable: int
    done: int
    total: int

    @property
    def progress_label(self) -> str:
        return f"{self.met}/{self.applicable}"


def unit_progress_rows(ws: Workspace, *, year: int | None = None) -> list[UnitProgressRow]:
    """Every assessment (of a year, or all) with its unit and counts, in one pass over the store."""
    store = ws.store
    rows: list[UnitProgressRow] = []
    units: dict[str, Unit] = {}
    for summary in store.assessments.summaries(year=year):
        a = summary.assessment
        unit = units.get(a.unit_id)
        if unit is None:
            unit = units[a.unit_id] = store.units.get(a.unit_id)
        criterion_set = store.criteria.get(a.set_id)
        rows.append(
            UnitProgressRow(
                unit=unit,
                parent_id=unit.parent_id,
                assessment=a,
                set_title=criterion_set.title,
                set_code=criterion_set.code,
                met=summary.met,
                applicable=summary.total - summary.not_applicable,
                done=summary.done,
                total=summary.total,
            )
        )
    return rows


def ancestors(ws: Workspace, unit: Unit) -> list[Unit]:
    """The unit's parents from the top (province first)."""
    chain: list[Unit] = []
    current = unit
    while current.parent_id is not None:
        current = ws.store.units.get(current.parent_id)
        chain.append(current)
    return list(reversed(chain))
