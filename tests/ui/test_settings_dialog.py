"""The settings dialog stores the language in the preferences and shows which office this is (its
identity, set up in Sync ▸ This office: not a choice here)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.office_settings import office_role
from anninh_desktop.ui import settings_dialog
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.settings_dialog import SettingsChanges, SettingsDialog


@pytest.fixture()
def prefs(seeded_workspace):
    return Preferences.for_data_dir(seeded_workspace.root)


@pytest.fixture()
def dialog(qtbot, prefs, seeded_workspace):
    dlg = SettingsDialog(prefs, seeded_workspace)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _press(qtbot, dlg, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dlg.buttons.button(which), Qt.MouseButton.LeftButton)


def test_shows_the_current_settings(dialog, seeded_workspace) -> None:
    assert dialog.language_box.currentText() == "English"  # the tests run in English
    assert "Not set up as an office yet" in dialog.office_label.text()
    assert not dialog.findChildren(QComboBox)[1:]  # one choice only: the language
    assert dialog.folder_edit.text() == str(seeded_workspace.root)
    assert dialog.folder_edit.isReadOnly()


def test_shows_the_office_set_up_with_its_identity(qtbot, prefs, seeded_workspace) -> None:
    from anninh_desktop.services.sync import identity

    province = seeded_workspace.store.units.by_code("96")
    identity.set_office(seeded_workspace, "Phòng PV05 Công an tỉnh Cà Mau", province.id)
    dlg = SettingsDialog(prefs, seeded_workspace)
    qtbot.addWidget(dlg)
    assert "Phòng PV05 Công an tỉnh Cà Mau" in dlg.office_label.text()
    assert "appraising office" in dlg.office_label.text()
    assert office_role(seeded_workspace) is Actor.APPRAISER


def test_shows_vietnamese_when_that_is_in_force(qtbot, vietnamese, prefs, seeded_workspace) -> None:
    dlg = SettingsDialog(prefs, seeded_workspace)
    qtbot.addWidget(dlg)
    assert dlg.language_box.currentText() == "Tiếng Việt"


def test_ok_stores_the_language(qtbot, dialog, prefs, seeded_workspace) -> None:
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Up)  # English → Tiếng Việt
    emitted = []
    dialog.languageChanged.connect(lambda lang: emitted.append(("language", lang)))
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert emitted == [("language", "vi")]
    assert not dialog.isVisible()
    assert dialog.changes() == SettingsChanges(language="vi")
    assert Preferences(prefs.path).language() == "vi"
    assert office_role(seeded_workspace) is Actor.UNIT  # not a setting


def test_ok_without_changes_reports_none(qtbot, dialog, prefs) -> None:
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.changes()
    assert prefs.language() == "en"  # the language in force is now remembered


def test_cancel_changes_nothing(qtbot, dialog, prefs, seeded_workspace) -> None:
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Up)
    _press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not dialog.changes()
    assert prefs.language() is None
    assert office_role(seeded_workspace) is Actor.UNIT


def test_open_folder_button_opens_the_data_folder(qtbot, dialog, monkeypatch, seeded_workspace):
    opened = []
    monkeypatch.setattr(settings_dialog, "open_in_file_manager", lambda p: opened.append(p) or True)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [seeded_workspace.root]
