"""Undo and redo of results and text edits through the window's QUndoStack."""

from __future__ import annotations

import pytest
from checklist_helpers import find_assessment
from demo_helpers import reopened_commune_assessment
from PySide6.QtCore import Qt
from typing_helpers import type_text

from anninh_desktop.domain.assessments import ResultValue, WorkStatus


@pytest.fixture()
def registered(checklist, demo_workspace):
    aid = find_assessment(demo_workspace, "tt124-xa-phuong", "registered")
    checklist.show_assessment(aid)
    return aid


def _stored(ws, aid, ref):
    return ws.store.assessments.results(aid)[ref]


def test_undo_and_redo_a_result(checklist, demo_workspace, registered, qtbot, undo_stack):
    changed = []
    checklist.resultsChanged.connect(changed.append)
    checklist.select_ref("5.3")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_2)
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    assert undo_stack.count() == 2
    checklist.select_ref("5.1")  # elsewhere: undo brings the changed row back

    undo_stack.undo()
    assert _stored(demo_workspace, registered, "5.3").value is ResultValue.NOT_MET
    assert checklist.current_ref() == "5.3"
    assert checklist.detail.result_buttons[ResultValue.NOT_MET].isChecked()
    undo_stack.undo()
    result = _stored(demo_workspace, registered, "5.3")
    assert (result.value, result.work_status) == (ResultValue.NOT_ASSESSED, WorkStatus.TODO)
    undo_stack.redo()
    assert _stored(demo_workspace, registered, "5.3").value is ResultValue.NOT_MET
    assert len(changed) == 5


def test_typing_in_one_field_is_one_command(checklist, demo_workspace, registered, undo_stack):
    checklist.select_ref("5.3")
    type_text(checklist.detail.note, "Đã họp ")
    checklist.flush()
    type_text(checklist.detail.note, "dân")
    checklist.flush()
    assert _stored(demo_workspace, registered, "5.3").note == "Đã họp dân"
    assert undo_stack.count() == 1

    undo_stack.undo()
    assert _stored(demo_workspace, registered, "5.3").note == ""
    assert checklist.detail.note.toPlainText() == ""
    undo_stack.redo()
    assert _stored(demo_workspace, registered, "5.3").note == "Đã họp dân"
    assert checklist.detail.note.toPlainText() == "Đã họp dân"


def test_ctrl_z_in_the_note_field_undoes_through_the_stack(
    checklist, demo_workspace, registered, qtbot, undo_stack
):
    checklist.select_ref("5.3")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    note = checklist.detail.note
    note.setFocus()
    type_text(note, "Biên bản số 5")
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # the typing was saved first and then undone: stored and shown back to empty
    assert _stored(demo_workspace, registered, "5.3").note == ""
    assert note.toPlainText() == ""
    assert undo_stack.index() == 1
    qtbot.keyClick(
        note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _stored(demo_workspace, registered, "5.3").note == "Biên bản số 5"
    assert note.toPlainText() == "Biên bản số 5"
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(demo_workspace, registered, "5.3").value is ResultValue.NOT_ASSESSED


def test_undo_after_switching_to_another_assessment(
    checklist, demo_workspace, registered, qtbot, undo_stack
):
    other = find_assessment(demo_workspace, "tt124-xa-phuong", "in_progress")
    checklist.select_ref("5.3")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    checklist.show_assessment(other)
    other_before = demo_workspace.store.assessments.results(other)

    undo_stack.undo()
    assert _stored(demo_workspace, registered, "5.3").value is ResultValue.NOT_ASSESSED
    assert demo_workspace.store.assessments.results(other) == other_before


def test_undo_refused_once_submitted_is_dropped(
    checklist, demo_workspace, registered, qtbot, undo_stack
):
    from anninh_desktop.domain.assessments import AssessmentState
    from anninh_desktop.services import assessment_service

    aid = reopened_commune_assessment(demo_workspace)
    checklist.show_assessment(aid)
    checklist.select_ref("5.3")
    before = _stored(demo_workspace, aid, "5.3").value
    target = ResultValue.NOT_MET if before is not ResultValue.NOT_MET else ResultValue.MET
    checklist._set_result(target)
    assert _stored(demo_workspace, aid, "5.3").value is target
    checklist._set_result(before)
    assessment_service.transition(demo_workspace, aid, AssessmentState.SELF_ASSESSED)
    assessment_service.transition(demo_workspace, aid, AssessmentState.SUBMITTED)

    undo_stack.undo()
    assert _stored(demo_workspace, aid, "5.3").value is before
    assert "read-only" in checklist.detail.message.text()
    assert undo_stack.count() == 1  # the refused command left the stack


def test_the_edit_menu_reads_as_one_phrase_in_vietnamese(
    checklist, demo_workspace, registered, undo_stack, vietnamese
):
    from anninh_desktop.i18n import _

    checklist.select_ref("5.3")
    checklist.detail.responsible.setFocus()
    type_text(checklist.detail.responsible, "Trưởng ấp")
    checklist.flush()
    action = undo_stack.createUndoAction(checklist, _("&Undo"))
    assert action.text() == "&Hoàn tác sửa người phụ trách của tiêu chí 5.3"
    undo_stack.undo()
    redo = undo_stack.createRedoAction(checklist, _("&Redo"))
    assert redo.text() == "&Làm lại sửa người phụ trách của tiêu chí 5.3"
