"""Setting results by keys and mouse, moving with J/K, text that saves itself, refusals."""

from __future__ import annotations

import unicodedata

import pytest
from checklist_helpers import find_assessment
from PySide6.QtCore import Qt
from typing_helpers import type_text

from anninh_desktop.domain.assessments import ResultValue, WorkStatus

NOTE = "Đã họp dân ở ấp Thị Tường, thống nhất kế hoạch"


@pytest.fixture()
def registered(checklist, demo_workspace):
    """The registered (untouched) commune assessment, shown."""
    aid = find_assessment(demo_workspace, "tt124-xa-phuong", "registered")
    checklist.show_assessment(aid)
    return aid


def _stored(ws, aid, ref):
    return ws.store.assessments.results(aid)[ref]


def test_keys_set_the_result_of_the_current_row(checklist, demo_workspace, registered, qtbot):
    changed = []
    checklist.resultsChanged.connect(changed.append)
    checklist.select_ref("5.3")
    for key, value in (
        (Qt.Key.Key_1, ResultValue.MET),
        (Qt.Key.Key_2, ResultValue.NOT_MET),
        (Qt.Key.Key_0, ResultValue.NOT_ASSESSED),
    ):
        qtbot.keyClick(checklist.tree, key)
        assert _stored(demo_workspace, registered, "5.3").value is value
        assert checklist.detail.result_buttons[value].isChecked()
    assert changed == [registered] * 3
    # Giving a result starts the work; only the user says it is done.
    assert _stored(demo_workspace, registered, "5.3").work_status is WorkStatus.IN_PROGRESS


def test_key_3_marks_not_applicable_where_allowed(checklist, demo_workspace, qtbot):
    aid = find_assessment(demo_workspace, "tt124-co-quan-doanh-nghiep", "in_progress")
    checklist.show_assessment(aid)
    checklist.select_ref("6.4")
    assert not checklist.detail.na_reason.isEnabled()
    qtbot.keyClick(checklist.tree, Qt.Key.Key_3)
    assert _stored(demo_workspace, aid, "6.4").value is ResultValue.NOT_APPLICABLE
    assert checklist.detail.na_reason.isEnabled()


def test_not_applicable_refused_shows_why_and_keeps_the_value(
    checklist, demo_workspace, registered, qtbot, undo_stack
):
    checklist.select_ref("5.3")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    qtbot.mouseClick(
        checklist.detail.result_buttons[ResultValue.NOT_APPLICABLE], Qt.MouseButton.LeftButton
    )
    assert _stored(demo_workspace, registered, "5.3").value is ResultValue.MET
    assert "cannot be marked not applicable" in checklist.detail.message.text()
    assert checklist.detail.message.isVisible()
    assert checklist.detail.result_buttons[ResultValue.MET].isChecked()
    assert not checklist.detail.result_buttons[ResultValue.NOT_APPLICABLE].isChecked()
    assert undo_stack.count() == 1  # only the accepted change


def test_mouse_sets_the_result_in_the_detail_pane(checklist, demo_workspace, registered, qtbot):
    checklist.select_ref("5.2.4.2")
    assert not checklist.detail.remediation.isEnabled()
    qtbot.mouseClick(
        checklist.detail.result_buttons[ResultValue.NOT_MET], Qt.MouseButton.LeftButton
    )
    assert _stored(demo_workspace, registered, "5.2.4.2").value is ResultValue.NOT_MET
    assert checklist.detail.remediation.isEnabled()  # a plan is asked for "not met"


def test_work_status_chosen_in_the_pane_is_saved(checklist, demo_workspace, registered, qtbot):
    checklist.select_ref("5.3")
    combo = checklist.detail.work_status
    combo.setCurrentIndex(combo.findData(WorkStatus.IN_PROGRESS.value))
    combo.activated.emit(combo.currentIndex())  # what choosing an entry with the mouse sends
    assert _stored(demo_workspace, registered, "5.3").work_status is WorkStatus.IN_PROGRESS


