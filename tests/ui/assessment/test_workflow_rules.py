"""The workflow means what it says, in the window: a return asks why and asks again, a locked state
is locked in the checklist, the detail pane and the evidence pane, finishing the self-assessment
says what it locks, an appraising office never edits a unit's results, and giving a result does
not mark the work done."""

from __future__ import annotations

import pytest
from demo_helpers import reopened_commune_assessment
from office_helpers import set_up_office
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from typing_helpers import drop, type_text

from anninh_desktop.domain.assessments import AssessmentState, ResultValue, WorkStatus
from anninh_desktop.services.units_service import find_unit
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.workflow_dialogs import ReturnDialog

S = AssessmentState
COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1600, 900)
    w.show()
    qtbot.waitExposed(w)
    w.finish_start()
    return w


def _open(window, ws, unit_id: str, code: str):
    window.navigator.select_unit(unit_id)
    header = window.assessment.header
    for a in ws.store.assessments.for_unit(unit_id):
        if a.year == 2026 and ws.store.criteria.get(a.set_id).code == code:
            header.view.chooser.setCurrentIndex(header.view.chooser.findData(a.id))
            return ws.store.assessments.get(a.id)
    raise LookupError(code)


def _button(window, target: S) -> QPushButton:
    button = window.assessment.header.findChild(QPushButton, f"transition_{target.value}")
    assert button is not None, target
    return button


def _question(window) -> QMessageBox:
    boxes = [b for b in window.assessment.header.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def _assert_results_locked(qtbot, window, ws, assessment_id: str, tmp_path) -> None:
    """Checklist keys, detail fields and the evidence pane all refuse, and nothing changes."""
    page = window.assessment
    checklist, evidence = page.checklist, page.evidence
    before = ws.store.assessments.results(assessment_id)
    ref = next(r for r, res in before.items() if res.value is ResultValue.MET)
    checklist.select_ref(ref)
    for key in (Qt.Key.Key_2, Qt.Key.Key_0):
        qtbot.keyClick(checklist.tree, key)
    assert ws.store.assessments.results(assessment_id) == before
    assert window.assessment.header.view.banner.isVisible()
    assert checklist.detail.message.isVisible()  # why, at the row
    detail = checklist.detail
    assert not detail.result_buttons[ResultValue.NOT_MET].isEnabled()
    assert not detail.note.isEnabled() and not detail.work_status.isEnabled()
    assert not evidence.add_files_button.isEnabled()
    assert not evidence.unlink_button.isEnabled() and not evidence.link_button.isEnabled()
    counts = ws.store.evidence.counts_by_criterion(assessment_id)
    scan = tmp_path / "Biên bản bổ sung.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert not drop(evidence, [scan])
    assert ws.store.evidence.counts_by_criterion(assessment_id) == counts


def test_finishing_the_self_assessment_asks_says_what_it_locks_and_locks_it(
    qtbot, window, demo_workspace, tmp_path
):
    ws = demo_workspace
    commune = ws.store.units.by_code(COMMUNE_CODE)
    reopened_commune_assessment(ws)  # self-assessed in the demo
    a = _open(window, ws, commune.id, "tt124-xa-phuong")
    assert a.state is S.IN_PROGRESS
    finish = _button(window, S.SELF_ASSESSED)
    assert finish.isEnabled()

    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    question = _question(window)
    assert "locked" in question.text() and "Reopen for editing" in question.text()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert ws.store.assessments.get(a.id).state is S.IN_PROGRESS

    qtbot.mouseClick(_button(window, S.SELF_ASSESSED), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.assessment.header.transitioned):
        qtbot.mouseClick(
            _question(window).button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        )
    assert ws.store.assessments.get(a.id).state is S.SELF_ASSESSED
    banner = window.assessment.header.view.banner
    assert banner.isVisible() and "Reopen for editing" in banner.text()
    _assert_results_locked(qtbot, window, ws, a.id, tmp_path)

    # "Reopen for editing" opens them again.
    with qtbot.waitSignal(window.assessment.header.transitioned):
        qtbot.mouseClick(_button(window, S.IN_PROGRESS), Qt.MouseButton.LeftButton)
    checklist = window.assessment.checklist
    ref = checklist.current_ref()
    qtbot.keyClick(checklist.tree, Qt.Key.Key_2)
    assert ws.store.assessments.results(a.id)[ref].value is ResultValue.NOT_MET
    assert window.assessment.evidence.add_files_button.isEnabled()


def test_a_return_from_the_header_asks_a_reason_and_a_confirmation_and_the_unit_reads_it(
    qtbot, window, demo_workspace
):
    ws = demo_workspace
    set_up_office(ws, "commune")  # a commune appraises its residential areas
    window.check_office()
    unit = find_unit(ws, "Ấp Phú Hiệp")
    a = _open(window, ws, unit.id, "tt124-khu-dan-cu")
    assert a.state is S.UNDER_APPRAISAL

    qtbot.mouseClick(_button(window, S.RETURNED), Qt.MouseButton.LeftButton)
    dialog = window.assessment.header.findChild(ReturnDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # a return needs a reason
    dialog.reason.setFocus()
    type_text(dialog.reason, "Bổ sung biên bản họp dân có chữ ký")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.assessment.header.findChildren(QMessageBox))
    )
    question = _question(window)
    assert "Bổ sung biên bản họp dân có chữ ký" in question.text()
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert ws.store.assessments.get(a.id).state is S.UNDER_APPRAISAL  # nothing without a yes

    qtbot.mouseClick(_button(window, S.RETURNED), Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.assessment.header.findChildren(ReturnDialog) if d.isVisible())
    dialog.reason.setPlainText("Bổ sung biên bản họp dân có chữ ký")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.assessment.header.findChildren(QMessageBox))
    )
    with qtbot.waitSignal(window.assessment.header.transitioned):
        qtbot.mouseClick(
            _question(window).button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton
        )
    assert ws.store.assessments.get(a.id).state is S.RETURNED
    assert ws.store.appraisals.return_reason(a.id) == "Bổ sung biên bản họp dân có chữ ký"
    # The unit's own office (here the same commune office) reads it in the header.
    returned = window.assessment.header.view.return_banner
    assert returned.isVisible() and "Bổ sung biên bản họp dân có chữ ký" in returned.text()


