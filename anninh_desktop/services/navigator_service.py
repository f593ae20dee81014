"""The unit tree of the navigator: units, their assessments of one period year, search and filters.

Everything the first paint needs comes from three set-based queries (units with their ancestors,
the year's assessments with result counts, the list of years); no criterion set definition is
parsed. Search and filters then run in memory over a folded index (diacritics dropped, đ → d).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.periods import PERIOD_16_NOV, period_year_of
from anninh_desktop.domain.progress import Progress
from anninh_desktop.domain.text import fold
from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.services.clock import today
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.assessments_repo import AssessmentTreeRow
from anninh_desktop.storage.units_repo import UnitEntry

# One assessment of a unit in the chosen year (unit, set, state); its counts are in
# `UnitTree.progress`. The storage row as it is: the tree holds thousands.
TreeAssessment = AssessmentTreeRow


class TreeUnit(NamedTuple):
    """A unit as a node of the tree (no successor links: those are read when asked for).

    A tuple: thousands are made at every start, and a frozen dataclass costs five times more.
    """

    id: str
    kind: UnitKind
    name: str
    display_name: str
    code: str
    parent_id: str | None
    valid_from: date | None
    valid_to: date | None
    search_text: str  # " " + folded display name + " " + code: word starts are " " + word

    @property
    def historic(self) -> bool:
        return self.valid_to is not None


@dataclass(frozen=True)
class TreeScope:
    """Which units the tree holds: the office's units by default, or every official unit."""

    all_units: bool = False
    historic: bool = False


@dataclass
class UnitTree:
    """The units of a scope with the assessments of one year; children lists are unsorted."""

    year: int
    scope: TreeScope
    units: dict[str, TreeUnit]
    children: dict[str | None, list[str]]
    assessments: dict[str, list[TreeAssessment]] = field(default_factory=dict)
    # Result counts by assessment id, read for the nodes the view lists (see `ensure_progress`).
    progress: dict[str, Progress] = field(default_factory=dict)
    all_progress: bool = False
    _index: list[tuple[str, str]] | None = field(default=None, repr=False)

    def search_index(self) -> list[tuple[str, str]]:
        """(unit id, search text) of every unit, built on first use."""
        if self._index is None:
            self._index = [(u.id, u.search_text) for u in self.units.values()]
        return self._index

    def roots(self) -> list[str]:
        return self.children.get(None, [])

    def ancestors(self, unit_id: str) -> list[str]:
        """Ids above the unit, nearest first, as far as the tree holds them."""
        chain: list[str] = []
        parent = self.units[unit_id].parent_id if unit_id in self.units else None
        while parent is not None and parent in self.units:
            chain.append(parent)
            parent = self.units[parent].parent_id
        return chain

    def main_assessment(self, unit_id: str) -> TreeAssessment | None:
        """The assessment a node shows (a complete set such as TT124 before a partial frame)."""
        found = self.assessments.get(unit_id)
        return found[0] if found else None


@dataclass(frozen=True)
class TreeFilter:
    """What the user narrowed the tree to; an empty filter shows every unit of the scope."""

    text: str = ""
    kinds: frozenset[UnitKind] = frozenset()
    states: frozenset[AssessmentState | None] = frozenset()  # None: not registered that year
    unmet: bool = False
    lacks_evidence: bool = False

    @property
    def active(self) -> bool:
        return bool(
            self.text.strip() or self.kinds or self.states or self.unmet or self.lacks_evidence
        )


@dataclass(frozen=True)
class FilterResult:
    """Units that match, and those shown (the matches and every unit above them)."""

    matched: frozenset[str]
    visible: frozenset[str]


# ---------------------------------------------------------------------------------- loading


def period_years(ws: Workspace) -> list[int]:
    """Years to choose from: those with assessments and the current period's year, latest first."""
    years = set(ws.store.assessments.years())
    years.add(period_year_of(PERIOD_16_NOV, today(ws.clock)))
    return sorted(years, reverse=True)


def default_year(ws: Workspace) -> int:
    """The latest year that has assessments, else the year of the current period."""
    years = ws.store.assessments.years()
    return years[0] if years else period_year_of(PERIOD_16_NOV, today(ws.clock))