def test_j_and_k_move_like_down_and_up(checklist, registered, qtbot):
    moves = []
    checklist.currentCriterionChanged.connect(moves.append)
    checklist.select_ref("5.1")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_J)
    qtbot.keyClick(checklist.tree, Qt.Key.Key_J)
    assert checklist.current_ref() == "5.2.4.2"
    qtbot.keyClick(checklist.tree, Qt.Key.Key_K)
    assert checklist.current_ref() == "5.2"
    qtbot.keyClick(checklist.tree, Qt.Key.Key_Down)
    assert moves[-4:] == ["5.2", "5.2.4.2", "5.2", "5.2.4.2"]


def test_typed_note_saves_itself_after_a_pause_in_nfc(checklist, demo_workspace, registered, qtbot):
    checklist.select_ref("5.3")
    decomposed = unicodedata.normalize("NFD", NOTE)
    checklist.detail.note.setFocus()
    type_text(checklist.detail.note, NOTE)
    assert _stored(demo_workspace, registered, "5.3").note == ""  # not at every key
    qtbot.waitUntil(lambda: _stored(demo_workspace, registered, "5.3").note == NOTE, timeout=3000)
    stored = _stored(demo_workspace, registered, "5.3").note
    assert stored == unicodedata.normalize("NFC", decomposed)


def test_text_is_saved_on_flush_and_when_the_row_changes(
    checklist, demo_workspace, registered, qtbot
):
    checklist.select_ref("5.3")
    type_text(checklist.detail.responsible, "Trưởng Công an xã")
    checklist.flush()
    assert _stored(demo_workspace, registered, "5.3").responsible == "Trưởng Công an xã"

    type_text(checklist.detail.figures, "12 buổi tuyên truyền")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_K)  # away before the pause ends
    assert _stored(demo_workspace, registered, "5.3").figures == "12 buổi tuyên truyền"
    assert checklist.current_ref() != "5.3"
    checklist.select_ref("5.3")
    assert checklist.detail.figures.text() == "12 buổi tuyên truyền"


def test_refresh_keeps_the_current_row(checklist, demo_workspace, registered):
    from anninh_desktop.services import assessment_service

    checklist.select_ref("5.2.4.3.c")
    assessment_service.update_result(demo_workspace, registered, "5.2.4.3.c", note="elsewhere")
    checklist.refresh()
    assert checklist.current_ref() == "5.2.4.3.c"
    assert checklist.detail.note.toPlainText() == "elsewhere"


def test_due_date_box_sets_and_clears_the_due_date(checklist, demo_workspace, registered, qtbot):
    from datetime import date

    checklist.select_ref("5.3")
    assert not checklist.detail.due_date.isVisible()
    qtbot.mouseClick(checklist.detail.due_check, Qt.MouseButton.LeftButton)
    due = _stored(demo_workspace, registered, "5.3").due_date
    assert due == date(2026, 3, 2)  # today on the test clock
    assert checklist.detail.due_date.isVisible()
    qtbot.mouseClick(checklist.detail.due_check, Qt.MouseButton.LeftButton)
    assert _stored(demo_workspace, registered, "5.3").due_date is None


def test_points_are_entered_only_where_the_set_gives_points(
    checklist, demo_workspace, registered, qtbot, tmp_path
):
    from fixtures.points_set import register_points_assessment
    from fixtures.work import unit_by_code

    checklist.select_ref("5.3")
    assert not checklist.detail.points.isVisibleTo(checklist.detail)  # a pass/fail set
    scored = register_points_assessment(demo_workspace, unit_by_code(demo_workspace).id, tmp_path)
    checklist.show_assessment(scored.id)
    checklist.select_ref("1")
    points = checklist.detail.points
    assert points.isVisibleTo(checklist.detail) and points.maximum() == 6
    assert points.text() == "—"  # none given yet
    points.setFocus()
    points.selectAll()
    qtbot.keyClicks(points, "4.5")
    checklist.flush()
    assert _stored(demo_workspace, scored.id, "1").points == 4.5
    checklist.select_ref("2")
    assert points.maximum() == 4 and points.text() == "—"
    checklist.select_ref("1")
    assert points.value() == 4.5