def test_a_province_office_never_edits_a_commune_s_results(qtbot, window, demo_workspace, tmp_path):
    ws = demo_workspace
    set_up_office(ws, "province")
    window.check_office()
    returned = ws.store.units.by_code("32191")  # Xã Năm Căn, returned for correction
    a = _open(window, ws, returned.id, "tt124-xa-phuong")
    assert a.state is S.RETURNED  # not locked by its state: the office is what refuses
    header = window.assessment.header
    assert header.findChildren(QPushButton, "transition_in_progress") == []
    assert "unit's own office" in header.view.reasons_label.text()
    assert "appraises them" in window.assessment.header.view.banner.text()
    _assert_results_locked(qtbot, window, ws, a.id, tmp_path)


def test_giving_a_result_in_the_window_does_not_mark_the_work_done(qtbot, window, demo_workspace):
    ws = demo_workspace
    area = find_unit(ws, "Ấp Thị Tường")  # registered, nothing assessed yet
    a = _open(window, ws, area.id, "tt124-khu-dan-cu")
    checklist = window.assessment.checklist
    ref = next(r for r, res in ws.store.assessments.results(a.id).items() if res.done is False)
    checklist.select_ref(ref)
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    stored = ws.store.assessments.results(a.id)[ref]
    assert stored.value is ResultValue.MET
    assert stored.work_status is WorkStatus.IN_PROGRESS
    assert checklist.detail.work_status.currentData() == WorkStatus.IN_PROGRESS.value
    # The user says it is done.
    combo = checklist.detail.work_status
    combo.setCurrentIndex(combo.findData(WorkStatus.DONE.value))
    combo.activated.emit(combo.currentIndex())
    assert ws.store.assessments.results(a.id)[ref].work_status is WorkStatus.DONE


def test_the_window_follows_the_office_set_up_in_sync_this_office(qtbot, window, demo_workspace):
    ws = demo_workspace
    assert window.tabs.indexOf(window.appraisal_tab) < 0  # not an office: nothing to appraise
    busy = ws.store.units.by_code("32248")  # a commune of the demo whose assessment is open
    a = _open(window, ws, busy.id, "tt124-xa-phuong")
    assert not window.assessment.header.view.banner.isVisible()

    window.sync.offices_action.trigger()  # Sync ▸ This office and other offices…
    dialog = window.sync.office_dialog
    assert dialog is not None and dialog.isVisible()
    set_up_office(ws, "province")  # what its Save does
    dialog.done(0)

    assert window.tabs.indexOf(window.appraisal_tab) >= 0
    assert window.assessment.header.current_assessment_id() == a.id
    assert "appraises them" in window.assessment.header.view.banner.text()