def _tree_unit(entry: UnitEntry, folded_subtypes: dict[str, str]) -> TreeUnit:
    display = entry.display_name
    subtype = folded_subtypes.get(entry.subtype)
    if subtype is None:
        subtype = folded_subtypes[entry.subtype] = fold(entry.subtype)
    # The stored folded name saves a fold() per unit; the subtype is prefixed as display_name does.
    folded = entry.name_folded if display == entry.name else f"{subtype} {entry.name_folded}"
    return TreeUnit(
        entry.id,
        entry.kind,
        entry.name,
        display,
        entry.code,
        entry.parent_id,
        entry.valid_from,
        entry.valid_to,
        f" {folded} {entry.code}",
    )


def _sort_key(a: TreeAssessment) -> tuple[bool, str]:
    return (not a.set_complete, a.set_code)


def _group_assessments(rows: Iterable[AssessmentTreeRow]) -> dict[str, list[TreeAssessment]]:
    grouped: dict[str, list[TreeAssessment]] = {}
    for row in rows:
        found = grouped.get(row.unit_id)
        if found is None:
            grouped[row.unit_id] = [row]
        else:
            found.append(row)
            found.sort(key=_sort_key)
    return grouped


def load_tree(ws: Workspace, year: int, scope: TreeScope = TreeScope()) -> UnitTree:
    """The units of the scope with the assessments of `year` (no counts yet), in two queries."""
    units_repo = ws.store.units
    if scope.all_units:
        entries = units_repo.all_entries(include_historic=scope.historic)
    else:
        entries = units_repo.in_use_with_ancestors(with_predecessors=scope.historic)
    folded_subtypes: dict[str, str] = {}
    units: dict[str, TreeUnit] = {}
    for entry in entries:
        if entry.valid_to is None or scope.historic:
            units[entry.id] = _tree_unit(entry, folded_subtypes)
    if not scope.all_units:
        _add_office_unit(ws, units)
    children: dict[str | None, list[str]] = {}
    for unit in units.values():
        parent = unit.parent_id if unit.parent_id in units else None
        children.setdefault(parent, []).append(unit.id)
    tree = UnitTree(year=year, scope=scope, units=units, children=children)
    change_year(ws, tree, year)
    return tree


def _add_office_unit(ws: Workspace, units: dict[str, TreeUnit]) -> None:
    """The office's own unit and those above it are in the tree even before anything is
    registered: a new data folder opens on its own commune, not on an empty list."""
    current = office_unit_id(ws)
    while current is not None and current not in units:
        try:
            unit = ws.store.units.get(current)
        except KeyError:
            return
        units[unit.id] = TreeUnit(
            unit.id,
            unit.kind,
            unit.name,
            unit.display_name,
            unit.code,
            unit.parent_id,
            unit.valid_from,
            unit.valid_to,
            f" {fold(unit.display_name)} {unit.code}",
        )
        current = unit.parent_id


def change_year(ws: Workspace, tree: UnitTree, year: int) -> None:
    """Put the assessments of another year into the tree (the units stay), in one query."""
    grouped = _group_assessments(ws.store.assessments.tree_rows(year))
    tree.year = year
    tree.assessments = {u: items for u, items in grouped.items() if u in tree.units}
    tree.progress = {}
    tree.all_progress = False


def ensure_progress(ws: Workspace, tree: UnitTree, unit_ids: Iterable[str]) -> None:
    """Read the result counts of these units' assessments, unless the tree has them already."""
    if tree.all_progress:
        return
    missing = [
        a.assessment_id
        for unit_id in unit_ids
        for a in tree.assessments.get(unit_id, ())
        if a.assessment_id not in tree.progress
    ]
    if missing:
        tree.progress.update(ws.store.assessments.progress_of(missing))


def ensure_all_progress(ws: Workspace, tree: UnitTree) -> None:
    """Read the result counts of every assessment of the tree's year (for the unmet filter)."""
    if not tree.all_progress:
        tree.progress = ws.store.assessments.progress_of(year=tree.year)
        tree.all_progress = True


def refresh_assessments(ws: Workspace, tree: UnitTree, unit_ids: Iterable[str]) -> list[str]:
    """Read again the year's assessments of these units into the tree; returns the ids updated."""
    wanted = [u for u in dict.fromkeys(unit_ids) if u in tree.units]
    if not wanted:
        return []
    fresh = _group_assessments(ws.store.assessments.tree_rows(tree.year, wanted))
    ids = [a.assessment_id for unit_id in wanted for a in fresh.get(unit_id, ())]
    progress = ws.store.assessments.progress_of(ids)
    for unit_id in wanted:
        for old in tree.assessments.pop(unit_id, ()):
            tree.progress.pop(old.assessment_id, None)
        if unit_id in fresh:
            tree.assessments[unit_id] = fresh[unit_id]
    tree.progress.update(progress)
    return wanted


