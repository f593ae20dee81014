"""Set-based statistics queries, checked against the plain repositories on the demo data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE, copy_folder, demo_template, open_folder

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.units import CHILD_KINDS, Unit, UnitKind
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

YEAR = 2026


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "demo"))
    yield workspace
    workspace.close()


def _subtree(ws: Workspace, root: Unit) -> set[str]:
    found = {root.id}
    for child in ws.store.units.children(root.id, include_historic=True):
        found |= _subtree(ws, child)
    return found


def _commune(ws: Workspace) -> Unit:
    unit = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    assert unit is not None
    return unit


def test_scope_of_a_commune_is_itself_and_its_units(demo: Workspace) -> None:
    commune = _commune(demo)
    ids = set(demo.store.statistics.scope_unit_ids(commune.id))
    assert ids == _subtree(demo, commune)
    assert commune.id in ids
    assert len(ids) > 10  # the demo's residential areas and establishments


def test_state_counts_match_the_summaries(demo: Workspace) -> None:
    province_id = _commune(demo).parent_id
    assert province_id is not None
    scope = set(demo.store.statistics.scope_unit_ids(province_id))
    expected = Counter(
        s.assessment.state
        for s in demo.store.assessments.summaries(year=YEAR)
        if s.assessment.unit_id in scope
    )
    got = {c.state: c.assessments for c in demo.store.statistics.state_counts(YEAR, province_id)}
    assert got == dict(expected)
    everything = Counter(s.assessment.state for s in demo.store.assessments.summaries(year=YEAR))
    total = {c.state: c.assessments for c in demo.store.statistics.state_counts(YEAR, None)}
    assert total == dict(everything)


def test_criterion_counts_match_the_results(demo: Workspace) -> None:
    commune = _commune(demo)
    scope = _subtree(demo, commune)
    expected: Counter[tuple[str, str, ResultValue]] = Counter()
    for s in demo.store.assessments.summaries(year=YEAR, unit_ids=sorted(scope)):
        for ref, result in demo.store.assessments.results(s.assessment.id).items():
            expected[(s.assessment.set_id, ref, result.value)] += 1
    counts = demo.store.statistics.criterion_counts(YEAR, commune.id)
    got: Counter[tuple[str, str, ResultValue]] = Counter()
    for c in counts:
        got[(c.set_id, c.ref, ResultValue.MET)] += c.met
        got[(c.set_id, c.ref, ResultValue.NOT_MET)] += c.not_met
        got[(c.set_id, c.ref, ResultValue.NOT_APPLICABLE)] += c.not_applicable
        got[(c.set_id, c.ref, ResultValue.NOT_ASSESSED)] += c.not_assessed
    assert +got == +expected
    assert any(c.not_applicable for c in counts)


def test_open_assessments_leave_out_other_states_and_finished_ones(demo: Workspace) -> None:
    states = (AssessmentState.REGISTERED, AssessmentState.IN_PROGRESS)
    rows = demo.store.statistics.open_assessments(YEAR, None, states)
    assert rows
    wanted = {
        s.assessment.id: s
        for s in demo.store.assessments.summaries(year=YEAR)
        if s.assessment.state in states and s.total - s.met - s.not_applicable > 0
    }
    assert {r.assessment_id for r in rows} == set(wanted)
    for r in rows:
        s = wanted[r.assessment_id]
        assert r.not_assessed == s.total - s.done
        assert r.unit.id == s.assessment.unit_id
        assert r.parent is not None and r.parent.id == r.unit.parent_id


def test_unregistered_counts_current_child_units_without_an_assessment(demo: Workspace) -> None:
    commune = _commune(demo)
    before = demo.store.statistics.unregistered_count(YEAR, commune.id, CHILD_KINDS)
    create_child_unit(demo, commune.id, UnitKind.RESIDENTIAL_AREA, "Ấp Mới", "ấp")
    after = demo.store.statistics.unregistered_count(YEAR, commune.id, CHILD_KINDS)
    assert after == before + 1
    assert demo.store.statistics.assessed_unit_count(YEAR, commune.id) == len(
        {s.assessment.unit_id for s in demo.store.assessments.summaries(year=YEAR)}
        & _subtree(demo, commune)
    )
