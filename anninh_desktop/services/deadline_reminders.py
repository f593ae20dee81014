"""The next deadlines of the office's open assessments, for the reminder at start and each day.

Each assessment not yet decided (recognised / not recognised) has its set version's next deadline
in its period year (`assessment_service.next_deadline`: the first not yet passed, else the last,
overdue; a set version without deadlines: its period's end). They are grouped by set, deadline
and date, with the units waiting on each, overdue first, then the nearest. The office's area is
its unit and everything under it; an installation not set up as an office sees all its
assessments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.periods import period_bounds
from anninh_desktop.i18n import _
from anninh_desktop.services.assessment_service import DueDate, next_deadline
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace

DECIDED = (AssessmentState.RECOGNISED, AssessmentState.NOT_RECOGNISED)
DISMISSED_KEY = "deadlines.dismissed_on"
HORIZON_DAYS = 60  # further deadlines are not news yet


@dataclass(frozen=True)
class DeadlineGroup:
    set_title: str
    label: str  # what is due, as the set version words it
    due: date
    year: int
    units: tuple[str, ...]  # display names, sorted
    assessment_ids: tuple[str, ...]

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def upcoming_deadlines(
    ws: Workspace, today: date, *, horizon_days: int = HORIZON_DAYS
) -> list[DeadlineGroup]:
    """Deadlines overdue or within `horizon_days` of `today` for the office's open assessments."""
    office = office_unit_id(ws)
    entries = {e.id: e for e in ws.store.units.in_use_with_ancestors()}

    def in_area(unit_id: str) -> bool:
        if office is None:
            return True
        current: str | None = unit_id
        for _depth in range(8):  # province > (district) > commune > unit: never deeper
            if current is None:
                return False
            if current == office:
                return True
            entry = entries.get(current)
            current = entry.parent_id if entry is not None else None
        return False

    sets: dict[str, CriterionSet] = {}
    groups: dict[tuple[str, str, date, int], list[tuple[str, str]]] = {}
    for year in (today.year - 1, today.year):
        for row in ws.store.assessments.tree_rows(year):
            if row.state in DECIDED or not in_area(row.unit_id):
                continue
            s = sets.get(row.set_id)
            if s is None:
                s = sets[row.set_id] = ws.store.criteria.get(row.set_id)
            due = next_deadline(s, year, today) or _period_end(s, year)
            if (due.due - today).days > horizon_days:
                continue
            entry = entries.get(row.unit_id)
            name = entry.display_name if entry is not None else row.unit_id
            key = (s.title, due.label, due.due, year)
            groups.setdefault(key, []).append((name, row.assessment_id))
    out = [
        DeadlineGroup(
            set_title=title,
            label=label,
            due=due,
            year=year,
            units=tuple(sorted(n for n, _id in members)),
            assessment_ids=tuple(i for _n, i in members),
        )
        for (title, label, due, year), members in groups.items()
    ]
    out.sort(key=lambda g: (g.due, g.set_title))
    return out


def _period_end(s: CriterionSet, year: int) -> DueDate:
    """A set version without deadlines: its period's last day."""
    return DueDate(_("End of the assessment period"), period_bounds(s.period_rule, year)[1])


def dismissed_today(ws: Workspace, today: date) -> bool:
    """Whether the officer put the reminder away for `today`."""
    return ws.store.meta(DISMISSED_KEY) == today.isoformat()


def dismiss(ws: Workspace, today: date) -> None:
    ws.store.set_meta(DISMISSED_KEY, today.isoformat())
