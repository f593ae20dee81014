"""Overview statistics on the demo data, checked against an independent count from the repositories."""

from __future__ import annotations

from collections import Counter
from datetime import date

from fixtures.workspaces import MAIN_COMMUNE_CODE, OTHER_COMMUNE_CODE

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.overview_stats import (
    FINAL_STATES,
    OverviewStats,
    overview_stats,
    overview_tables,
)
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

YEAR = 2026


def _unit(ws: Workspace, code: str) -> Unit:
    unit = ws.store.units.by_code(code)
    assert unit is not None
    return unit


def _subtree(ws: Workspace, root: Unit) -> set[str]:
    found = {root.id}
    for child in ws.store.units.children(root.id, include_historic=True):
        found |= _subtree(ws, child)
    return found


def _state_counts(stats: OverviewStats) -> dict[AssessmentState, int]:
    return {b.state: b.count for b in stats.states if b.state is not None and b.count}


def test_commune_scope_counts_its_own_units_only(demo_ws: Workspace) -> None:
    commune = _unit(demo_ws, MAIN_COMMUNE_CODE)
    scope = _subtree(demo_ws, commune)
    summaries = [
        s for s in demo_ws.store.assessments.summaries(year=YEAR) if s.assessment.unit_id in scope
    ]
    stats = overview_stats(demo_ws, commune.id, YEAR)
    assert stats.scope_name == commune.display_name
    assert stats.assessments == len(summaries)
    assert stats.units == len({s.assessment.unit_id for s in summaries})
    assert _state_counts(stats) == dict(Counter(s.assessment.state for s in summaries))
    assert [b.state for b in stats.states][-1] is None  # "not registered" comes last


def test_province_scope_includes_the_other_communes(demo_ws: Workspace) -> None:
    commune = _unit(demo_ws, MAIN_COMMUNE_CODE)
    other = _unit(demo_ws, OTHER_COMMUNE_CODE)
    assert commune.parent_id is not None
    province = overview_stats(demo_ws, commune.parent_id, YEAR)
    local = overview_stats(demo_ws, commune.id, YEAR)
    everything = overview_stats(demo_ws, None, YEAR)
    assert province.assessments > local.assessments
    assert everything.assessments == len(demo_ws.store.assessments.summaries(year=YEAR))
    in_province = _subtree(demo_ws, demo_ws.store.units.get(commune.parent_id))
    assert other.id in in_province
    assert province.assessments == sum(
        s.assessment.unit_id in in_province for s in demo_ws.store.assessments.summaries(year=YEAR)
    )
    assert all(r.commune_name == commune.display_name for r in local.deadlines)


def test_a_residential_area_widens_to_its_commune(demo_ws: Workspace) -> None:
    commune = _unit(demo_ws, MAIN_COMMUNE_CODE)
    area = demo_ws.store.units.of_kinds([UnitKind.RESIDENTIAL_AREA], parent_id=commune.id)[0]
    stats = overview_stats(demo_ws, area.id, YEAR)
    assert stats.scope_id == commune.id


def test_shares_leave_out_not_applicable_and_open_rows(demo_ws: Workspace) -> None:
    commune = _unit(demo_ws, MAIN_COMMUNE_CODE)
    scope = _subtree(demo_ws, commune)
    # Independent count: every result of every assessment of the scope, by set code and ref.
    values: dict[tuple[str, str], Counter[ResultValue]] = {}
    for s in demo_ws.store.assessments.summaries(year=YEAR, unit_ids=sorted(scope)):
        code = demo_ws.store.criteria.get(s.assessment.set_id).code
        for ref, result in demo_ws.store.assessments.results(s.assessment.id).items():
            values.setdefault((code, ref), Counter())[result.value] += 1
    stats = overview_stats(demo_ws, commune.id, YEAR)
    seen_na = False
    for set_shares in stats.sets:
        for c in set_shares.criteria:
            counted = values[(set_shares.code, c.ref)]
            met, not_met = counted[ResultValue.MET], counted[ResultValue.NOT_MET]
            assert (c.met, c.not_met) == (met, not_met)
            assert c.not_applicable == counted[ResultValue.NOT_APPLICABLE]
            assert c.share == (met / (met + not_met) if met + not_met else None)
            seen_na = seen_na or c.not_applicable > 0
        shares = [c.share for c in set_shares.criteria if c.share is not None]
        assert shares == sorted(shares)  # hardest first
    assert seen_na  # the demo has "not applicable" rows, so the exclusion was exercised


def test_deadlines_nearest_first_then_most_open_rows(demo_ws: Workspace) -> None:
    stats = overview_stats(demo_ws, None, YEAR)
    rows = stats.deadlines
    assert len(rows) >= 3
    keys = [(r.deadline, -r.unmet) for r in rows]
    assert keys == sorted(keys)
    assert all(r.state not in FINAL_STATES and r.unmet > 0 for r in rows)
    residential = [r for r in rows if "Khu dân cư" in r.set_title]
    communes = [r for r in rows if r.set_title.startswith("Xã, phường, thị trấn đạt")]
    assert residential and all(r.deadline == date(YEAR, 11, 15) for r in residential)
    assert communes and all(r.deadline == date(YEAR, 11, 20) for r in communes)


def test_new_child_unit_counts_as_not_registered(demo_ws: Workspace) -> None:
    commune = _unit(demo_ws, MAIN_COMMUNE_CODE)
    before = overview_stats(demo_ws, commune.id, YEAR).states[-1].count
    create_child_unit(demo_ws, commune.id, UnitKind.SCHOOL, "Trường Tiểu học Mới")
    assert overview_stats(demo_ws, commune.id, YEAR).states[-1].count == before + 1


def test_export_tables_are_plain_rows_with_translated_headers(demo_ws: Workspace) -> None:
    stats = overview_stats(demo_ws, _unit(demo_ws, MAIN_COMMUNE_CODE).id, YEAR)
    states, criteria, deadlines = overview_tables(stats)
    assert [c.header for c in states.columns] == [_("State"), _("Units")]
    assert sum(row[1] for row in states.rows) == stats.assessments + stats.states[-1].count
    assert len(criteria.rows) == sum(len(s.criteria) for s in stats.sets)
    assert len(deadlines.rows) == len(stats.deadlines)
    first = deadlines.rows[0]
    assert first[6] == stats.deadlines[0].deadline
    assert first[7] == (stats.deadlines[0].deadline - stats.today).days
