"""What is still missing ("còn thiếu gì") in one unit, a commune with all its units, or the whole
office's area: criteria not met or not yet assessed, criteria without the evidence they require,
with the remediation plan, the person in charge and the due date; overdue items first.

The PDF (`pdf.py`), the Excel workbook (`xlsx.py`) and the command line lay out this one content.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.assessments import Assessment, ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.text import fold
from anninh_desktop.domain.units import CHILD_KINDS, Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.assessment_service import checklist
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace

Progress = Callable[[int, int, str], None]


class Scope(enum.StrEnum):
    UNIT = "unit"  # the unit alone
    WITH_UNITS = "with-units"  # the unit and every unit under it
    AREA = "area"  # the office's whole area (every unit when the office is not set up)


class Problem(enum.StrEnum):
    NOT_MET = "not_met"
    NOT_ASSESSED = "not_assessed"
    NO_EVIDENCE = "no_evidence"  # the criterion requires evidence and has none linked


@dataclass(frozen=True)
class MissingItem:
    unit: Unit
    assessment: Assessment
    set_title: str
    ref: str
    text: str
    value: ResultValue
    problems: tuple[Problem, ...]
    required: tuple[EvidenceKind, ...]  # the kinds asked for when evidence is missing
    remediation: str
    responsible: str
    due_date: date | None
    overdue_days: int  # days past the due date (0: not overdue or no due date)

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


@dataclass(frozen=True)
class UnitSection:
    """One assessment of the scope with its missing items (overdue first, then by due date)."""

    unit: Unit
    assessment: Assessment
    set_title: str
    met: int
    applicable: int
    items: tuple[MissingItem, ...]

    def count(self, problem: Problem) -> int:
        return sum(1 for item in self.items if problem in item.problems)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


@dataclass(frozen=True)
class MissingReport:
    scope: Scope
    root: Unit | None  # the unit asked for (None: every unit of the store)
    scope_name: str
    year: int
    today: date
    sections: tuple[UnitSection, ...]
    unregistered: tuple[Unit, ...]  # units under a commune of the scope with no assessment

    @property
    def items(self) -> tuple[MissingItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def overdue_items(self) -> tuple[MissingItem, ...]:
        """Every overdue item of the scope, longest overdue first."""
        found = [item for item in self.items if item.overdue]
        return tuple(sorted(found, key=lambda i: -i.overdue_days))


def _sort_key(item: MissingItem, order: int) -> tuple[object, ...]:
    return (
        not item.overdue,
        item.due_date is None,
        item.due_date or date.max,
        order,
    )


def _subtree(ws: Workspace, root: Unit) -> list[Unit]:
    """The unit and every current unit under it, parents before their children."""
    out: list[Unit] = []
    stack = [root]
    seen: set[str] = set()
    while stack:
        unit = stack.pop(0)
        if unit.id in seen:
            continue
        seen.add(unit.id)
        out.append(unit)
        stack[0:0] = ws.store.units.children(unit.id)
    return out


def _tree_key(ws: Workspace, units: dict[str, Unit]) -> Callable[[str], tuple[object, ...]]:
    """Order for units gathered from everywhere: each commune followed by its own units."""
    names: dict[str, str] = {}

    def commune_name(unit: Unit) -> str:
        if unit.kind not in CHILD_KINDS or unit.parent_id is None:
            return fold(unit.name)
        if unit.parent_id not in names:
            names[unit.parent_id] = fold(ws.store.units.get(unit.parent_id).name)
        return names[unit.parent_id]

    def key(unit_id: str) -> tuple[object, ...]:
        unit = units[unit_id]
        return (unit.kind is not UnitKind.PROVINCE, commune_name(unit), unit.kind in CHILD_KINDS,
                unit.kind, fold(unit.name))  # fmt: skip

    return key


def scope_units(ws: Workspace, unit_id: str | None, scope: Scope) -> tuple[Unit | None, list[Unit]]:
    """The root of the scope and its units, in tree order (None and [] for "every unit")."""
    if scope is Scope.AREA:
        unit_id = office_unit_id(ws)
        if unit_id is None:
            return None, []
        return ws.store.units.get(unit_id), _subtree(ws, ws.store.units.get(unit_id))
    if unit_id is None:
        raise UserError(_("Choose a unit for the report."))
    root = ws.store.units.get(unit_id)
    if scope is Scope.UNIT:
        return root, [root]
    return root, _subtree(ws, root)


def section_for(ws: Workspace, assessment: Assessment, today: date) -> UnitSection:
    view = checklist(ws, assessment.id)
    items: list[tuple[MissingItem, int]] = []
    for order, criterion in enumerate(view.criterion_set.assessable_criteria()):
        result = view.results.get(criterion.ref)
        value = result.value if result is not None else ResultValue.NOT_ASSESSED
        problems: list[Problem] = []
        if value is ResultValue.NOT_MET:
            problems.append(Problem.NOT_MET)
        elif value is ResultValue.NOT_ASSESSED:
            problems.append(Problem.NOT_ASSESSED)
        lacks = (
            bool(criterion.required_evidence)
            and value is not ResultValue.NOT_APPLICABLE
            and view.evidence_counts.get(criterion.ref, 0) == 0
        )
        if lacks:
            problems.append(Problem.NO_EVIDENCE)
        if not problems:
            continue
        due = result.due_date if result is not None else None
        overdue = (today - due).days if due is not None and due < today else 0
        item = MissingItem(
            unit=view.unit,
            assessment=assessment,
            set_title=view.criterion_set.title,
            ref=criterion.ref,
            text=criterion.text,
            value=value,
            problems=tuple(problems),
            required=criterion.required_evidence if lacks else (),
            remediation=result.remediation.strip() if result is not None else "",
            responsible=result.responsible.strip() if result is not None else "",
            due_date=due,
            overdue_days=overdue,
        )
        items.append((item, order))
    items.sort(key=lambda pair: _sort_key(*pair))
    return UnitSection(
        unit=view.unit,
        assessment=assessment,
        set_title=view.criterion_set.title,
        met=view.progress.met,
        applicable=view.progress.applicable,
        items=tuple(item for item, _order in items),
    )


def missing_report(
    ws: Workspace,
    unit_id: str | None,
    scope: Scope = Scope.UNIT,
    *,
    year: int | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MissingReport:
    """Everything still missing in the scope's assessments of `year` (default: the latest year in
    which the scope has an assessment)."""
    root, units = scope_units(ws, unit_id, scope)
    every_unit = scope is Scope.AREA and root is None
    wanted = None if every_unit else [u.id for u in units]
    summaries = ws.store.assessments.summaries(unit_ids=wanted) if wanted != [] else []
    years = sorted({s.assessment.year for s in summaries})
    if year is None:
        year = years[-1] if years else ws.clock().date().year
    chosen = [s.assessment for s in summaries if s.assessment.year == year]
    order = {u.id: i for i, u in enumerate(units)}
    unit_cache: dict[str, Unit] = {u.id: u for u in units}
    if every_unit:
        for a in chosen:
            if a.unit_id not in unit_cache:
                unit_cache[a.unit_id] = ws.store.units.get(a.unit_id)
        order = {uid: i for i, uid in enumerate(sorted(unit_cache, key=_tree_key(ws, unit_cache)))}
    chosen.sort(key=lambda a: (order.get(a.unit_id, len(order)), a.set_id))
    today = ws.clock().date()
    sections: list[UnitSection] = []
    for done, assessment in enumerate(chosen):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, len(chosen), unit_cache[assessment.unit_id].display_name)
        sections.append(section_for(ws, assessment, today))
    assessed = {a.unit_id for a in chosen}
    unregistered = tuple(
        u
        for u in units
        if scope is not Scope.UNIT and u.kind in CHILD_KINDS and u.id not in assessed
    )
    name = root.display_name if root is not None else _("All units")
    return MissingReport(
        scope=scope,
        root=root,
        scope_name=name,
        year=year,
        today=today,
        sections=tuple(sections),
        unregistered=unregistered,
    )
