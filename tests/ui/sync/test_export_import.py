"""Export from the commune, import at the province: progress, preview per unit, apply, the ack."""

from __future__ import annotations

import pytest
from sync_ui_helpers import card_of, introduce, store_state

from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.ui.sync.actions import SyncActions
from anninh_desktop.ui.sync.export_dialog import ExportDialog
from anninh_desktop.ui.sync.import_dialog import (
    PAGE_PASSPHRASE,
    PAGE_PREVIEW,
    PAGE_PROBLEM,
    PAGE_RESULT,
    ImportDialog,
)
from anninh_desktop.ui.tasks import TaskRunner

pytestmark = pytest.mark.slow


def _export_dialog(qtbot, ws, tasks) -> ExportDialog:
    dialog = ExportDialog(ws, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _import(qtbot, ws, tasks, path) -> ImportDialog:
    dialog = ImportDialog(ws, tasks, path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    return dialog


def test_export_import_apply_and_ack_round_trip(qtbot, offices, inline_tasks):
    introduce(offices)
    a, p, usb = offices.a, offices.p, offices.folder / "usb"
    usb.mkdir()
    dialog = _export_dialog(qtbot, a, inline_tasks)
    assert dialog.peer_combo.count() == 1
    assert dialog.peer_combo.currentText().startswith("Phòng PV05 Công an tỉnh Cà Mau")
    dialog.set_target(usb)
    assert dialog.export_button.isEnabled()
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    dialog.export_button.click()

    result = dialog.result
    assert result is not None and result.path.parent == usb and result.path.exists()
    assert values and values[-1] == 1000 and values == sorted(values)
    assert result.path.name in dialog.status_label.text()
    assert f"{sum(result.rows.values())} rows, {result.blobs} evidence files" in (
        dialog.status_label.text()
    )
    assert dialog.close_button.isEnabled() and not dialog.stop_button.isVisible()

    # The province reads it: the preview per unit, nothing changed yet.
    before = store_state(p)
    imp = _import(qtbot, p, inline_tasks, result.path)
    assert imp.page() == PAGE_PREVIEW
    assert imp.apply_button.isVisible() and imp.apply_button.isEnabled()
    text = imp.preview_view.sender_label.text()
    assert "Công an xã Hồ Thị Kỷ" in text and identity.ensure_identity(a).fingerprint in text
    rows = imp.preview_view.row_texts()
    assert rows[-1][0] == "Total"
    new, updated, unchanged, conflicts = (int(v.replace(",", "")) for v in rows[-1][1:])
    assert new + unchanged == sum(result.rows.values()) and updated == 0 and conflicts == 0
    by_unit = {r[0]: r for r in rows[:-1]}
    assert int(by_unit["Xã Hồ Thị Kỷ"][1].replace(",", "")) > 100  # its results, evidence…
    assert sum(int(r[1].replace(",", "")) for r in rows[:-1]) == new
    assert store_state(p)[0] == before[0]

    applied: list[bool] = []
    imp.applied.connect(lambda: applied.append(True))
    imp.apply_button.click()
    assert imp.page() == PAGE_RESULT and applied == [True]
    assert imp.result is not None and imp.result.applied
    ack = imp.result.ack_path
    assert ack.exists() and ack.parent == usb and str(ack) in imp.result_label.text()
    commune = p.store.units.by_code("32092")
    assert p.store.assessments.for_unit(commune.id)  # the commune's assessments arrived
    assert imp.cancel_button.text() == "Close"

    # The commune imports the ack from the menu: its watermark for the province advances.
    actions = SyncActions(a, inline_tasks, None, dialog)
    assert actions.import_file(ack) is None
    assert actions.message_box is not None
    assert "acknowledged everything up to" in actions.message_box.text()
    assert identity.find_peer(a, offices.p_id).acked_seq == result.upto


def test_a_damaged_package_is_refused_and_changes_nothing(qtbot, offices, inline_tasks):
    introduce(offices)
    package = export_package(offices.a, offices.p_id, offices.folder / "usb").path
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    package.write_bytes(bytes(data))
    before = store_state(offices.p)
    dialog = _import(qtbot, offices.p, inline_tasks, package)
    assert dialog.page() == PAGE_PROBLEM
    assert "damaged or incomplete" in dialog.problem_label.text()
    assert not dialog.apply_button.isVisible()
    assert not dialog.add_card_button.isVisible() and not dialog.trust_sender_button.isVisible()
    assert store_state(offices.p) == before


def test_an_unknown_sender_is_added_from_its_card_then_read(qtbot, offices, inline_tasks):
    introduce(offices, p_knows_a=False)
    package = export_package(offices.a, offices.p_id, offices.folder / "usb").path
    dialog = _import(qtbot, offices.p, inline_tasks, package)
    assert dialog.page() == PAGE_PROBLEM
    assert "unknown office" in dialog.problem_label.text()
    assert dialog.add_card_button.isVisible()
    question = dialog.add_sender_card(card_of(offices.a, offices.folder / "cards", "a2"))
    assert question is not None
    assert question.fingerprint_label.text().replace("\n", " ") == (
        identity.ensure_identity(offices.a).fingerprint
    )
    question.trust_button.click()
    assert dialog.page() == PAGE_PREVIEW
    dialog.cancel_button.click()  # Cancel discards the staged files
    assert not any(offices.p.store.blobs.temp_dir.iterdir())


def test_a_passphrase_package_asks_for_it_and_again_when_wrong(qtbot, offices, inline_tasks):
    introduce(offices)
    usb = offices.folder / "usb"
    exp = _export_dialog(qtbot, offices.a, inline_tasks)
    exp.set_target(usb)
    exp.passphrase_check.setChecked(True)
    exp.passphrase_edit.setText("bốn con voi xanh")
    exp.repeat_edit.setText("bốn con voi xan")
    assert not exp.export_button.isEnabled()
    assert exp.export_button.toolTip() == "The two passphrases differ."
    exp.repeat_edit.setText("bốn con voi xanh")
    exp.export_button.click()
    assert exp.result is not None

    dialog = _import(qtbot, offices.p, inline_tasks, exp.result.path)
    assert dialog.page() == PAGE_PASSPHRASE
    dialog.passphrase_edit.setText("sai")
    dialog.open_button.click()
    assert dialog.page() == PAGE_PASSPHRASE
    assert "Wrong passphrase" in dialog.passphrase_label.text()
    dialog.passphrase_edit.setText("bốn con voi xanh")
    dialog.open_button.click()
    assert dialog.page() == PAGE_PREVIEW


def test_stopping_an_export_leaves_no_file(qtbot, offices, hold_at_first_progress):
    introduce(offices)
    usb = offices.folder / "usb"
    usb.mkdir()
    tasks = TaskRunner()
    dialog = _export_dialog(qtbot, offices.a, tasks)
    dialog.set_target(usb)
    dialog.export_button.click()
    assert dialog.stop_button.isVisible() and not dialog.close_button.isEnabled()
    dialog.stop_button.click()
    qtbot.waitUntil(lambda: dialog.handle is None, timeout=30_000)
    tasks.wait(10_000)
    assert dialog.result is None
    assert dialog.status_label.text() == "Stopped; no package was written."
    assert list(usb.iterdir()) == []
    assert dialog.export_button.isEnabled()


def test_no_trusted_office_says_where_to_add_one(qtbot, offices, inline_tasks):
    dialog = _export_dialog(qtbot, offices.a, inline_tasks)
    assert dialog.no_peer_label.isVisible()
    assert not dialog.export_button.isEnabled()
    assert dialog.export_button.toolTip() == "Choose the office the package is for."


def test_an_untrusted_sender_can_be_trusted_from_the_import(qtbot, offices, inline_tasks):
    introduce(offices)
    identity.trust_peer(offices.p, offices.a_id, False)
    package = export_package(offices.a, offices.p_id, offices.folder / "usb").path
    dialog = _import(qtbot, offices.p, inline_tasks, package)
    assert "does not trust" in dialog.problem_label.text()
    assert dialog.trust_sender_button.isVisible() and not dialog.add_card_button.isVisible()
    dialog.trust_sender_button.click()
    assert dialog.trust_dialog is not None
    dialog.trust_dialog.not_now_button.click()
    assert dialog.page() == PAGE_PROBLEM
    assert not identity.find_peer(offices.p, offices.a_id).trusted
