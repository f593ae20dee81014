"""Set-based counts for the overview dashboard: a handful of GROUP BY queries over a scope of units.

A scope is a unit and everything below it (a recursive walk over `unit.parent_id`), or the whole
store. Every query works on the scope in SQL, so a province's 100,000 result rows are counted by
SQLite in one pass instead of one query per assessment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.units_repo import _COLUMNS as _UNIT_COLUMNS
from anninh_desktop.storage.units_repo import _row_to_unit

# The units of the scope, as a CTE named `scope(id)`; the root itself is part of it.
_SCOPE_CTE = (
    "WITH RECURSIVE scope(id) AS ("
    " SELECT id FROM unit WHERE id = ? AND deleted = 0"
    " UNION SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id WHERE u.deleted = 0"
    ") "
)


@dataclass(frozen=True)
class StateCount:
    state: AssessmentState
    assessments: int
    units: int


@dataclass(frozen=True)
class CriterionCount:
    """Results of one criterion of one set version over the scope's assessments of a year."""

    set_id: str
    ref: str
    met: int
    not_met: int
    not_applicable: int
    not_assessed: int


@dataclass(frozen=True)
class OpenAssessment:
    """An assessment with rows not met or not assessed, with its unit and the unit's parent."""

    assessment_id: str
    set_id: str
    state: AssessmentState
    unit: Unit
    parent: Unit | None
    not_met: int
    not_assessed: int


def _unit_columns(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _UNIT_COLUMNS.split(","))


class StatisticsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _scoped(self, root_id: str | None, sql: str, params: list[object]) -> list[tuple]:
        """Run `sql` with `{scope}` replaced by a filter on the assessment's unit."""
        if root_id is None:
            return self._db.execute(sql.format(scope="1 = 1"), params).fetchall()
        return self._db.execute(
            _SCOPE_CTE + sql.format(scope="a.unit_id IN (SELECT id FROM scope)"),
            [root_id, *params],
        ).fetchall()

    def scope_unit_ids(self, root_id: str) -> list[str]:
        """Ids of the unit and of every unit below it (current and historic)."""
        rows = self._db.execute(_SCOPE_CTE + "SELECT id FROM scope", [root_id]).fetchall()
        return [r[0] for r in rows]

    def state_counts(self, year: int, root_id: str | None) -> list[StateCount]:
        """Assessments of the year per state (and how many distinct units they belong to)."""
        rows = self._scoped(
            root_id,
            "SELECT a.state, count(*), count(DISTINCT a.unit_id) FROM assessment a "
            "WHERE a.deleted = 0 AND a.year = ? AND {scope} GROUP BY a.state",
            [year],
        )
        return [StateCount(AssessmentState(r[0]), int(r[1]), int(r[2])) for r in rows]

    def assessed_unit_count(self, year: int, root_id: str | None) -> int:
        """Distinct units of the scope with at least one assessment of the year."""
        rows = self._scoped(
            root_id,
            "SELECT count(DISTINCT a.unit_id) FROM assessment a "
            "WHERE a.deleted = 0 AND a.year = ? AND {scope}",
            [year],
        )
        return int(rows[0][0])

    def unregistered_count(self, year: int, root_id: str | None, kinds: Iterable[UnitKind]) -> int:
        """Current units of the given kinds in the scope without any assessment of the year."""
        kind_values = [k.value for k in kinds]
        marks = ",".join("?" for _ in kind_values)
        sql = (
            f"SELECT count(*) FROM unit u WHERE u.deleted = 0 AND u.valid_to IS NULL "
            f"AND u.kind IN ({marks}) AND NOT EXISTS (SELECT 1 FROM assessment a "
            "WHERE a.unit_id = u.id AND a.year = ? AND a.deleted = 0)"
        )
        params: list[object] = [*kind_values, year]
        if root_id is None:
            return int(self._db.execute(sql, params).fetchone()[0])
        sql = _SCOPE_CTE + sql + " AND u.id IN (SELECT id FROM scope)"
        return int(self._db.execute(sql, [root_id, *params]).fetchone()[0])

    def criterion_counts(self, year: int, root_id: str | None) -> list[CriterionCount]:
        """Per set version and criterion ref: how many results are met, not met, N/A, open."""
        rows = self._scoped(
            root_id,
            "SELECT a.set_id, r.criterion_ref, sum(r.value = 'met'), sum(r.value = 'not_met'), "
            "sum(r.value = 'not_applicable'), sum(r.value = 'not_assessed') "
            "FROM assessment a JOIN result r ON r.assessment_id = a.id AND r.deleted = 0 "
            "WHERE a.deleted = 0 AND a.year = ? AND {scope} "
            "GROUP BY a.set_id, r.criterion_ref",
            [year],
        )
        return [
            CriterionCount(r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows
        ]

    def open_assessments(
        self, year: int, root_id: str | None, states: Sequence[AssessmentState]
    ) -> list[OpenAssessment]:
        """Assessments of the year in the given states with at least one row not met or open."""
        marks = ",".join("?" for _ in states)
        rows = self._scoped(
            root_id,
            # Count first, then fetch the units of the (few) assessments that remain.
            "SELECT o.id, o.set_id, o.state, o.not_met, o.not_assessed, "
            f"{_unit_columns('u')}, {_unit_columns('p')} FROM ("
            "SELECT a.id, a.set_id, a.state, a.unit_id, sum(r.value = 'not_met') AS not_met, "
            "sum(r.value = 'not_assessed') AS not_assessed "
            "FROM assessment a JOIN result r ON r.assessment_id = a.id AND r.deleted = 0 "
            f"WHERE a.deleted = 0 AND a.year = ? AND a.state IN ({marks}) AND {{scope}} "
            "GROUP BY a.id HAVING not_met + not_assessed > 0) o "
            "JOIN unit u ON u.id = o.unit_id LEFT JOIN unit p ON p.id = u.parent_id",
            [year, *(s.value for s in states)],
        )
        width = len(_UNIT_COLUMNS.split(","))
        out = []
        parents: dict[str, Unit] = {}  # a hundred communes stand above a thousand units
        for r in rows:
            parent_row = r[5 + width : 5 + 2 * width]
            parent = None
            if parent_row[0] is not None:
                parent = parents.get(parent_row[0])
                if parent is None:
                    parent = parents[parent_row[0]] = _row_to_unit(parent_row)
            out.append(
                OpenAssessment(
                    assessment_id=r[0],
                    set_id=r[1],
                    state=AssessmentState(r[2]),
                    unit=_row_to_unit(r[5 : 5 + width]),
                    parent=parent,
                    not_met=int(r[3]),
                    not_assessed=int(r[4]),
                )
            )
        return out
