"""The navigator's unit tree on the commune demo: scope, assessments, search, filters, history."""

from __future__ import annotations

from fixtures.workspaces import MAIN_COMMUNE_CODE

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services import navigator_service as nav


def _main(ws):
    return ws.store.units.by_code(MAIN_COMMUNE_CODE)


def _names(tree, ids):
    return sorted(tree.units[u].display_name for u in ids)


def test_default_tree_holds_the_office_units_and_their_ancestors(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    main = _main(demo_ws)
    assert [tree.units[r].display_name for r in tree.roots()] == ["Tỉnh Cà Mau"]
    assert main.id in tree.children[main.parent_id]
    children = tree.children[main.id]
    assert len(children) == 15
    assert {tree.units[c].kind for c in children} <= set(CHILD_KINDS)
    # only communes that matter, not the 3,321 official ones, and nothing historic
    assert len(tree.units) < 40
    assert not any(u.historic for u in tree.units.values())


def test_all_units_scope_has_every_current_commune(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026, nav.TreeScope(all_units=True))
    communes = [u for u in tree.units.values() if u.kind is UnitKind.COMMUNE]
    assert len(communes) == 3321
    assert len(tree.roots()) == 34


def test_main_assessment_is_the_complete_set_and_the_other_is_kept(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    main = _main(demo_ws)
    items = tree.assessments[main.id]
    assert [a.set_code for a in items] == ["tt124-xa-phuong", "qd9745-xa-dien-hinh"]
    assert tree.main_assessment(main.id) is items[0]
    assert items[1].state is AssessmentState.SELF_ASSESSED
    assert tree.progress == {}  # counts are read only for listed nodes
    nav.ensure_progress(demo_ws, tree, [main.id])
    assert tree.progress[items[1].assessment_id].label == "32/34"
    assert tree.progress[items[0].assessment_id].label == "14/15"


def test_year_change_shows_that_years_states(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    area = next(u for u in tree.units.values() if u.name == "Đường Cuốc")
    assert tree.main_assessment(area.id).state is AssessmentState.IN_PROGRESS
    nav.change_year(demo_ws, tree, 2025)
    assert tree.year == 2025
    assert tree.main_assessment(area.id).state is AssessmentState.NOT_RECOGNISED
    main = _main(demo_ws)
    assert len(tree.assessments[main.id]) == 1  # the exemplary set was assessed in 2026 only


def test_years_and_default_year(demo_ws) -> None:
    assert nav.default_year(demo_ws) == 2026
    assert nav.period_years(demo_ws)[:2] == [2026, 2025]


def test_search_ignores_diacritics_and_d(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026, nav.TreeScope(all_units=True))
    plain = nav.filter_tree(tree, nav.TreeFilter(text="chau hung"))
    marked = nav.filter_tree(tree, nav.TreeFilter(text="Châu Hưng"))
    assert plain == marked
    assert "Xã Châu Hưng" in _names(tree, plain.matched)
    # the province above a match is shown, but is not a match itself
    for unit_id in plain.matched:
        assert tree.units[unit_id].parent_id in plain.visible
    assert not any(tree.units[u].kind is UnitKind.PROVINCE for u in plain.matched)

    office = nav.load_tree(demo_ws, 2026)
    for text in ("duong cuoc", "Đường Cuốc", "DUONG", "ap duong"):
        found = nav.filter_tree(office, nav.TreeFilter(text=text))
        assert _names(office, found.matched) == ["Ấp Đường Cuốc"], text


def test_search_matches_word_starts_and_codes(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    found = _names(tree, nav.filter_tree(tree, nav.TreeFilter(text="xa ho ky")).matched)
    assert found == ["Bưu điện văn hóa xã Hồ Thị Kỷ", "Trạm Y tế xã Hồ Thị Kỷ", "Xã Hồ Thị Kỷ"]
    assert nav.filter_tree(tree, nav.TreeFilter(text="uong")).matched == frozenset()
    by_code = nav.filter_tree(tree, nav.TreeFilter(text=MAIN_COMMUNE_CODE))
    assert _names(tree, by_code.matched) == ["Xã Hồ Thị Kỷ"]


def test_typing_on_narrows_within_the_previous_matches(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    first = nav.TreeFilter(text="ap h")
    second = nav.TreeFilter(text="ap hoa t")
    assert nav.narrows(first, second)
    assert not nav.narrows(second, first)
    wide = nav.filter_tree(tree, first)
    narrow = nav.filter_tree(tree, second, within=wide.matched)
    assert narrow == nav.filter_tree(tree, second)
    assert _names(tree, narrow.matched) == ["Ấp Hòa Thành"]


def test_kind_and_state_filters(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    areas = nav.filter_tree(tree, nav.TreeFilter(kinds=frozenset({UnitKind.RESIDENTIAL_AREA})))
    assert len(areas.matched) == 10
    assert all(tree.units[u].kind is UnitKind.RESIDENTIAL_AREA for u in areas.matched)

    recognised = nav.filter_tree(
        tree, nav.TreeFilter(states=frozenset({AssessmentState.RECOGNISED}))
    )
    assert recognised.matched
    for unit_id in recognised.matched:
        assert AssessmentState.RECOGNISED in {a.state for a in tree.assessments[unit_id]}
    assert len(recognised.matched) < len(tree.assessments)


def test_not_registered_filter_finds_communes_without_assessment(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026, nav.TreeScope(all_units=True))
    free = nav.filter_tree(tree, nav.TreeFilter(states=frozenset({None}), text="chau hung"))
    assert "Xã Châu Hưng" in _names(tree, free.matched)
    assert _main(demo_ws).id not in free.matched


def test_unmet_filter(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    nav.ensure_all_progress(demo_ws, tree)
    unmet = nav.filter_tree(tree, nav.TreeFilter(unmet=True))
    expected = {
        unit_id
        for unit_id, items in tree.assessments.items()
        if any(
            tree.progress[a.assessment_id].met + tree.progress[a.assessment_id].not_applicable
            < tree.progress[a.assessment_id].total
            for a in items
        )
    }
    assert unmet.matched == expected
    assert _main(demo_ws).id in unmet.matched  # 14/15 and 32/34
    assert 0 < len(expected) < len(tree.assessments)


def test_lacks_evidence_filter_follows_links(demo_ws) -> None:
    tree = nav.load_tree(demo_ws, 2026)
    lacking = nav.lacking_evidence(demo_ws, 2026)
    assert lacking
    shown = nav.filter_tree(tree, nav.TreeFilter(lacks_evidence=True), lacking)
    assessment_id = sorted(lacking)[0]
    unit_id = next(
        u
        for u, items in tree.assessments.items()
        for a in items
        if a.assessment_id == assessment_id
    )
    assert unit_id in shown.matched

    a = demo_ws.store.assessments.get(assessment_id)
    criterion_set = demo_ws.store.criteria.get(a.set_id)
    refs = [c.ref for c in criterion_set.assessable_criteria() if c.required_evidence]
    item = evidence_service.add_content(
        demo_ws,
        a.unit_id,
        b"%PDF-1.4 test",
        "bien-ban.pdf",
        evidence_service.EvidenceMetadata(
            title="Biên bản", kind=criterion_set.criterion(refs[0]).required_evidence[0]
        ),
    )
    for ref in refs:
        evidence_service.link(demo_ws, item.id, a.id, ref)
    assert assessment_id not in nav.lacking_evidence(demo_ws, 2026)


def test_historic_units_show_with_their_successors(demo_ws) -> None:
    main = _main(demo_ws)
    plain = nav.load_tree(demo_ws, 2026)
    tree = nav.load_tree(demo_ws, 2026, nav.TreeScope(historic=True))
    assert set(plain.units) < set(tree.units)
    old = [u for u in tree.units.values() if u.historic]
    assert old
    old_commune = next(u for u in old if u.kind is UnitKind.COMMUNE and u.name == "Hồ Thị Kỷ")
    assert old_commune.valid_to is not None
    # its old district and old province are in the tree too
    assert len(tree.ancestors(old_commune.id)) == 2
    assert "Xã Hồ Thị Kỷ" in nav.successor_names(demo_ws, old_commune.id)
    assert main.id in tree.units


def test_refresh_reads_changed_units_again(demo_ws) -> None:
    from anninh_desktop.domain.assessments import ResultValue
    from anninh_desktop.services import assessment_service

    tree = nav.load_tree(demo_ws, 2026)
    area = next(u for u in tree.units.values() if u.name == "Đường Cuốc")
    nav.ensure_progress(demo_ws, tree, [area.id])
    a = tree.main_assessment(area.id)
    before = tree.progress[a.assessment_id]
    results = demo_ws.store.assessments.results(a.assessment_id)
    ref = next(r for r, res in results.items() if res.value is ResultValue.NOT_ASSESSED)
    assessment_service.update_result(demo_ws, a.assessment_id, ref, value=ResultValue.MET)
    assert nav.refresh_assessments(demo_ws, tree, [area.id, "not-in-tree"]) == [area.id]
    assert tree.progress[a.assessment_id].met == before.met + 1
