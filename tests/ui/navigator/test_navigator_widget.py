"""The navigator pane on the commune demo: tree, search, filters, year, selection, keyboard."""

from __future__ import annotations

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from PySide6.QtCore import Qt
from typing_helpers import type_text

from anninh_desktop.ui.navigator import NavigatorWidget
from anninh_desktop.ui.navigator.tree_model import COL_NAME, COL_PROGRESS, COL_STATE


@pytest.fixture()
def navigator(qtbot, demo_workspace):
    widget = NavigatorWidget(demo_workspace)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    return widget


def _shown(widget, parent=None, column=COL_NAME) -> list[str]:
    """Texts of every node the view has open (as a user scrolling through it sees them)."""
    from PySide6.QtCore import QModelIndex

    model, tree = widget.model, widget.tree
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, column, parent)
        out.append(model.data(index))
        name = index.siblingAtColumn(COL_NAME)
        if tree.isExpanded(name):
            out.extend(_shown(widget, name, column))
    return out


def _index(widget, name: str, column=COL_NAME):
    unit = next(u for u in widget.model.tree.units.values() if u.display_name == name)
    return widget.model.index_of(unit.id, column)


def test_tree_shows_state_and_progress_in_vietnamese(qtbot, demo_workspace, vietnamese) -> None:
    widget = NavigatorWidget(demo_workspace)
    qtbot.addWidget(widget)
    widget.show()
    names = _shown(widget)
    assert names[0] == "Tỉnh Cà Mau"
    assert "Xã Hồ Thị Kỷ" in names and "Ấp Tân Hưng" in names  # small tree: opened fully
    model = widget.model
    main = _index(widget, "Xã Hồ Thị Kỷ")
    assert model.data(main.siblingAtColumn(COL_STATE)) == "Đã tự đánh giá"
    assert model.data(main.siblingAtColumn(COL_PROGRESS)).startswith("14/15")  # + the other set
    tip = model.data(main, Qt.ItemDataRole.ToolTipRole)
    exemplary = next(line for line in tip.splitlines() if "điển hình" in line)
    assert "Đã tự đánh giá" in exemplary and "32/34" in exemplary


def test_children_in_vietnamese_order(navigator) -> None:
    names = _shown(navigator)
    areas = [n for n in names if n.startswith("Ấp ")]
    assert areas.index("Ấp Cây Khô") < areas.index("Ấp Đường Cuốc") < areas.index("Ấp Hòa Thành")
    # residential areas come before establishments under the commune
    assert names.index("Ấp Thị Tường") < names.index("Trường THCS Hồ Thị Kỷ")


def test_search_without_diacritics_shows_the_match_and_esc_clears(qtbot, navigator) -> None:
    navigator.search.setFocus()
    type_text(navigator.search, "duong cuoc")
    names = _shown(navigator)
    assert names == ["Tỉnh Cà Mau", "Xã Hồ Thị Kỷ", "Ấp Đường Cuốc"]
    assert "1" in navigator.summary.text() or qtbot.waitUntil(
        lambda: "1" in navigator.summary.text()
    )
    qtbot.keyClick(navigator.search, Qt.Key.Key_Escape)
    assert navigator.search.text() == ""
    assert "Ấp Tân Hưng" in _shown(navigator)


def test_search_with_diacritics_and_d(navigator) -> None:
    type_text(navigator.search, "Đường")
    assert _shown(navigator)[-1] == "Ấp Đường Cuốc"


def test_selecting_a_unit_emits_its_id(qtbot, navigator, demo_workspace) -> None:
    main = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    with qtbot.waitSignal(navigator.unitSelected) as signal:
        navigator.tree.setCurrentIndex(_index(navigator, "Xã Hồ Thị Kỷ"))
    assert signal.args == [main.id]
    assert navigator.current_unit_id() == main.id


def test_keyboard_from_search_to_first_match_and_enter(qtbot, navigator) -> None:
    navigator.focus_search()
    type_text(navigator.search, "tan hung")
    with qtbot.waitSignal(navigator.unitSelected) as signal:
        qtbot.keyClick(navigator.search, Qt.Key.Key_Down)
    unit = navigator.model.tree.units[signal.args[0]]
    assert unit.display_name == "Ấp Tân Hưng"
    assert navigator.tree.hasFocus() or navigator.tree.currentIndex().isValid()
    with qtbot.waitSignal(navigator.unitSelected) as again:  # Enter opens it again
        qtbot.keyClick(navigator.tree, Qt.Key.Key_Return)
    assert again.args == signal.args


