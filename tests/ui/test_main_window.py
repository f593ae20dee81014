"""The whole window on the demo data, driven as a user would: the one smoke test of the composition.

Each part has its own tests; these check that the window wires them together: selecting a unit shows
its assessment, an edit updates the header and the navigator, undo goes through the window's Edit
menu, a dropped file counts on the criterion, a refused transition shows why, a new unit appears in
the navigator, and the language switches without losing the place or the work.
"""

from __future__ import annotations

import pytest
from demo_helpers import reopened_commune_assessment
from PySide6.QtCore import Qt
from typing_helpers import drop

from anninh_desktop import i18n
from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.workflow import results_locked
from anninh_desktop.ui.main_window import TAB_CRITERIA, TAB_OVERVIEW, MainWindow

COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _summary(ws, unit_id, code):
    for s in ws.store.assessments.summaries(unit_ids=[unit_id]):
        if ws.store.criteria.get(s.assessment.set_id).code == code and s.assessment.year == 2026:
            return s
    raise AssertionError(code)


def _open_commune(window, ws):
    commune = ws.store.units.by_code(COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    return commune


def _choose(window, assessment_id):
    chooser = window.assessment.header.view.chooser
    for row in range(chooser.count()):
        if chooser.itemData(row) == assessment_id:
            chooser.setCurrentIndex(row)
            return
    raise AssertionError("assessment not offered in the header")


def test_selecting_a_unit_shows_its_assessment_in_vietnamese(qtbot, demo_workspace, vietnamese):
    from anninh_desktop.ui.tasks import InlineTaskRunner

    window = MainWindow(demo_workspace, tasks=InlineTaskRunner())
    qtbot.addWidget(window)
    commune = _open_commune(window, demo_workspace)
    header = window.assessment.header
    assert header.current_assessment_id() is not None
    assert commune.display_name in header.view.unit_label.text()
    assert window.assessment.checklist.current_ref() is not None
    assert window.menuBar().actions()[0].text() == i18n._("&File")
    assert i18n._("&File") != "&File"  # the catalog is in force


def test_a_result_set_by_keyboard_updates_header_and_navigator_and_undo_reverts_it(
    qtbot, window, demo_workspace
):
    ws = demo_workspace
    reopened_commune_assessment(ws)  # self-assessed in the demo: reopened for editing
    commune = _open_commune(window, ws)
    target = _summary(ws, commune.id, "tt124-xa-phuong")
    assert not results_locked(target.assessment)
    _choose(window, target.assessment.id)
    checklist = window.assessment.checklist
    before = ws.store.assessments.results(target.assessment.id)
    ref = next(r for r, res in before.items() if res.value is ResultValue.MET)
    checklist.select_ref(ref)
    bar = window.assessment.header.view.progress_bar
    met_before = bar.value()
    checklist.tree.setFocus()
    qtbot.keyClick(checklist.tree, Qt.Key.Key_2)
    assert ws.store.assessments.results(target.assessment.id)[ref].value is ResultValue.NOT_MET
    assert bar.value() == met_before - 1
    index = window.navigator.model.index_of(commune.id)
    shown = window.navigator.model.data(index.siblingAtColumn(2), Qt.ItemDataRole.DisplayRole)
    assert shown.startswith(f"{met_before - 1}/")

    window.undo_action.trigger()
    assert ws.store.assessments.results(target.assessment.id)[ref].value is ResultValue.MET
    assert bar.value() == met_before
    window.redo_action.trigger()
    assert ws.store.assessments.results(target.assessment.id)[ref].value is ResultValue.NOT_MET


def test_a_file_dropped_on_the_evidence_pane_counts_on_the_current_criterion(
    qtbot, window, demo_workspace, tmp_path
):
    ws = demo_workspace
    reopened_commune_assessment(ws)
    commune = _open_commune(window, ws)
    target = _summary(ws, commune.id, "tt124-xa-phuong")
    _choose(window, target.assessment.id)
    checklist = window.assessment.checklist
    ref = checklist.current_ref()
    before = ws.store.evidence.counts_by_criterion(target.assessment.id).get(ref, 0)
    scan = tmp_path / "Biên bản họp.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert drop(window.assessment.evidence, [scan])
    assert ws.store.evidence.counts_by_criterion(target.assessment.id)[ref] == before + 1
    assert checklist.model.evidence_count(ref) == before + 1


def test_a_refused_transition_shows_its_reason(qtbot, window, demo_workspace):
    ws = demo_workspace
    summary = next(
        s
        for s in ws.store.assessments.summaries(year=2026)
        if s.assessment.state is AssessmentState.IN_PROGRESS and s.done < s.total
    )
    window.navigator.select_unit(summary.assessment.unit_id)
    _choose(window, summary.assessment.id)
    view = window.assessment.header.view
    buttons = [b for b in view.actions_box.findChildren(type(view.register_button))]
    assert buttons and not any(b.isEnabled() for b in buttons)
    assert view.reasons_label.isVisibleTo(window)
    assert "not yet assessed" in view.reasons_label.text()


def test_a_new_unit_appears_in_the_navigator_and_is_selected(qtbot, window, demo_workspace):
    from typing_helpers import type_text

    from anninh_desktop.ui.assessment import NewUnitDialog

    commune = _open_commune(window, demo_workspace)
    window.assessment.header.view.new_unit_button.click()
    dialog = window.assessment.header.findChild(NewUnitDialog)
    assert dialog is not None
    dialog.name_edit.setFocus()
    type_text(dialog.name_edit, "Ấp Mới Đông")
    dialog.ok_button.click()
    children = demo_workspace.store.units.children(commune.id)
    new = [u for u in children if u.display_name == "Ấp Mới Đông"]
    assert len(new) == 1
    assert window.navigator.current_unit_id() == new[0].id
    assert window.assessment.header.current_assessment_id() is not None  # registered at once


def test_switching_the_language_keeps_the_place_and_the_work(qtbot, window, demo_workspace):
    ws = demo_workspace
    reopened_commune_assessment(ws)
    commune = _open_commune(window, ws)
    checklist = window.assessment.checklist
    assessment_id = window.assessment.header.current_assessment_id()
    ref = checklist.current_ref()
    old_value = ws.store.assessments.results(assessment_id)[ref].value
    new_value = ResultValue.NOT_MET if old_value is ResultValue.MET else ResultValue.MET
    checklist.tree.setFocus()
    qtbot.keyClick(
        checklist.tree, Qt.Key.Key_2 if new_value is ResultValue.NOT_MET else Qt.Key.Key_1
    )
    assert ws.store.assessments.results(assessment_id)[ref].value is new_value
    window.tabs.setCurrentIndex(TAB_OVERVIEW)
    window.switch_language("vi")
    try:
        assert window.menuBar().actions()[0].text() == "&Tệp"
        assert window.navigator.current_unit_id() == commune.id
        assert window.assessment.header.current_assessment_id() == assessment_id
        assert window.assessment.checklist.current_ref() == ref
        assert window.tabs.currentIndex() == TAB_OVERVIEW
        assert window.preferences.language() == "vi"
        # The edit made before the switch still undoes, through the new checklist.
        assert window.undo_action.isEnabled()
        window.undo_action.trigger()
        assert ws.store.assessments.results(assessment_id)[ref].value is old_value
        assert window.assessment.checklist.model.result(ref).value is old_value
    finally:
        window.switch_language("en")
    assert window.menuBar().actions()[0].text() == "&File"


def test_tabs_are_built_when_first_shown_and_ctrl_f_finds_a_criterion(qtbot, window):
    assert not window.overview_tab.created and not window.criteria_tab.created
    window.tabs.setCurrentIndex(TAB_CRITERIA)
    assert window.criteria_tab.created
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0
    assert window.assessment.checklist.find_box.hasFocus()


def test_the_last_unit_reopens_right_after_the_first_paint(qtbot, demo_workspace, inline_tasks):
    from anninh_desktop.ui.preferences import Preferences

    commune = demo_workspace.store.units.by_code(COMMUNE_CODE)
    preferences = Preferences(demo_workspace.root / "settings.ini")
    preferences.set_last_unit(commune.id)
    w = MainWindow(demo_workspace, tasks=inline_tasks, preferences=preferences)
    qtbot.addWidget(w)
    # The first paint shows the unit tree only; the assessment page waits for it.
    assert not w.assessment_tab.created
    with qtbot.waitSignals([w.firstPainted, w.startFinished], order="strict", timeout=5000):
        w.show()
    assert w.assessment_tab.created
    assert w.navigator.current_unit_id() == commune.id
    assert w.assessment.header.view.unit_label.text().startswith(f"Xã {commune.name}")


def test_a_unit_chosen_during_the_start_stays_chosen(qtbot, demo_workspace, inline_tasks):
    from anninh_desktop.ui.preferences import Preferences

    commune = demo_workspace.store.units.by_code(COMMUNE_CODE)
    preferences = Preferences(demo_workspace.root / "settings.ini")
    preferences.set_last_unit(commune.id)
    w = MainWindow(demo_workspace, tasks=inline_tasks, preferences=preferences)
    qtbot.addWidget(w)
    chosen: list[str] = []

    def choose_another() -> None:  # the user clicks a unit while the start goes on
        other = next(u for u in w.navigator.model.tree.roots() if u != commune.id)
        w.navigator.select_unit(other)
        chosen.append(other)

    w.firstPainted.connect(choose_another)
    with qtbot.waitSignal(w.startFinished, timeout=5000):
        w.show()
    assert chosen and w.navigator.current_unit_id() == chosen[0]
    assert w.assessment.header.view.unit_label.text()


def test_movement_tab_follows_the_unit_list_and_the_trust_store_opens_from_file(qtbot, window):
    from anninh_desktop.ui.dossier.trust_dialog import TrustDialog

    commune = _open_commune(window, window._ws)
    assert not window.movement_tab.created
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.movement_tab and window.movement_tab.created
    year = window.navigator.year()
    assert window.movement.title.text() == f"{commune.display_name} — year {year}"
    province = window._ws.store.units.get(commune.parent_id)
    window.navigator.select_unit(province.id)
    assert window.movement.title.text() == f"{province.display_name} — year {year}"

    window.trust_action.trigger()
    assert isinstance(window.trust_dialog, TrustDialog) and window.trust_dialog.isVisible()
    window.trust_dialog.reject()
