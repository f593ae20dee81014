"""Adding a unit under a commune and registering units, from the header and in the dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from typing_helpers import type_text

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.units_service import find_unit
from anninh_desktop.ui.assessment import AssessmentHeader, NewUnitDialog, RegisterDialog


def commune(ws):
    return find_unit(ws, "Xã Hồ Thị Kỷ")


def test_a_new_unit_is_created_and_then_registered_from_the_header(qtbot, demo_workspace):
    ws = demo_workspace
    header = AssessmentHeader(ws)
    qtbot.addWidget(header)
    header.show()
    header.show_unit(commune(ws).id, 2026)

    qtbot.mouseClick(header.view.new_unit_button, Qt.MouseButton.LeftButton)
    new_unit = header.findChild(NewUnitDialog)
    assert new_unit is not None and new_unit.isVisible()
    assert new_unit.kind() is UnitKind.RESIDENTIAL_AREA
    assert new_unit.subtype_combo.currentText() == "ấp"
    type_text(new_unit.name_edit, "Tân Lập Mới")
    new_unit.register_check.setChecked(False)
    with qtbot.waitSignal(header.unitCreated) as created:
        qtbot.mouseClick(new_unit.ok_button, Qt.MouseButton.LeftButton)

    unit = ws.store.units.get(created.args[0])
    assert (unit.display_name, unit.kind, unit.parent_id) == (
        "Ấp Tân Lập Mới",
        UnitKind.RESIDENTIAL_AREA,
        commune(ws).id,
    )
    assert ws.store.assessments.for_unit(unit.id) == []

    header.show_unit(unit.id, 2026)  # as the main window does when the navigator selects it
    assert "Not registered for 2026" in header.view.empty_label.text()
    qtbot.mouseClick(header.view.register_button, Qt.MouseButton.LeftButton)
    register = header.findChild(RegisterDialog)
    assert register.set_combo.currentText().startswith("Khu dân cư")
    assert register.period_label.text() == "01/11/2025 – 31/10/2026"
    with (
        qtbot.waitSignal(header.registered) as registered,
        qtbot.waitSignal(header.assessmentChosen) as chosen,
    ):
        qtbot.mouseClick(register.ok_button, Qt.MouseButton.LeftButton)

    (assessment,) = ws.store.assessments.for_unit(unit.id)
    assert registered.args == chosen.args == [assessment.id]
    assert assessment.year == 2026
    assert header.view.details.isVisible()
    assert header.view.state_chip.text() == "Registered"
    assert header.view.progress_bar.text() == "0/14 met"


def test_a_new_unit_may_be_registered_at_once(qtbot, demo_workspace):
    ws = demo_workspace
    dialog = NewUnitDialog(ws, commune(ws).id, year=2026)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(UnitKind.SCHOOL.value))
    assert dialog.subtype_combo.currentText() == ""
    assert "Cơ sở giáo dục" in dialog.register_check.text() and dialog.register_check.isChecked()
    type_text(dialog.name_edit, "Trường Mầm non Hồ Thị Kỷ")

    with (
        qtbot.waitSignal(dialog.unitCreated) as created,
        qtbot.waitSignal(dialog.registered) as registered,
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    a = ws.store.assessments.get(registered.args[0])
    assert a.unit_id == created.args[0] and a.year == 2026
    assert a.state is AssessmentState.REGISTERED


def test_a_duplicate_name_is_shown_in_the_dialog_which_stays_open(qtbot, demo_workspace):
    ws = demo_workspace
    dialog = NewUnitDialog(ws, commune(ws).id, year=2026)
    qtbot.addWidget(dialog)
    dialog.show()
    units_before = len(ws.store.units.children(commune(ws).id))

    type_text(dialog.name_edit, "Tân Hưng")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # the default button, by keyboard

    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "already has a unit named" in dialog.error_label.text()
    assert len(ws.store.units.children(commune(ws).id)) == units_before


def test_registering_twice_is_refused_inline_and_another_year_works(qtbot, demo_workspace):
    ws = demo_workspace
    area = find_unit(ws, "Ấp Tân Hưng")
    dialog = RegisterDialog(ws, area.id, 2026)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "already registered" in dialog.error_label.text() and dialog.error_label.isVisible()

    dialog.year_spin.setValue(2027)  # the period follows the year at once
    assert not dialog.error_label.isVisible()
    assert dialog.period_label.text() == "01/11/2026 – 31/10/2027"
    with qtbot.waitSignal(dialog.registered) as registered:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ws.store.assessments.get(registered.args[0]).year == 2027


def test_a_commune_is_offered_the_latest_sets_with_incomplete_ones_marked(qtbot, demo_workspace):
    ws = demo_workspace
    dialog = RegisterDialog(ws, commune(ws).id)
    qtbot.addWidget(dialog)
    dialog.show()

    texts = [dialog.set_combo.itemText(i) for i in range(dialog.set_combo.count())]

    assert len(texts) == 3  # with the province's model ward police frame (issue 18)
    assert texts[0].startswith("Xã, phường, thị trấn đạt tiêu chuẩn")
    assert all(text.endswith("— incomplete") for text in texts[1:])
    assert dialog.year_spin.value() == 2026  # the period containing today (02/03/2026)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
