"""Appraisal verdicts (one per result and appraising level) and the assessments waiting for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from anninh_desktop.domain.appraisal import Appraisal, Verdict
from anninh_desktop.domain.text import nfc
from anninh_desktop.storage.codec import datetime_to_text, text_to_datetime
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_COLUMNS = "id, result_id, level, verdict, comment, appraiser, at"


def _row(row: Sequence[Any]) -> Appraisal:
    return Appraisal(
        id=row[0],
        result_id=row[1],
        level=row[2],
        verdict=Verdict(row[3]),
        comment=row[4],
        appraiser=row[5],
        at=text_to_datetime(row[6]),
    )


class AppraisalRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def for_assessment(self, assessment_id: str) -> dict[str, list[Appraisal]]:
        """Criterion ref → its verdicts (one per level), for the assessment's results."""
        rows = self._db.execute(
            f"SELECT r.criterion_ref, {', '.join('a.' + c for c in _COLUMNS.split(', '))} "
            "FROM appraisal a JOIN result r ON r.id = a.result_id "
            "WHERE r.assessment_id = ? AND a.deleted = 0 ORDER BY r.criterion_ref, a.level",
            [assessment_id],
        ).fetchall()
        out: dict[str, list[Appraisal]] = {}
        for r in rows:
            out.setdefault(r[0], []).append(_row(r[1:]))
        return out

    def get(self, appraisal_id: str) -> Appraisal | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM appraisal WHERE id = ?", [appraisal_id]
        ).fetchone()
        return None if row is None else _row(row)

    def save(self, a: Appraisal, stamp: ChangeStamp) -> None:
        """Insert or change the verdict (the row id is fixed by result and level)."""
        record = {
            "id": a.id,
            "result_id": a.result_id,
            "level": a.level,
            "verdict": a.verdict.value,
            "comment": nfc(a.comment),
            "appraiser": nfc(a.appraiser),
            "at": datetime_to_text(a.at),
            "deleted": 0,
            **stamp.columns(),
        }
        names = list(record)
        self._db.execute(
            f"INSERT INTO appraisal ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)}) "
            "ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{n} = excluded.{n}" for n in names if n != "id"),
            [record[n] for n in names],
        )

    def return_reason(self, assessment_id: str) -> str:
        """The reason the appraising office gave when it last returned the assessment."""
        row = self._db.execute(
            "SELECT return_reason FROM assessment WHERE id = ?", [assessment_id]
        ).fetchone()
        return "" if row is None else str(row[0])

    def set_return_reason(self, assessment_id: str, reason: str, stamp: ChangeStamp) -> None:
        """Record the reason of a return (a change of the assessment row, which then travels)."""
        columns = stamp.columns()
        self._db.execute(
            "UPDATE assessment SET return_reason = ?, changed_by = ?, change_seq = ? WHERE id = ?",
            [nfc(reason), columns["changed_by"], columns["change_seq"], assessment_id],
        )

    def assessments_in_states(self, states: Iterable[str]) -> list[tuple[str, str]]:
        """(assessment id, unit id) of every live assessment in one of `states`."""
        wanted = list(states)
        rows = self._db.execute(
            "SELECT id, unit_id FROM assessment WHERE deleted = 0 AND state IN "
            f"({', '.join('?' for _ in wanted)}) ORDER BY unit_id, year, id",
            wanted,
        ).fetchall()
        return [(r[0], r[1]) for r in rows]
