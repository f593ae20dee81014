"""File ▸ Back up… / Restore… / Check data… driven in the window on the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import units_service
from anninh_desktop.services.maintenance import backup_catalog
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.tasks import TaskRunner

PASS = "mật khẩu sao lưu"


def shiboken_deleted(widget) -> bool:
    from shiboken6 import isValid

    return not isValid(widget)


COMMUNE_CODE = "32092"


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _file_action(window: MainWindow, text: str):
    menu = window.menuBar().actions()[0].menu()
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"{text} not in the File menu")


def _backup_through_dialog(window: MainWindow, usb: Path) -> Path:
    _file_action(window, "Back up…").trigger()
    dialog = window.maintenance.backup_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.folder_edit.setText(str(usb))
    dialog.passphrase_edit.setText(PASS)
    dialog.repeat_edit.setText(PASS)
    dialog.start_button.click()
    assert dialog.written is not None and dialog.written.is_file()
    assert str(dialog.written) in dialog.panel.status.text()
    return dialog.written


def test_backup_from_the_file_menu_writes_the_file_and_records_it(window, tmp_path):
    ws = window._ws
    assert backup_catalog.last_backup(ws) is None
    written = _backup_through_dialog(window, tmp_path / "usb")
    assert written.parent == tmp_path / "usb" and written.suffix == ".anbak"
    _when, where = backup_catalog.last_backup(ws)
    assert where == str(written)
    assert "Last backup:" in window.maintenance.backup_dialog.last_label.text()
    assert backup_catalog.backup_overdue(ws, 7) is None


def test_backup_dialog_refuses_what_cannot_work(window, tmp_path):
    _file_action(window, "Back up…").trigger()
    dialog = window.maintenance.backup_dialog
    dialog.folder_edit.setText(str(window._ws.root / "inside"))
    dialog.passphrase_edit.setText(PASS)
    dialog.repeat_edit.setText(PASS)
    dialog.start_button.click()
    assert "outside the data folder" in dialog.problem.text()
    dialog.folder_edit.setText(str(tmp_path / "usb"))
    dialog.passphrase_edit.setText("short")
    dialog.repeat_edit.setText("short")
    dialog.start_button.click()
    assert "at least 8" in dialog.problem.text()
    dialog.passphrase_edit.setText(PASS)
    dialog.repeat_edit.setText(PASS + "x")
    dialog.start_button.click()
    assert "differ" in dialog.problem.text()
    assert not (tmp_path / "usb").exists()


def test_stopping_a_backup_leaves_no_file(qtbot, demo_workspace, tmp_path, hold_at_first_progress):
    w = MainWindow(demo_workspace, tasks=TaskRunner())
    qtbot.addWidget(w)
    w.show()
    w.maintenance.open_backup()
    dialog = w.maintenance.backup_dialog
    usb = tmp_path / "usb"
    dialog.folder_edit.setText(str(usb))
    dialog.passphrase_edit.setText(PASS)
    dialog.repeat_edit.setText(PASS)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.panel.stop_button.isVisible(), timeout=5000)
    assert not dialog.start_button.isEnabled()
    dialog.panel.stop_button.click()
    qtbot.waitUntil(lambda: not dialog.panel.running, timeout=10000)
    w.tasks.wait(10000)
    assert "Stopped" in dialog.panel.status.text()
    assert list(usb.iterdir()) == [] if usb.exists() else True
    assert backup_catalog.last_backup(demo_workspace) is None
    assert dialog.start_button.isEnabled()


def _restore_dialog(window: MainWindow, backup: Path, passphrase: str = PASS):
    _file_action(window, "Restore…").trigger()
    dialog = window.maintenance.restore_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.file_edit.setText(str(backup))
    dialog.passphrase_edit.setText(passphrase)
    dialog.check_button.click()
    return dialog


def test_restore_from_the_window_confirms_keeps_the_old_data_and_reopens(
    qtbot, demo_workspace, inline_tasks, tmp_path
):
    window = MainWindow(demo_workspace, tasks=inline_tasks)  # not given to qtbot: replaced
    window.resize(1200, 800)
    window.show()
    ws = window._ws
    backup = _backup_through_dialog(window, tmp_path / "usb")
    window.maintenance.backup_dialog.close()
    commune = ws.store.units.by_code(COMMUNE_CODE)
    later = units_service.create_child_unit(
        ws, commune.id, UnitKind.RESIDENTIAL_AREA, "Ấp Sau Sao Lưu"
    )
    dialog = _restore_dialog(window, backup)
    assert dialog.restore_button.isEnabled(), dialog.panel.status.text()
    assert "is whole" in dialog.details.text()
    if dialog.replace_radio.isVisible():
        dialog.replace_radio.setChecked(True)
    dialog.restore_button.click()
    box = dialog.confirm_box
    assert box is not None and "kept aside" in box.text()
    box.button(QMessageBox.StandardButton.No).click()  # not yet: nothing changes
    assert ws.store.units.get(later.id).name == "Ấp Sau Sao Lưu"
    dialog.restore_button.click()
    dialog.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    new = window.maintenance.reopened
    assert new is not None and new is not window
    qtbot.addWidget(new)
    assert new.isVisible() and not window.isVisible()
    with pytest.raises(KeyError):
        ws.store.units.get(later.id)  # the restored data: the unit made after the backup is gone
    message = new.maintenance.message_box
    assert message is not None and "restored" in message.text()
    kept = [p for p in ws.root.iterdir() if "before-restore" in p.name]
    assert kept, "what was there before is kept aside"
    assert str(kept[0]) in message.text() or any(str(k) in message.text() for k in kept)
    new.tasks.wait()
    qtbot.wait(10)  # the old window's deleteLater runs
    assert shiboken_deleted(window)


def test_a_wrong_passphrase_changes_nothing_and_the_window_keeps_working(window, tmp_path):
    ws = window._ws
    backup = _backup_through_dialog(window, tmp_path / "usb")
    window.maintenance.backup_dialog.close()
    before = ws.store.units.count()
    dialog = _restore_dialog(window, backup, "not the passphrase")
    assert "Wrong passphrase" in dialog.panel.status.text()
    assert not dialog.restore_button.isEnabled()
    assert window.isEnabled() and ws.store.units.count() == before
    assert window.maintenance.reopened is None


def test_a_failed_restore_reopens_the_same_data(window, tmp_path, monkeypatch):
    """The restore fails after the store was closed (a full disk): the folder is as it was and
    the same window works on it again."""
    from anninh_desktop.services import backup_service
    from anninh_desktop.services.errors import UserError

    ws = window._ws
    backup = _backup_through_dialog(window, tmp_path / "usb")
    window.maintenance.backup_dialog.close()
    commune = ws.store.units.by_code(COMMUNE_CODE)
    later = units_service.create_child_unit(ws, commune.id, UnitKind.AGENCY, "Trạm Y Tế Mới")

    def full_disk(*args, **kwargs):
        raise UserError("The disk of the data folder is full; nothing was restored.")

    dialog = _restore_dialog(window, backup)
    if dialog.replace_radio.isVisible():
        dialog.replace_radio.setChecked(True)
    monkeypatch.setattr(backup_service, "restore", full_disk)
    dialog.restore_now()
    assert "full" in dialog.panel.status.text()
    assert "as it was" in dialog.panel.status.text()
    assert window.isEnabled() and window.maintenance.reopened is None
    assert ws.store.units.get(later.id).name == "Trạm Y Tế Mới"  # the store is open again


def test_check_data_reports_order_and_a_damaged_file(window):
    ws = window._ws
    _file_action(window, "Check data…").trigger()
    dialog = window.maintenance.check_dialog
    assert dialog is not None and dialog.report is not None and dialog.report.ok
    assert "Everything is in order" in dialog.panel.status.text()
    sha, _size = ws.store.evidence.all_blob_hashes()[0]
    path = ws.store.blobs.path_for(sha)
    path.chmod(0o644)
    path.write_bytes(b"damaged")
    dialog.again_button.click()
    assert not dialog.report.ok
    assert dialog.problems.isVisible()
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(sha[:12] in t and "damaged" in t for t in texts)


def test_restore_on_a_worker_keeps_the_window_still_and_opens_the_restored_data(
    qtbot, demo_workspace, tmp_path
):
    """The real runner: the window is disabled while its store is closed, the restore runs on a
    worker, and the new window opens on the restored data."""
    from anninh_desktop.services import backup_service

    ws = demo_workspace
    backup = backup_service.backup(ws, tmp_path / "usb", passphrase=PASS)
    commune = ws.store.units.by_code(COMMUNE_CODE)
    later = units_service.create_child_unit(ws, commune.id, UnitKind.SCHOOL, "Trường Mới Xây")
    w = MainWindow(ws, tasks=TaskRunner())  # not given to qtbot: the restore deletes it
    w.resize(1200, 800)
    w.show()
    w.finish_start()
    w.navigator.select_unit(later.id)
    dialog = _restore_dialog(w, backup)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=20000)
    if not dialog.replace_radio.isHidden():
        dialog.replace_radio.setChecked(True)
    dialog.restore_now()
    assert not w.isEnabled()  # nothing reads the closed store meanwhile
    qtbot.waitUntil(lambda: w.maintenance.reopened is not None, timeout=30000)
    new = w.maintenance.reopened
    qtbot.addWidget(new)
    new.finish_start()
    qtbot.wait(50)
    with pytest.raises(KeyError):
        ws.store.units.get(later.id)
    assert new.isVisible() and new.isEnabled()
    new.tasks.wait(10000)
    qtbot.wait(10)
    assert shiboken_deleted(w)


def test_check_offers_to_remove_a_leftover_file_and_removes_it(window):
    import os
    import time

    ws = window._ws
    stored = ws.store.blobs.import_bytes(b"left by an import that was killed")
    old = time.time() - 3600  # past the grace time of work going on now
    os.utime(ws.store.blobs.path_for(stored.sha256), (old, old))
    window.maintenance.open_check()
    dialog = window.maintenance.check_dialog
    assert stored.sha256 in dialog.report.orphans
    assert dialog.repair_button.isVisible()
    dialog.repair_button.click()
    assert not ws.store.blobs.exists(stored.sha256)
    texts = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("Removed evidence file" in t and stored.sha256[:12] in t for t in texts)
    assert not dialog.repair_button.isVisible()


def test_the_dialogs_follow_a_language_switch(window):
    window.maintenance.open_backup()
    assert window.maintenance.backup_dialog.windowTitle() == "Back up the data"
    window.maintenance.backup_dialog.close()
    window.switch_language("vi")
    try:
        _file_action_vi = next(
            a
            for a in window.menuBar().actions()[0].menu().actions()
            if a.text().replace("&", "") == "Sao lưu…"
        )
        _file_action_vi.trigger()
        assert window.maintenance.backup_dialog.windowTitle() == "Sao lưu dữ liệu"
    finally:
        window.switch_language("en")
