"""Sync ▸ This office and other offices: name and unit, fingerprint, cards, trust."""

from __future__ import annotations

from sync_ui_helpers import card_of
from typing_helpers import type_text

from anninh_desktop.services.sync import identity
from anninh_desktop.ui.sync.drives import Volume, pick_drives
from anninh_desktop.ui.sync.office_dialog import COL_TRUSTED, OfficeDialog
from anninh_desktop.ui.sync.texts import fingerprint_lines


def _dialog(qtbot, ws, prefs=None) -> OfficeDialog:
    dialog = OfficeDialog(ws, prefs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_name_and_unit_are_saved_and_the_fingerprint_is_shown(qtbot, seeded_workspace):
    ws = seeded_workspace
    dialog = _dialog(qtbot, ws)
    ident = identity.ensure_identity(ws)
    assert dialog.fingerprint_label.text() == fingerprint_lines(ident.fingerprint)
    assert len(dialog.fingerprint_label.text().split("\n")) == 2
    assert not dialog.save_button.isEnabled()
    assert not dialog.card_button.isEnabled()  # no office yet: no card
    assert dialog.card_button.toolTip()

    dialog.name_edit.setFocus()
    type_text(dialog.name_edit, "Phòng PV05 Công an tỉnh Cà Mau")
    assert not dialog.save_button.isEnabled()  # no unit chosen yet
    dialog.unit_chooser.search.setFocus()
    type_text(dialog.unit_chooser.search, "ca mau")  # no diacritics: still found
    dialog.unit_chooser.search.textEdited.emit(dialog.unit_chooser.search.text())
    labels = [
        dialog.unit_chooser.results.item(i).text()
        for i in range(dialog.unit_chooser.results.count())
    ]
    row = next(i for i, t in enumerate(labels) if t.startswith("Tỉnh Cà Mau"))
    dialog.unit_chooser.results.setCurrentRow(row)
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()

    ident = identity.ensure_identity(ws)
    assert ident.office_name == "Phòng PV05 Công an tỉnh Cà Mau"
    assert ws.store.units.get(ident.office_unit_id).display_name == "Tỉnh Cà Mau"
    assert dialog.card_button.isEnabled() and not dialog.save_button.isEnabled()
    # Reopened, the dialog shows what was saved.
    again = _dialog(qtbot, ws)
    assert again.name_edit.text() == ident.office_name
    assert again.unit_chooser.unit_id() == ident.office_unit_id


def test_a_commune_is_found_by_its_code(qtbot, seeded_workspace):
    dialog = _dialog(qtbot, seeded_workspace)
    dialog.unit_chooser.search.setText("32092")
    dialog.unit_chooser.search.textEdited.emit("32092")
    assert dialog.unit_chooser.results.count() == 1
    assert dialog.unit_chooser.results.item(0).text().startswith("Xã Hồ Thị Kỷ — Tỉnh Cà Mau")
    assert dialog.unit_chooser.unit_id() == seeded_workspace.store.units.by_code("32092").id


def test_card_exchange_asks_with_the_fingerprint_and_trusts_on_trust(qtbot, offices):
    a, p = offices.a, offices.p
    a_dialog = _dialog(qtbot, a)
    card = offices.folder / "usb" / "the-commune.json"
    card.parent.mkdir()
    assert a_dialog.save_card(card) and card.exists()
    assert identity.read_card(card).fingerprint == identity.ensure_identity(a).fingerprint

    p_dialog = _dialog(qtbot, p)
    assert p_dialog.no_peers_label.isVisible()
    question = p_dialog.add_card(card)
    assert question is not None and question.isVisible()
    a_ident = identity.ensure_identity(a)
    assert question.name_label.text() == "Công an xã Hồ Thị Kỷ"
    assert question.unit_label.text() == "Xã Hồ Thị Kỷ"
    assert question.fingerprint_label.text() == fingerprint_lines(a_ident.fingerprint)
    assert question.fingerprint_label.font().pointSizeF() > p_dialog.font().pointSizeF() * 1.5
    # Stored, not trusted yet: the list says so.
    assert not identity.find_peer(p, a_ident.installation_id).trusted
    assert p_dialog.peers_table.item(0, COL_TRUSTED).text() == "not yet"
    question.trust_button.click()
    assert identity.find_peer(p, a_ident.installation_id).trusted
    assert p_dialog.peers_table.item(0, COL_TRUSTED).text() == "yes"


def test_not_now_leaves_the_office_untrusted_and_trust_from_the_list_asks_again(qtbot, offices):
    p_dialog = _dialog(qtbot, offices.p)
    question = p_dialog.add_card(card_of(offices.a, offices.folder / "cards", "a"))
    assert question is not None
    question.not_now_button.click()
    assert not identity.find_peer(offices.p, offices.a_id).trusted
    assert not p_dialog.trust_button.isEnabled()  # nothing chosen
    p_dialog.peers_table.selectRow(0)
    assert p_dialog.trust_button.isEnabled()
    p_dialog.trust_button.click()
    assert p_dialog.trust_dialog is not None and p_dialog.trust_dialog.isVisible()
    p_dialog.trust_dialog.trust_button.click()
    assert identity.find_peer(offices.p, offices.a_id).trusted
    p_dialog.peers_table.selectRow(0)
    assert not p_dialog.trust_button.isEnabled()
    assert p_dialog.trust_button.toolTip() == "This office is trusted."


def test_a_damaged_card_is_refused_with_the_services_message(qtbot, offices, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    card = card_of(offices.a, offices.folder / "cards", "a")
    card.write_text(card.read_text(encoding="utf-8").replace("Hồ Thị Kỷ", "Hồ Thị Kỳ"), "utf-8")
    p_dialog = _dialog(qtbot, offices.p)
    assert p_dialog.add_card(card) is None
    assert "not a valid office card" in warnings[0]
    assert identity.repo(offices.p).peers() == []


def test_only_ready_writable_removable_volumes_are_offered():
    gb = 1 << 30
    volumes = [
        Volume("/", "root", 50 * gb, True, False),
        Volume("/media/can-bo/USB KINGSTON", "USB KINGSTON", 7 * gb, True, False),
        Volume("/run/media/x/CDROM", "CDROM", 0, True, True),
        Volume("/media/can-bo/EMPTY", "EMPTY", 0, False, False),
    ]
    assert [d.name for d in pick_drives(volumes, "linux")] == ["USB KINGSTON"]
    windows = [
        Volume("C:/", "Windows", 90 * gb, True, False),
        Volume("E:/", "USB", 3 * gb, True, False),
    ]
    assert [str(d.path) for d in pick_drives(windows, "win32", "C:")] == ["E:"]


def test_the_main_window_has_the_sync_menu_and_reloads_after_an_import(
    qtbot, demo_workspace, inline_tasks
):
    from anninh_desktop.ui.main_window import MainWindow

    window = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "S&ync" in titles
    sync_menu = window.menuBar().actions()[titles.index("S&ync")].menu()
    texts = [a.text() for a in sync_menu.actions() if a.text()]
    assert texts == [
        "This &office and other offices…",
        "&Export for another office…",
        "&Import from USB…",
        "&Undo the last import…",
        "&Conflicts…",
    ]
    assert window.sync.import_action.shortcut().toString() == "Ctrl+I"
    window.sync.open_offices()
    assert window.sync.office_dialog is not None and window.sync.office_dialog.isVisible()
    reloaded: list[bool] = []
    window.navigator.reload = lambda: reloaded.append(True)  # type: ignore[method-assign]
    window.sync.imported.emit()
    assert reloaded == [True]