def lacking_evidence(ws: Workspace, year: int) -> set[str]:
    """Ids of the year's assessments with a criterion that asks for evidence and has none linked.

    Each set version used that year is read once (versions are immutable and cached), then one
    aggregate query finds the results without a link.
    """
    set_ids = {row.set_id for row in ws.store.assessments.tree_rows(year)}
    required: list[tuple[str, str]] = []
    for set_id in sorted(set_ids):
        criterion_set = ws.store.criteria.get(set_id)
        required.extend(
            (set_id, c.ref) for c in criterion_set.assessable_criteria() if c.required_evidence
        )
    return ws.store.assessments.lacking_evidence(year, required)


def successor_names(ws: Workspace, unit_id: str) -> list[str]:
    """Display names of the units that replaced a historic unit (read on demand, e.g. a tooltip)."""
    unit = ws.store.units.get(unit_id)
    return [ws.store.units.get(s).display_name for s in unit.successor_ids]


# ---------------------------------------------------------------------------------- filtering

# Kinds that have assessments: a state filter never matches a province or a district.
CERTIFIED = frozenset({UnitKind.COMMUNE, *CHILD_KINDS})


def _unmet(progress: Progress | None) -> bool:
    """Rows not met or not assessed yet (None: counts not read, see `ensure_all_progress`)."""
    return progress is not None and progress.total - progress.met - progress.not_applicable > 0


def _match_assessments(
    items: list[TreeAssessment] | None,
    flt: TreeFilter,
    lacking: set[str] | frozenset[str],
    progress: dict[str, Progress],
) -> bool:
    if flt.states:
        states = {a.state for a in items} if items else {None}
        if not states & flt.states:
            return False
    if flt.unmet and not any(_unmet(progress.get(a.assessment_id)) for a in items or ()):
        return False
    if flt.lacks_evidence and not any(a.assessment_id in lacking for a in items or ()):
        return False
    return True


def filter_tree(
    tree: UnitTree,
    flt: TreeFilter,
    lacking: set[str] | frozenset[str] = frozenset(),
    *,
    within: Iterable[str] | None = None,
) -> FilterResult:
    """Units matching every part of the filter, plus their ancestors.

    The "unmet" part needs every count: call `ensure_all_progress` first.

    Search words match the starts of words of the folded display name or the code ("chau hung"
    finds "Xã Châu Hưng", "ap 3" finds "Ấp 3" but not "Ấp 13"). `within` limits the scan to an
    earlier, narrower result (while the user keeps typing the same word).
    """
    words = [f" {w}" for w in fold(flt.text).split()]
    units = tree.units
    if within is not None:
        candidates = [(u, units[u].search_text) for u in within]
    else:
        candidates = tree.search_index()
    # One comprehension per word: the per-keystroke cost is a substring test per unit.
    for word in words:
        candidates = [c for c in candidates if word in c[1]]
    by_state = bool(flt.states or flt.unmet or flt.lacks_evidence)
    matched: list[str] = []
    for unit_id, _text in candidates:
        unit = units[unit_id]
        if flt.kinds and unit.kind not in flt.kinds:
            continue
        if by_state and (
            unit.kind not in CERTIFIED
            or not _match_assessments(tree.assessments.get(unit_id), flt, lacking, tree.progress)
        ):
            continue
        matched.append(unit_id)
    visible = set(matched)
    for unit_id in matched:
        parent = units[unit_id].parent_id
        while parent is not None and parent not in visible and parent in units:
            visible.add(parent)
            parent = units[parent].parent_id
    return FilterResult(matched=frozenset(matched), visible=frozenset(visible))


def narrows(previous: TreeFilter, current: TreeFilter) -> bool:
    """Whether `current` can only match a subset of what `previous` matched (typing on)."""
    return (
        previous.kinds == current.kinds
        and previous.states == current.states
        and previous.unmet == current.unmet
        and previous.lacks_evidence == current.lacks_evidence
        and fold(current.text).startswith(fold(previous.text))
    )
