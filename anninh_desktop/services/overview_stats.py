"""Figures of the overview dashboard for a province, a commune or the whole data folder.

Everything comes from four set-based queries of `store.statistics`; this module only groups them by
criterion set code, adds texts and deadlines, and orders them. The export tables are plain rows for
`xlsx_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.assessments import STATE_LABELS, AssessmentState
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.periods import period_bounds
from anninh_desktop.domain.units import CHILD_KINDS, Unit
from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import Column, ColumnKind, Table

# An assessment in one of these states has been decided; its open rows no longer matter.
FINAL_STATES = (AssessmentState.RECOGNISED, AssessmentState.NOT_RECOGNISED)
OPEN_STATES = tuple(s for s in AssessmentState if s not in FINAL_STATES)


@dataclass(frozen=True)
class StateBar:
    """How many assessments of the year are in a state; `state` None means not registered."""

    state: AssessmentState | None
    count: int


@dataclass(frozen=True)
class CriterionShare:
    """One criterion over the scope's assessments of a set code (all versions together)."""

    ref: str
    text: str
    met: int
    not_met: int
    not_applicable: int
    not_assessed: int

    @property
    def assessed(self) -> int:
        """Units with a met or not met result: "not applicable" and open rows are left out."""
        return self.met + self.not_met

    @property
    def share(self) -> float | None:
        """Met over assessed (N/A excluded); None when no unit has assessed it yet."""
        return self.met / self.assessed if self.assessed else None


@dataclass(frozen=True)
class SetShares:
    code: str
    title: str
    assessments: int
    criteria: tuple[CriterionShare, ...]  # hardest first; never-assessed criteria last


@dataclass(frozen=True)
class DeadlineRow:
    assessment_id: str
    unit_id: str
    unit_name: str
    commune_name: str
    set_title: str
    state: AssessmentState
    not_met: int
    not_assessed: int
    deadline: date

    @property
    def unmet(self) -> int:
        return self.not_met + self.not_assessed


@dataclass(frozen=True)
class OverviewStats:
    scope_id: str | None
    scope_name: str
    year: int
    today: date
    units: int  # distinct units with an assessment of the year
    assessments: int
    states: tuple[StateBar, ...]  # every state in workflow order, then "not registered"
    sets: tuple[SetShares, ...]
    deadlines: tuple[DeadlineRow, ...]  # nearest deadline first, then most rows open


def scope_root(ws: Workspace, unit_id: str | None) -> Unit | None:
    """The unit whose subtree is shown: a residential area or establishment widens to its commune."""
    if unit_id is None:
        return None
    unit = ws.store.units.get(unit_id)
    if unit.kind in CHILD_KINDS and unit.parent_id is not None:
        return ws.store.units.get(unit.parent_id)
    return unit


def assessment_deadline(criterion_set: CriterionSet, year: int, period_end: date) -> date:
    """The set's earliest deadline in the period's end year; the period's end when it has none."""
    days = [date(year, d.month, d.day) for d in criterion_set.deadlines]
    return min(days) if days else period_end


def overview_stats(ws: Workspace, unit_id: str | None, year: int) -> OverviewStats:
    """Counts by state, criterion shares per set code and open assessments by deadline."""
    root = scope_root(ws, unit_id)
    root_id = root.id if root is not None else None
    stats = ws.store.statistics
    counts = {c.state: c for c in stats.state_counts(year, root_id)}
    states = [StateBar(s, counts[s].assessments if s in counts else 0) for s in AssessmentState]
    states.append(StateBar(None, stats.unregistered_count(year, root_id, CHILD_KINDS)))
    return OverviewStats(
        scope_id=root_id,
        scope_name=root.display_name if root is not None else _("All units"),
        year=year,
        today=ws.clock().date(),
        units=stats.assessed_unit_count(year, root_id),
        assessments=sum(c.assessments for c in counts.values()),
        states=tuple(states),
        sets=_set_shares(ws, year, root_id),
        deadlines=_deadline_rows(ws, year, root_id),
    )