def test_select_unit_opens_its_parents(navigator, demo_workspace) -> None:
    type_text(navigator.search, "cay kho")
    area = next(u for u in navigator.model.tree.units.values() if u.name == "Tân Hưng")
    navigator.select_unit(area.id)  # hidden by the search: the search is cleared
    assert navigator.search.text() == ""
    assert navigator.current_unit_id() == area.id


def test_kind_and_state_filters(navigator) -> None:
    combo = navigator.kind_combo
    combo.setCurrentIndex(combo.findText("Residential area"))
    names = _shown(navigator)
    assert [n for n in names if not n.startswith(("Tỉnh", "Xã"))] == [
        n for n in names if n.startswith("Ấp ")
    ]
    assert len([n for n in names if n.startswith("Ấp ")]) == 10
    combo.setCurrentIndex(0)
    navigator.state_combo.setCurrentIndex(navigator.state_combo.findText("Recognised"))
    rows = zip(_shown(navigator), _shown(navigator, column=COL_STATE), strict=True)
    states = {state for name, state in rows if name != "Xã Hồ Thị Kỷ"}  # an ancestor only
    assert states == {"", "Recognised"}  # the province has no state


def test_unmet_and_evidence_filters(qtbot, navigator) -> None:
    navigator.unmet_check.click()
    unmet = _shown(navigator)
    assert "Xã Hồ Thị Kỷ" in unmet
    for progress in filter(None, _shown(navigator, column=COL_PROGRESS)):
        met, applicable = progress.split()[0].split("/")
        assert int(met) < int(applicable) or "+" in progress
    navigator.unmet_check.click()
    navigator.evidence_check.click()
    lacking = _shown(navigator)
    assert 1 < len(lacking) < len(_all := navigator.model.tree.units)
    assert _all


def test_year_switch_repaints_states(qtbot, navigator) -> None:
    assert navigator.year() == 2026
    area = _index(navigator, "Ấp Đường Cuốc", COL_STATE)
    assert navigator.model.data(area) == "In progress"
    with qtbot.waitSignal(navigator.yearChanged) as signal:
        navigator.year_combo.setCurrentIndex(navigator.year_combo.findData(2025))
    assert signal.args == [2025]
    assert navigator.model.data(_index(navigator, "Ấp Đường Cuốc", COL_STATE)) == "Not recognised"
    main = _index(navigator, "Xã Hồ Thị Kỷ", COL_PROGRESS)
    assert "+" not in navigator.model.data(main)  # one assessment in 2025


def test_all_official_units_and_former_units(qtbot, navigator) -> None:
    navigator.all_units_check.click()
    type_text(navigator.search, "chau hung")
    assert "Xã Châu Hưng" in _shown(navigator)
    navigator.search.clear()
    navigator.all_units_check.click()
    navigator.historic_check.click()
    type_text(navigator.search, "ho thi ky")
    names = _shown(navigator)
    assert "Xã Hồ Thị Kỷ (former)" in names and "Xã Hồ Thị Kỷ" in names
    former = next(
        navigator.model.index_of(u.id)
        for u in navigator.model.tree.units.values()
        if u.historic and u.name == "Hồ Thị Kỷ" and u.kind.value == "commune"
    )
    tip = navigator.model.data(former, Qt.ItemDataRole.ToolTipRole)
    assert "Replaced by: " in tip and "Xã Hồ Thị Kỷ" in tip and "30/06/2025" in tip


def test_refresh_units_repaints_progress(navigator, demo_workspace) -> None:
    from anninh_desktop.domain.assessments import ResultValue
    from anninh_desktop.services import assessment_service

    tree = navigator.model.tree
    area = next(u for u in tree.units.values() if u.name == "Đường Cuốc")
    a = tree.main_assessment(area.id)
    before = navigator.model.data(navigator.model.index_of(area.id, COL_PROGRESS))
    results = demo_workspace.store.assessments.results(a.assessment_id)
    ref = next(r for r, res in results.items() if res.value is ResultValue.NOT_ASSESSED)
    assessment_service.update_result(demo_workspace, a.assessment_id, ref, value=ResultValue.MET)
    navigator.refresh_units([area.id])
    after = navigator.model.data(navigator.model.index_of(area.id, COL_PROGRESS))
    assert int(after.split("/")[0]) == int(before.split("/")[0]) + 1
