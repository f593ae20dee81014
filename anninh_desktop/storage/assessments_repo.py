"""Assessments and their per-criterion results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from anninh_desktop.domain.assessments import (
    Assessment,
    AssessmentState,
    Result,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.progress import Progress
from anninh_desktop.domain.text import nfc
from anninh_desktop.storage.codec import date_to_text, text_to_date
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_A_COLUMNS = (
    "id, unit_id, set_id, year, period_start, period_end, state, registered_on, "
    "decision_number, decision_date, decided_by"
)
_R_COLUMNS = (
    "id, assessment_id, criterion_ref, value, na_reason, work_status, note, figures, "
    "responsible, due_date, remediation, points"
)


def _row_to_assessment(row: Sequence[Any]) -> Assessment:
    return Assessment(
        id=row[0],
        unit_id=row[1],
        set_id=row[2],
        year=int(row[3]),
        period_start=text_to_date(row[4]),  # type: ignore[arg-type]
        period_end=text_to_date(row[5]),  # type: ignore[arg-type]
        state=AssessmentState(row[6]),
        registered_on=text_to_date(row[7]),
        decision_number=row[8],
        decision_date=text_to_date(row[9]),
        decided_by=row[10],
    )


def _row_to_result(row: Sequence[Any]) -> Result:
    return Result(
        id=row[0],
        assessment_id=row[1],
        criterion_ref=row[2],
        value=ResultValue(row[3]),
        na_reason=row[4],
        work_status=WorkStatus(row[5]),
        note=row[6],
        figures=row[7],
        responsible=row[8],
        due_date=text_to_date(row[9]),
        remediation=row[10],
        points=row[11],
    )


def _result_record(r: Result) -> dict[str, object]:
    return {
        "id": r.id,
        "assessment_id": r.assessment_id,
        "criterion_ref": r.criterion_ref,
        "value": r.value.value,
        "na_reason": nfc(r.na_reason),
        "work_status": r.work_status.value,
        "note": nfc(r.note),
        "figures": nfc(r.figures),
        "responsible": nfc(r.responsible),
        "due_date": date_to_text(r.due_date),
        "remediation": nfc(r.remediation),
        "points": r.points,
    }


@dataclass(frozen=True)
class AssessmentSummary:
    """One assessment with its counts, for lists and overviews."""

    assessment: Assessment
    done: int
    total: int
    met: int
    not_applicable: int


_STATES = {s.value: s for s in AssessmentState}


class AssessmentTreeRow(NamedTuple):
    """One assessment as the unit tree lists it: unit, set and state (no dates, no counts)."""

    assessment_id: str
    unit_id: str
    set_id: str
    set_code: str
    set_title: str
    set_complete: bool
    state: AssessmentState


class AssessmentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # assessments -------------------------------------------------------------------------
    def add(self, a: Assessment, results: Sequence[Result], stamp: ChangeStamp) -> None:
        self._db["assessment"].insert(
            {
                "id": a.id,
                "unit_id": a.unit_id,
                "set_id": a.set_id,
                "year": a.year,
                "period_start": date_to_text(a.period_start),
                "period_end": date_to_text(a.period_end),
                "state": a.state.value,
                "registered_on": date_to_text(a.registered_on),
                "decision_number": a.decision_number,
                "decision_date": date_to_text(a.decision_date),
                "decided_by": a.decided_by,
                **stamp.columns(),
            }
        )
        self._db["result"].insert_all(
            [{**_result_record(r), **stamp.columns()} for r in results], batch_size=1000
        )

    def update(self, a: Assessment, stamp: ChangeStamp) -> None:
        self._db.execute(
            "UPDATE assessment SET state = ?, decision_number = ?, decision_date = ?, "
            "decided_by = ?, changed_by = ?, change_seq = ? WHERE id = ?",
            [
                a.state.value,
                a.decision_number,
                date_to_text(a.decision_date),
                a.decided_by,
                stamp.installation,
                stamp.seq,
                a.id,
            ],
        )

    def get(self, assessment_id: str) -> Assessment:
        row = self._db.execute(
            f"SELECT {_A_COLUMNS} FROM assessment WHERE id = ? AND deleted = 0", [assessment_id]
        ).fetchone()
        if row is None:
            raise KeyError(assessment_id)
        return _row_to_assessment(row)

    def find(self, unit_id: str, set_id: str, year: int) -> Assessment | None:
        row = self._db.execute(
            f"SELECT {_A_COLUMNS} FROM assessment WHERE unit_id = ? AND set_id = ? AND year = ? "
            "AND deleted = 0",
            [unit_id, set_id, year],
        ).fetchone()
        return _row_to_assessment(row) if row else None

    def for_unit(self, unit_id: str) -> list[Assessment]:
        rows = self._db.execute(
            f"SELECT {_A_COLUMNS} FROM assessment WHERE unit_id = ? AND deleted = 0 "
            "ORDER BY year DESC, set_id",
            [unit_id],
        ).fetchall()
        return [_row_to_assessment(r) for r in rows]

    def summaries(
        self, *, year: int | None = None, unit_ids: Sequence[str] | None = None
    ) -> list[AssessmentSummary]:
        """Assessments with their result counts in one query (for the unit list and overviews)."""
        sql = (
            f"SELECT {', '.join('a.' + c.strip() for c in _A_COLUMNS.split(','))}, "
            "count(r.id), sum(r.value != 'not_assessed'), sum(r.value = 'met'), "
            "sum(r.value = 'not_applicable') "
            "FROM assessment a LEFT JOIN result r ON r.assessment_id = a.id AND r.deleted = 0 "
            "WHERE a.deleted = 0"
        )
        params: list[object] = []
        if year is not None:
            sql += " AND a.year = ?"
            params.append(year)
        if unit_ids is not None:
            sql += f" AND a.unit_id IN ({','.join('?' for _ in unit_ids)})"
            params.extend(unit_ids)
        sql += " GROUP BY a.id ORDER BY a.year DESC"
        out = []
        for row in self._db.execute(sql, params).fetchall():
            out.append(
                AssessmentSummary(
                    assessment=_row_to_assessment(row[:11]),
                    total=int(row[11] or 0),
                    done=int(row[12] or 0),
                    met=int(row[13] or 0),
                    not_applicable=int(row[14] or 0),
                )
            )
        return out

    def states_of_children(self, parent_id: str, year: int) -> list[tuple[str, str, str | None]]:
        """(unit id, unit kind, assessment state or None) for every current child of a unit."""
        rows = self._db.execute(
            "SELECT u.id, u.kind, (SELECT a.state FROM assessment a WHERE a.unit_id = u.id "
            "AND a.year = ? AND a.deleted = 0 ORDER BY a.state = 'recognised' DESC LIMIT 1) "
            "FROM unit u WHERE u.parent_id = ? AND u.deleted = 0 AND u.valid_to IS NULL",
            [year, parent_id],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    # results -----------------------------------------------------------------------------
    def results(self, assessment_id: str) -> dict[str, Result]:
        rows = self._db.execute(
            f"SELECT {_R_COLUMNS} FROM result WHERE assessment_id = ? AND deleted = 0",
            [assessment_id],
        ).fetchall()
        return {r[2]: _row_to_result(r) for r in rows}

    def result(self, result_id: str) -> Result:
        row = self._db.execute(
            f"SELECT {_R_COLUMNS} FROM result WHERE id = ?", [result_id]
        ).fetchone()
        if row is None:
            raise KeyError(result_id)
        return _row_to_result(row)

    def save_result(self, r: Result, stamp: ChangeStamp) -> None:
        record = _result_record(r)
        record.update(stamp.columns())
        sets = ", ".join(f"{k} = :{k}" for k in record if k not in ("id",))
        self._db.execute(f"UPDATE result SET {sets} WHERE id = :id", record)

    # navigator ---------------------------------------------------------------------------
    def years(self) -> list[int]:
        """The period years that have assessments, latest first."""
        # One index seek per year (the next lower year that has a live assessment), not a scan
        # of every assessment row for its `deleted` flag: 0.03 ms instead of ~2-9 ms on province
        # data, and the start asks three times before its first paint.
        rows = self._db.execute(
            "WITH RECURSIVE y(year) AS ("
            " SELECT (SELECT year FROM assessment WHERE deleted = 0 ORDER BY year DESC LIMIT 1)"
            " UNION ALL"
            " SELECT (SELECT a.year FROM assessment a WHERE a.deleted = 0 AND a.year < y.year"
            "  ORDER BY a.year DESC LIMIT 1) FROM y WHERE y.year IS NOT NULL"
            ") SELECT year FROM y WHERE year IS NOT NULL"
        ).fetchall()
        return [int(r[0]) for r in rows]

    def tree_rows(
        self, year: int, unit_ids: Sequence[str] | None = None
    ) -> list[AssessmentTreeRow]:
        """Set and state of every assessment of a year (or of some units), in one query.

        No result is read (see `progress_of`) and no set definition is parsed: the title comes
        from the set's table column.
        """
        sql = (
            "SELECT a.id, a.unit_id, a.set_id, s.code, s.title, s.complete, a.state "
            "FROM assessment a JOIN criterion_set s ON s.id = a.set_id "
            "WHERE a.deleted = 0 AND a.year = ?"
        )
        params: list[object] = [year]
        if unit_ids is not None:
            sql += " AND a.unit_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(unit_ids)))
        return [
            AssessmentTreeRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), _STATES[r[6]])
            for r in self._db.execute(sql, params).fetchall()
        ]

    def progress_of(
        self, assessment_ids: Sequence[str] | None = None, *, year: int | None = None
    ) -> dict[str, Progress]:
        """Result counts of some assessments, or of every assessment of a year, in one query."""
        if assessment_ids is not None:
            ids_sql = "SELECT value FROM json_each(?)"
            params: list[object] = [json.dumps(list(assessment_ids))]
        elif year is not None:
            ids_sql = "SELECT id FROM assessment WHERE year = ? AND deleted = 0"
            params = [year]
        else:
            raise ValueError("progress_of needs assessment ids or a year")
        rows = self._db.execute(
            "SELECT assessment_id, count(*), sum(value != 'not_assessed'), sum(value = 'met'), "
            "sum(value = 'not_met'), sum(value = 'not_applicable') FROM result "
            f"WHERE deleted = 0 AND assessment_id IN ({ids_sql}) GROUP BY assessment_id",
            params,
        ).fetchall()
        return {
            r[0]: Progress(
                total=int(r[1]),
                done=int(r[2] or 0),
                met=int(r[3] or 0),
                not_met=int(r[4] or 0),
                not_applicable=int(r[5] or 0),
            )
            for r in rows
        }

    def lacking_evidence(self, year: int, required: Sequence[tuple[str, str]]) -> set[str]:
        """Ids of the year's assessments with a required-evidence row that has no linked item.

        `required` lists (set id, criterion ref) pairs whose criterion asks for evidence; rows
        marked not applicable need none.
        """
        if not required:
            return set()
        rows = self._db.execute(
            "WITH req(set_id, ref) AS (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') FROM json_each(?)) "
            "SELECT DISTINCT a.id FROM assessment a "
            "JOIN req ON req.set_id = a.set_id "
            "JOIN result r ON r.assessment_id = a.id AND r.criterion_ref = req.ref "
            "WHERE a.deleted = 0 AND a.year = ? AND r.deleted = 0 "
            "AND r.value != 'not_applicable' AND NOT EXISTS (SELECT 1 FROM evidence_link l "
            "WHERE l.result_id = r.id AND l.deleted = 0)",
            [json.dumps([list(p) for p in required]), year],
        ).fetchall()
        return {r[0] for r in rows}