def _set_shares(ws: Workspace, year: int, root_id: str | None) -> tuple[SetShares, ...]:
    sets: dict[str, CriterionSet] = {}  # latest version in use per code, for texts and order
    totals: dict[str, dict[str, list[int]]] = {}
    for count in ws.store.statistics.criterion_counts(year, root_id):
        s = ws.store.criteria.get(count.set_id)
        if s.code not in sets or s.version > sets[s.code].version:
            sets[s.code] = s
        row = totals.setdefault(s.code, {}).setdefault(count.ref, [0, 0, 0, 0])
        for i, n in enumerate((count.met, count.not_met, count.not_applicable, count.not_assessed)):
            row[i] += n
    out = []
    for code in sorted(sets, key=lambda c: sets[c].title):
        s = sets[code]
        texts = {c.ref: c.text for c in s.criteria}
        order = {c.ref: i for i, c in enumerate(s.criteria)}
        shares = [
            CriterionShare(ref, texts.get(ref, ""), *counts) for ref, counts in totals[code].items()
        ]
        shares.sort(
            key=lambda c: (
                c.share is None,
                c.share if c.share is not None else 0.0,
                order.get(c.ref, len(order)),
            )
        )
        assessments = max(sum(c[:4]) for c in totals[code].values())
        out.append(SetShares(code, s.title, assessments, tuple(shares)))
    return tuple(out)


def _deadline_rows(ws: Workspace, year: int, root_id: str | None) -> tuple[DeadlineRow, ...]:
    rows = []
    for o in ws.store.statistics.open_assessments(year, root_id, OPEN_STATES):
        s = ws.store.criteria.get(o.set_id)
        commune = o.unit if o.unit.kind not in CHILD_KINDS or o.parent is None else o.parent
        rows.append(
            DeadlineRow(
                assessment_id=o.assessment_id,
                unit_id=o.unit.id,
                unit_name=o.unit.display_name,
                commune_name=commune.display_name,
                set_title=s.title,
                state=o.state,
                not_met=o.not_met,
                not_assessed=o.not_assessed,
                deadline=assessment_deadline(s, year, period_bounds(s.period_rule, year)[1]),
            )
        )
    rows.sort(key=lambda r: (r.deadline, -r.unmet))
    return tuple(rows)


def state_label(state: AssessmentState | None) -> str:
    """The translated name of a state bar ("Not registered" for units without an assessment)."""
    return _(STATE_LABELS[state]) if state is not None else _("Not registered")


def overview_tables(stats: OverviewStats) -> list[Table]:
    """The dashboard's tables as plain rows for `xlsx_export` (headers in the user's language)."""
    states = Table(
        title=_("Units by state"),
        columns=(Column(_("State"), width=28), Column(_("Units"), ColumnKind.NUMBER, 10)),
        rows=[(state_label(b.state), b.count) for b in stats.states],
    )
    criteria = Table(
        title=_("Criteria"),
        columns=(
            Column(_("Criterion set"), width=40),
            Column(_("Ref"), width=8),
            Column(_("Criterion"), width=70),
            Column(_("Met"), ColumnKind.NUMBER, 8),
            Column(_("Not met"), ColumnKind.NUMBER, 10),
            Column(_("Not applicable"), ColumnKind.NUMBER, 12),
            Column(_("Not assessed"), ColumnKind.NUMBER, 12),
            Column(_("Share met"), ColumnKind.SHARE, 10),
        ),
        rows=[
            (s.title, c.ref, c.text, c.met, c.not_met, c.not_applicable, c.not_assessed, c.share)
            for s in stats.sets
            for c in s.criteria
        ],
    )
    deadlines = Table(
        title=_("Deadlines"),
        columns=(
            Column(_("Unit"), width=30),
            Column(_("Commune"), width=24),
            Column(_("Criterion set"), width=40),
            Column(_("State"), width=22),
            Column(_("Not met"), ColumnKind.NUMBER, 10),
            Column(_("Not assessed"), ColumnKind.NUMBER, 12),
            Column(_("Deadline"), ColumnKind.DATE, 12),
            Column(_("Days left"), ColumnKind.NUMBER, 10),
        ),
        rows=[
            (
                r.unit_name,
                r.commune_name,
                r.set_title,
                state_label(r.state),
                r.not_met,
                r.not_assessed,
                r.deadline,
                (r.deadline - stats.today).days,
            )
            for r in stats.deadlines
        ],
    )
    return [states, criteria, deadlines]
