"""The sign dialog's key sources without signing: token driver errors, remembered files."""

from __future__ import annotations

from pathlib import Path

from dossier_ui_helpers import demo_assessment
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.services.dossier import build_dossier
from anninh_desktop.ui.dossier.sign_dialog import SignDialog
from anninh_desktop.ui.dossier.sign_view import SOURCE_TOKEN
from anninh_desktop.ui.preferences import Preferences


def test_a_missing_token_driver_is_named_and_nothing_is_signed(
    qtbot, demo_workspace, inline_tasks, tmp_path, monkeypatch
):
    ws = demo_workspace
    built = build_dossier(ws, demo_assessment(ws).id, tmp_path / "ho-so.pdf")
    before = built.path.read_bytes()
    boxes = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box))
    dialog = SignDialog(ws, built.path, inline_tasks)
    qtbot.addWidget(dialog)
    dialog.view.token_radio.click()
    assert dialog.view.pages.currentIndex() == SOURCE_TOKEN
    missing = tmp_path / "khong-co.dll"
    dialog.view.module_edit.setText(str(missing))

    dialog.view.find_tokens_button.click()
    assert str(missing) in dialog.view.status_label.text()
    assert dialog.view.token_combo.count() == 0

    dialog.view.pin_edit.setText("0000")
    dialog.view.sign_button.click()
    assert [b.text() for b in boxes][-1] == dialog.view.status_label.text()
    assert str(missing) in boxes[-1].text()
    assert built.path.read_bytes() == before and dialog.outcome is None


def test_preferences_remember_chosen_files_while_they_exist(tmp_path: Path):
    prefs = Preferences(tmp_path / "settings.ini")
    image = tmp_path / "chữ-ký.png"
    image.write_bytes(b"\x89PNG")
    assert prefs.last_file("signature_image") is None
    prefs.set_last_file("signature_image", image)
    assert Preferences(tmp_path / "settings.ini").last_file("signature_image") == image
    image.unlink()
    assert prefs.last_file("signature_image") is None
    prefs.set_last_file("signature_image", None)
    assert Preferences(tmp_path / "settings.ini")._text("files/signature_image") is None
