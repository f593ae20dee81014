"""Set-based reads of the unit tree, checked against the one-by-one repository methods."""

from __future__ import annotations

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder

from anninh_desktop.domain.progress import progress


@pytest.fixture
def demo_ws(tmp_path_factory, tmp_path):
    ws = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "demo"))
    yield ws
    ws.close()


def test_in_use_units_come_with_every_ancestor(demo_ws) -> None:
    entries = demo_ws.store.units.in_use_with_ancestors()
    ids = {e.id for e in entries}
    assessed = {s.assessment.unit_id for s in demo_ws.store.assessments.summaries()}
    assert assessed <= ids
    for entry in entries:
        unit = demo_ws.store.units.get(entry.id)
        assert entry.to_unit() == unit  # same as the slow path
        assert entry.display_name == unit.display_name
        if entry.parent_id is not None:
            assert entry.parent_id in ids
    assert not any(e.is_historic for e in entries)


def test_predecessors_are_followed_back(demo_ws) -> None:
    entries = demo_ws.store.units.in_use_with_ancestors(with_predecessors=True)
    historic = [e for e in entries if e.is_historic]
    assert historic
    ids = {e.id for e in entries}
    for unit in historic:
        assert unit.parent_id is None or unit.parent_id in ids


def test_all_entries_and_folded_names(demo_ws) -> None:
    current = demo_ws.store.units.all_entries()
    everything = demo_ws.store.units.all_entries(include_historic=True)
    assert len(everything) == demo_ws.store.units.count()
    assert len(current) < len(everything)
    by_name = {e.name: e.name_folded for e in current}
    assert by_name["Hồ Thị Kỷ"] == "ho thi ky"


def test_years_skip_deleted_assessments(demo_ws) -> None:
    repo, db = demo_ws.store.assessments, demo_ws.store.db

    def distinct() -> list[int]:  # the plain query years() replaces
        rows = db.execute(
            "SELECT DISTINCT year FROM assessment WHERE deleted = 0 ORDER BY year DESC"
        ).fetchall()
        return [r[0] for r in rows]

    assert repo.years() == distinct() == [2026, 2025]
    # A year whose first rows (by the index) are deleted still counts; one with none left not.
    first = db.execute("SELECT id FROM assessment WHERE year = 2026 ORDER BY unit_id LIMIT 1")
    db.execute("UPDATE assessment SET deleted = 1 WHERE id = ?", [first.fetchone()[0]])
    assert repo.years() == distinct() == [2026, 2025]
    db.execute("UPDATE assessment SET deleted = 1 WHERE year = 2025")
    assert repo.years() == distinct() == [2026]
    db.execute("UPDATE assessment SET deleted = 0 WHERE year = 2025")
    db.execute("UPDATE assessment SET deleted = 1 WHERE year = 2026")
    assert repo.years() == distinct() == [2025]
    db.execute("UPDATE assessment SET deleted = 1")
    assert repo.years() == distinct() == []


def test_tree_rows_and_progress_match_the_assessments(demo_ws) -> None:
    repo = demo_ws.store.assessments
    assert repo.years() == [2026, 2025]
    rows = repo.tree_rows(2026)
    assert len(rows) == len(repo.summaries(year=2026))
    counts = repo.progress_of(year=2026)
    assert set(counts) == {r.assessment_id for r in rows}
    for row in rows[:5]:
        a = repo.get(row.assessment_id)
        assert (row.unit_id, row.set_id, row.state) == (a.unit_id, a.set_id, a.state)
        expected = progress(demo_ws.store.criteria.get(a.set_id), repo.results(a.id))
        assert counts[row.assessment_id] == expected
    some = [rows[0].assessment_id, rows[1].assessment_id]
    assert repo.progress_of(some) == {k: counts[k] for k in some}
    assert len(repo.tree_rows(2026, [rows[0].unit_id])) >= 1


def test_lacking_evidence_needs_required_pairs(demo_ws) -> None:
    repo = demo_ws.store.assessments
    assert repo.lacking_evidence(2026, []) == set()
    rows = repo.tree_rows(2026)
    unknown = [(rows[0].set_id, "no-such-ref")]
    assert repo.lacking_evidence(2026, unknown) == set()
