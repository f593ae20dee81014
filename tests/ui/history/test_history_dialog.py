"""The history window on the demo data: opened from the window, filtered, exported, chain checked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from demo_helpers import reopened_commune_assessment
from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.services import assessment_service
from anninh_desktop.services.history.log import HistoryScope, ScopeKind
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import session
from anninh_desktop.ui.history.dialog import HistoryDialog
from anninh_desktop.ui.main_window import MainWindow

COMMUNE_CODE = "32092"
SHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _worked_assessment(ws):
    """The commune's own assessment, reopened, with one result changed by a named officer."""
    a = ws.store.assessments.get(reopened_commune_assessment(ws))
    results = ws.store.assessments.results(a.id)
    ref = next(r for r, res in results.items() if res.value is not ResultValue.MET)
    officer = people.add_officer(ws, "Nguyễn Văn An", "Đại úy", "Trưởng Công an xã")
    session.start_work(ws, officer.id)
    assessment_service.update_result(ws, a.id, ref, value=ResultValue.MET, note="Đã kiểm tra")
    return a, ref, officer


def test_view_menu_opens_the_history_of_the_assessment_shown(qtbot, window, demo_workspace):
    ws = demo_workspace
    a, ref, officer = _worked_assessment(ws)
    window.navigator.select_unit(a.unit_id)
    window.assessment  # noqa: B018
    chooser = window.assessment.header.view.chooser
    chooser.setCurrentIndex(chooser.findData(a.id))
    window.history_action.trigger()
    dialog = window.history_dialog  # not any window left by an earlier test
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.scope == HistoryScope(ScopeKind.ASSESSMENT, a.unit_id, a.id)
    first = dialog.shown_entries()[0]
    assert (first.who, first.subject) == (officer.label, f"Criterion {ref}")
    assert "Note: Đã kiểm tra" in first.changes_text()
    assert dialog.chain_label.text().startswith("The log is intact")


def test_checklist_context_menu_opens_the_criterion_history(qtbot, window, demo_workspace):
    ws = demo_workspace
    a, ref, _officer = _worked_assessment(ws)
    window.navigator.select_unit(a.unit_id)
    chooser = window.assessment.header.view.chooser
    chooser.setCurrentIndex(chooser.findData(a.id))
    checklist = window.assessment.checklist
    checklist.select_ref(ref)
    tree = checklist.tree
    rect = tree.visualRect(tree.currentIndex())

    def choose_history() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):  # not shown yet on a busy machine
            QTimer.singleShot(50, choose_history)
            return
        (action,) = [x for x in menu.actions() if x.text().startswith("&History")]
        menu.setActiveAction(action)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(50, choose_history)
    tree.customContextMenuRequested.emit(rect.center() + QPoint(1, 1))
    dialog = window.history_dialog  # not any window left by an earlier test
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.scope == HistoryScope(ScopeKind.CRITERION, a.unit_id, a.id, ref)
    assert {e.subject for e in dialog.shown_entries()} == {f"Criterion {ref}"}
    # widened to the unit from the window itself
    dialog.scope_combo.setCurrentIndex(2)
    assert dialog.scope.kind is ScopeKind.UNIT
    assert len(dialog.shown_entries()) > 1


def test_filters_and_export(qtbot, demo_workspace, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    ws = demo_workspace
    a, _ref, officer = _worked_assessment(ws)
    dialog = HistoryDialog(ws, HistoryScope(ScopeKind.ASSESSMENT, a.unit_id, a.id))
    qtbot.addWidget(dialog)
    total = dialog.model.rowCount()
    assert total > 1
    dialog.who_combo.setCurrentIndex(dialog.who_combo.findData(officer.label))
    assert {e.who for e in dialog.shown_entries()} == {officer.label}
    dialog.who_combo.setCurrentIndex(0)
    qtbot.keyClicks(dialog.search_edit, "da kiem tra")  # without diacritics
    assert [e.changes_text().endswith("Note: Đã kiểm tra") for e in dialog.shown_entries()] == [
        True
    ]
    assert dialog.count_label.text() == f"1 of {total} changes"
    dialog.search_edit.clear()
    dialog.until_edit.setDate(QDate(2000, 1, 1))
    assert dialog.model.rowCount() == 0 and not dialog.export_button.isEnabled()
    dialog.reload()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("result"))
    shown = dialog.shown_entries()
    assert shown and all(e.action == "result.update" for e in shown)

    target = tmp_path / "lich-su"
    dialog._ask_save_path = lambda _suggested: target  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target.with_suffix(".xlsx")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + len(shown) + 2
    assert rows[1][2] == officer.label


def test_export_failure_is_told_and_nothing_is_left(qtbot, demo_workspace, tmp_path):
    ws = demo_workspace
    a, _ref, _officer = _worked_assessment(ws)
    dialog = HistoryDialog(ws, HistoryScope(ScopeKind.ASSESSMENT, a.unit_id, a.id))
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog._show_error = errors.append  # type: ignore[method-assign]
    missing = tmp_path / "no-such-folder" / "lich-su.xlsx"
    dialog._ask_save_path = lambda _suggested: missing  # type: ignore[method-assign]
    dialog.export_button.click()
    assert len(errors) == 1 and "lich-su.xlsx" in errors[0]
    assert not missing.parent.exists()


def test_a_tampered_log_is_shown_with_its_first_broken_link(qtbot, demo_workspace, tmp_path):
    ws = demo_workspace
    a, _ref, _officer = _worked_assessment(ws)
    seq = ws.store.audit.events()[-1].seq
    conn = sqlite3.connect(ws.store.database_path)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET new = '{}' WHERE seq = ?", [seq])
    conn.commit()
    conn.close()
    dialog = HistoryDialog(ws, HistoryScope(ScopeKind.ASSESSMENT, a.unit_id, a.id))
    qtbot.addWidget(dialog)
    assert f"event {seq} was changed" in dialog.chain_label.text()
    assert "tampered" in dialog.chain_label.text()


@pytest.mark.parametrize("size", [(1100, 620), (800, 500)])
def test_screenshot_in_vietnamese(qtbot, demo_workspace, vietnamese, size):
    ws = demo_workspace
    a, _ref, _officer = _worked_assessment(ws)
    dialog = HistoryDialog(ws, HistoryScope(ScopeKind.ASSESSMENT, a.unit_id, a.id))
    qtbot.addWidget(dialog)
    dialog.resize(*size)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(20)  # rows take their height after the columns are laid out
    assert dialog.chain_label.text().startswith("Nhật ký còn nguyên vẹn")
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "Thời điểm"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"history-{size[0]}x{size[1]}.png"))
