"""The row ids whose audit events make up the history of a unit, an assessment or one criterion.

An assessment's history holds the events of the assessment, its results, their appraisal
verdicts, their evidence links, the evidence linked to them and its documents. A unit's holds its
own events, its assessments' and all of its evidence. A criterion's: its result, verdicts, links and
linked evidence.
"""

from __future__ import annotations

from anninh_desktop.storage.database import Database


def _column(db: Database, sql: str, params: list[object]) -> set[str]:
    return {str(r[0]) for r in db.execute(sql, params).fetchall()}


def result_ids(db: Database, assessment_id: str) -> set[str]:
    return _column(db, "SELECT id FROM result WHERE assessment_id = ?", [assessment_id])


def of_results(db: Database, results: set[str]) -> set[str]:
    """The results themselves, their verdicts, their links and the evidence linked to them."""
    out = set(results)
    ordered = sorted(results)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        out |= _column(db, f"SELECT id FROM appraisal WHERE result_id IN ({marks})", [*chunk])
        out |= _column(db, f"SELECT id FROM evidence_link WHERE result_id IN ({marks})", [*chunk])
        out |= _column(
            db, f"SELECT evidence_id FROM evidence_link WHERE result_id IN ({marks})", [*chunk]
        )
    return out


def of_assessment(db: Database, assessment_id: str) -> set[str]:
    out = {assessment_id} | of_results(db, result_ids(db, assessment_id))
    out |= _column(db, "SELECT id FROM document WHERE assessment_id = ?", [assessment_id])
    return out


def of_unit(db: Database, unit_id: str) -> set[str]:
    out = {unit_id}
    for assessment_id in _column(db, "SELECT id FROM assessment WHERE unit_id = ?", [unit_id]):
        out |= of_assessment(db, assessment_id)
    out |= _column(db, "SELECT id FROM evidence WHERE unit_id = ?", [unit_id])
    return out


def _named(db: Database, sql: str, ids: set[str]) -> dict[str, str]:
    ordered = sorted(ids)
    out: dict[str, str] = {}
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        out |= {str(r[0]): str(r[1]) for r in db.execute(sql.format(marks=marks), chunk)}
    return out


def result_refs(db: Database, ids: set[str]) -> dict[str, str]:
    """Criterion ref of each result id (results of any assessment)."""
    return _named(db, "SELECT id, criterion_ref FROM result WHERE id IN ({marks})", ids)


def evidence_titles(db: Database, ids: set[str]) -> dict[str, str]:
    return _named(db, "SELECT id, title FROM evidence WHERE id IN ({marks})", ids)


def link_targets(db: Database, ids: set[str]) -> dict[str, str]:
    """The result id of each evidence link id."""
    return _named(db, "SELECT id, result_id FROM evidence_link WHERE id IN ({marks})", ids)


def appraisal_results(db: Database, ids: set[str]) -> dict[str, str]:
    """The result id of each appraisal id."""
    return _named(db, "SELECT id, result_id FROM appraisal WHERE id IN ({marks})", ids)
