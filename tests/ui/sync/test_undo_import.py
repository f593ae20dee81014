"""Sync ▸ Undo the last import…: says what it was, asks, puts it back; refuses when too late."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from sync_ui_helpers import introduce, store_state

from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.ui.sync.actions import SyncActions

pytestmark = pytest.mark.slow


def _actions(qtbot, ws, tasks) -> SyncActions:
    host = QWidget()
    qtbot.addWidget(host)
    actions = SyncActions(ws, tasks, None, host)
    file_menu, sync_menu = QMenu(host), QMenu(host)
    actions.add_to(file_menu, sync_menu)
    assert actions.undo_import_action in sync_menu.actions()
    return actions


def test_undo_the_last_import_from_the_menu(qtbot, offices, inline_tasks):
    introduce(offices)
    a, p = offices.a, offices.p
    actions = _actions(qtbot, p, inline_tasks)
    box = actions.ask_undo_import()
    assert "no import to undo" in box.text()
    box.close()

    before = store_state(p)
    package = export_package(a, offices.p_id, offices.folder / "usb").path
    apply_package(p, read_package(p, package))
    reloaded: list[bool] = []
    actions.imported.connect(lambda: reloaded.append(True))
    box = actions.ask_undo_import()
    assert box.icon() == QMessageBox.Icon.Question
    assert "Công an xã Hồ Thị Kỷ" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert reloaded == [True]
    assert "are as they were before the package" in actions.message_box.text()
    now = store_state(p)
    assert now[0]["result"] == before[0]["result"] and now[1] == before[1]
