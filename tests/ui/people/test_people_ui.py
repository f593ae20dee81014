"""Officers in the window: the list, the form, who is working at start, and names in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins, session
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.people.officer_form import OfficerForm
from anninh_desktop.ui.people.officers_dialog import OfficersDialog
from anninh_desktop.ui.people.who_dialog import WhoIsWorkingDialog

SHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


def test_officer_form_adds_an_officer_with_a_pin(qtbot, seeded_workspace):
    ws = seeded_workspace
    form = OfficerForm(ws)
    qtbot.addWidget(form)
    form.name_edit.setText("Nguyễn Văn An")
    form.rank_combo.setCurrentText("Đại úy")
    form.position_edit.setText("Trưởng Công an xã")
    qtbot.keyClicks(form.pin_edit, "12")
    form.accept()
    assert form.error_label.isVisible() or form.error_label.text()  # too short: told, not saved
    assert people.officers(ws) == [] and form.result() != QDialog.DialogCode.Accepted
    form.pin_edit.setText("2468")
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    (officer,) = people.officers(ws)
    assert (officer.label, officer.position) == ("Đại úy Nguyễn Văn An", "Trưởng Công an xã")
    assert pins.has_pin(ws, officer.id) and pins.check_pin(ws, officer.id, "2468")


def test_officer_form_changes_and_removes_the_pin(qtbot, seeded_workspace):
    ws = seeded_workspace
    an = people.add_officer(ws, "Nguyễn Văn An")
    pins.set_pin(ws, an.id, "2468")
    form = OfficerForm(ws, an)
    qtbot.addWidget(form)
    assert form.clear_pin_box.isVisibleTo(form)
    form.rank_combo.setCurrentText("Thiếu tá")
    form.clear_pin_box.setChecked(True)
    form.accept()
    assert ws.store.officers.get(an.id).rank == "Thiếu tá"
    assert not pins.has_pin(ws, an.id)


def test_officers_dialog_lists_edits_and_removes(qtbot, seeded_workspace, monkeypatch):
    ws = seeded_workspace
    people.add_officer(ws, "Trần Thị Bình", "Thượng úy", "Cán bộ")
    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    dialog = OfficersDialog(ws)
    qtbot.addWidget(dialog)
    names = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert names == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert not dialog.remove_button.isEnabled()
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    session.start_work(ws, an.id)
    dialog.remove_button.click()
    assert [o.name for o in people.officers(ws)] == ["Trần Thị Bình"]
    assert ws.officer is None  # the removed officer no longer works here


def test_who_is_working_asks_the_pin_and_remembers(qtbot, seeded_workspace):
    ws = seeded_workspace
    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    binh = people.add_officer(ws, "Trần Thị Bình", "Thượng úy")
    pins.set_pin(ws, binh.id, "1357")
    dialog = WhoIsWorkingDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.officer_combo.currentData() == an.id and not dialog.pin_edit.isVisible()
    dialog.officer_combo.setCurrentIndex(dialog.officer_combo.findData(binh.id))
    assert dialog.pin_edit.isVisible()
    qtbot.keyClicks(dialog.pin_edit, "0000")
    dialog.start_button.click()
    assert dialog.error_label.isVisible() and ws.officer is None
    dialog.pin_edit.setText("1357")
    dialog.start_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and ws.officer == binh
    again = WhoIsWorkingDialog(ws)
    qtbot.addWidget(again)
    assert again.officer_combo.currentData() == binh.id  # remembered for this OS user
    again.nobody_button.click()
    assert ws.officer is None


def test_window_asks_at_start_only_when_there_are_officers(qtbot, demo_workspace, inline_tasks):
    ws = demo_workspace
    window = MainWindow(ws, tasks=inline_tasks)
    qtbot.addWidget(window)
    window.show()
    window.finish_start()
    assert window.who_dialog is None  # no list yet: nobody is asked anything

    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    second = MainWindow(ws, tasks=inline_tasks)
    qtbot.addWidget(second)
    second.show()
    second.finish_start()
    dialog = second.who_dialog
    assert isinstance(dialog, WhoIsWorkingDialog) and dialog.isVisible()
    assert dialog.isModal() and not dialog.isHidden()
    dialog.start_button.click()
    assert ws.officer == an
    assert second.windowTitle() == "An Ninh Desktop — Đại úy Nguyễn Văn An"


def test_file_menu_opens_the_officers_list(qtbot, demo_workspace, inline_tasks):
    window = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    seen: list[str] = []

    def close_it() -> None:
        top = QApplication.activeModalWidget()
        seen.append(type(top).__name__)
        top.reject()

    QTimer.singleShot(100, close_it)
    window.officers_action.trigger()
    assert seen == ["OfficersDialog"]


@pytest.mark.parametrize("which", ["officers", "who"])
def test_screenshots_in_vietnamese(qtbot, seeded_workspace, vietnamese, which):
    ws = seeded_workspace
    people.add_officer(ws, "Nguyễn Văn An", "Đại úy", "Trưởng Công an xã")
    binh = people.add_officer(ws, "Trần Thị Bình", "Thượng úy", "Cán bộ địa bàn")
    pins.set_pin(ws, binh.id, "1357")
    session.start_work(ws, binh.id, "1357")
    dialog = OfficersDialog(ws) if which == "officers" else WhoIsWorkingDialog(ws)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    title = "Cán bộ của đơn vị" if which == "officers" else "Ai đang làm việc?"
    assert dialog.windowTitle() == title
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"people-{which}.png"))
    assert Qt


def test_responsible_field_offers_the_officers(qtbot, seeded_workspace):
    from PySide6.QtWidgets import QLineEdit

    from anninh_desktop.ui.people.name_completer import offer_officer_names

    ws = seeded_workspace
    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = offer_officer_names(edit, ws)
    assert completer.model().stringList() == []
    people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    edit.show()
    edit.setFocus()
    QApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusIn))
    assert completer.model().stringList() == ["Đại úy Nguyễn Văn An"]


def test_checklist_responsible_field_has_the_officers(qtbot, demo_workspace, inline_tasks):
    people.add_officer(demo_workspace, "Nguyễn Văn An", "Đại úy")
    window = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    completer = window.assessment.checklist.detail.responsible.completer()
    assert completer is not None
    assert completer.model().stringList() == ["Đại úy Nguyễn Văn An"]
