"""The assessment header on the demo's assessments: what it shows, refused and allowed moves, refresh."""

from __future__ import annotations

from datetime import date

import pytest
from office_helpers import set_up_office
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from typing_helpers import type_text

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.units import Unit
from anninh_desktop.services import assessment_service
from anninh_desktop.services.units_service import find_unit
from anninh_desktop.ui.assessment import AssessmentHeader
from anninh_desktop.ui.assessment.workflow_actions import DecisionDialog

S = AssessmentState


def unit_named(ws, display_name: str) -> Unit:
    unit = find_unit(ws, display_name)
    assert unit.display_name == display_name
    return unit


def assessment_of(ws, unit: Unit, year: int = 2026, code: str = ""):
    found = [
        a
        for a in ws.store.assessments.for_unit(unit.id)
        if a.year == year and ws.store.criteria.get(a.set_id).code.startswith(code)
    ]
    return found[0]


def transition_button(header: AssessmentHeader, target: S) -> QPushButton:
    button = header.findChild(QPushButton, f"transition_{target.value}")
    assert button is not None, target
    return button


@pytest.fixture()
def header(qtbot, demo_workspace):
    widget = AssessmentHeader(demo_workspace)
    qtbot.addWidget(widget)
    widget.resize(1000, 220)
    widget.show()
    return widget


def test_header_shows_unit_set_legal_basis_period_state_and_progress_in_vietnamese(
    qtbot, header, demo_workspace, vietnamese
):
    commune = unit_named(demo_workspace, "Xã Hồ Thị Kỷ")
    expected = assessment_of(demo_workspace, commune, 2026, "tt124")

    with qtbot.waitSignal(header.assessmentChosen) as chosen:
        header.show_unit(commune.id, 2026)

    v = header.view
    assert chosen.args == [expected.id]
    assert v.unit_label.text() == "Xã Hồ Thị Kỷ · Tỉnh Cà Mau"
    assert v.chooser.isVisible() and v.chooser.count() == 3  # two sets in 2026, one in 2025
    assert "Xã, phường, thị trấn đạt tiêu chuẩn" in v.set_label.text()
    assert "Thông tư 124/2021/TT-BCA · Bộ Công an · 28/12/2021" in v.legal_label.text()
    assert "16/11/2025 – 15/11/2026" in v.period_label.text()
    assert v.state_chip.text() == "Đã tự đánh giá"
    assert (v.progress_bar.value(), v.progress_bar.maximum()) == (14, 15)
    assert "14/15" in v.progress_bar.text()
    assert "15/15" in v.assessed_label.text()
    # today is 02/03/2026 in the tests; the recognition decision is due on 20/11/2026
    assert "20/11/2026" in v.deadline_label.text() and v.deadline_label.isVisible()
    assert v.banner.isVisible() and "Mở lại để chỉnh sửa" in v.banner.text()  # locked


def test_the_chooser_switches_to_another_assessment_of_the_unit(qtbot, header, demo_workspace):
    commune = unit_named(demo_workspace, "Xã Hồ Thị Kỷ")
    header.show_unit(commune.id, 2026)
    older = assessment_of(demo_workspace, commune, 2025)
    index = header.view.chooser.findData(older.id)

    with qtbot.waitSignal(header.assessmentChosen) as chosen:
        header.view.chooser.setCurrentIndex(index)

    assert chosen.args == [older.id]
    assert "16/11/2024 – 15/11/2025" in header.view.period_label.text()
    assert "Recognised" in header.view.banner.text()


def test_a_refused_transition_is_disabled_and_its_reason_is_visible(header, demo_workspace):
    header.show_unit(unit_named(demo_workspace, "Ấp Đường Cuốc").id, 2026)

    button = transition_button(header, S.SELF_ASSESSED)

    assert button.text() == "&Finish self-assessment…"
    assert not button.isEnabled()
    assert header.view.reasons_label.isVisible()
    assert "6 criteria not yet assessed" in header.view.reasons_label.text()
    assert "6 criteria not yet assessed" in button.toolTip()


def test_an_allowed_transition_moves_the_assessment_and_the_state_label_changes(
    qtbot, header, demo_workspace
):
    unit = unit_named(demo_workspace, "Ấp Tân Phong")
    header.show_unit(unit.id, 2026)
    a = assessment_of(demo_workspace, unit)
    assert header.view.state_chip.text() == "Self-assessed"

    with qtbot.waitSignal(header.transitioned) as moved:
        qtbot.mouseClick(transition_button(header, S.IN_PROGRESS), Qt.MouseButton.LeftButton)

    assert moved.args == [a.id]
    assert header.view.state_chip.text() == "In progress"
    assert demo_workspace.store.assessments.get(a.id).state is S.IN_PROGRESS
    assert transition_button(header, S.SELF_ASSESSED).isEnabled()


def test_submit_asks_first_and_then_shows_the_read_only_banner(qtbot, header, demo_workspace):
    unit = unit_named(demo_workspace, "Ấp Tân Phong")
    header.show_unit(unit.id, 2026)
    a = assessment_of(demo_workspace, unit)

    qtbot.mouseClick(transition_button(header, S.SUBMITTED), Qt.MouseButton.LeftButton)
    box = header.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert demo_workspace.store.assessments.get(a.id).state is S.SELF_ASSESSED

    qtbot.mouseClick(transition_button(header, S.SUBMITTED), Qt.MouseButton.LeftButton)
    box = header.findChild(QMessageBox)
    with qtbot.waitSignal(header.transitioned):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    assert demo_workspace.store.assessments.get(a.id).state is S.SUBMITTED
    assert header.view.state_chip.text() == "Submitted"
    assert header.view.banner.isVisible()
    assert header.view.banner.text() == "Submitted on 02/03/2026; read-only"
    assert header.findChildren(QPushButton, "transition_in_progress") == []
    assert "appraising office" in header.view.reasons_label.text()


def test_a_recognised_assessment_shows_its_decision_in_the_read_only_banner(header, demo_workspace):
    unit = unit_named(demo_workspace, "Ấp Tân Hưng")
    a = assessment_of(demo_workspace, unit)

    header.show_unit(unit.id, 2026)

    banner = header.view.banner
    assert banner.isVisible()
    assert banner.text().startswith("Recognised: decision " + a.decision_number)
    assert banner.text().endswith("read-only")
    assert not header.view.actions_box.isVisible()
    assert not header.view.deadline_label.isVisible()  # decided: no countdown


def test_refresh_after_a_result_change_updates_the_progress_bar(header, demo_workspace):
    unit = unit_named(demo_workspace, "Ấp Đường Cuốc")
    header.show_unit(unit.id, 2026)
    a = assessment_of(demo_workspace, unit)
    assert header.view.progress_bar.value() == 8
    open_ref = next(
        ref
        for ref, r in demo_workspace.store.assessments.results(a.id).items()
        if r.value is ResultValue.NOT_ASSESSED
    )

    assessment_service.update_result(demo_workspace, a.id, open_ref, value=ResultValue.MET)
    header.refresh()

    assert header.view.progress_bar.value() == 9
    assert header.view.progress_bar.text() == "9/14 met"
    assert header.view.assessed_label.text() == "9/14 assessed"
    assert "5 criteria not yet assessed" in header.view.reasons_label.text()


def test_an_appraising_office_records_its_decision(qtbot, header, demo_workspace):
    set_up_office(demo_workspace, "commune")  # the commune appraises its residential areas
    unit = unit_named(demo_workspace, "Ấp Phú Hiệp")
    a = assessment_of(demo_workspace, unit)
    header.show_unit(unit.id, 2026)
    assert transition_button(header, S.RETURNED).isEnabled()

    qtbot.mouseClick(transition_button(header, S.RECOGNISED), Qt.MouseButton.LeftButton)
    dialog = header.findChild(DecisionDialog)
    assert dialog is not None and not dialog.ok_button.isEnabled()  # a decision needs its number
    dialog.number_edit.setFocus()
    type_text(dialog.number_edit, "31/QĐ-UBND")
    dialog.decided_by_edit.setFocus()
    type_text(dialog.decided_by_edit, "Chủ tịch UBND xã Hồ Thị Kỷ")
    with qtbot.waitSignal(header.transitioned):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    stored = demo_workspace.store.assessments.get(a.id)
    assert stored.state is S.RECOGNISED
    assert (stored.decision_number, stored.decision_date, stored.decided_by) == (
        "31/QĐ-UBND",
        date(2026, 3, 2),
        "Chủ tịch UBND xã Hồ Thị Kỷ",
    )
    assert "31/QĐ-UBND" in header.view.banner.text()


def test_a_unit_without_an_assessment_that_year_shows_the_empty_state(
    qtbot, header, demo_workspace
):
    unit = unit_named(demo_workspace, "Ấp Tân Hưng")

    with qtbot.waitSignal(header.assessmentChosen) as chosen:
        header.show_unit(unit.id, 2027)

    v = header.view
    assert chosen.args == [""]
    assert v.empty_label.isVisible() and "Not registered for 2027" in v.empty_label.text()
    assert not v.details.isVisible()
    assert v.register_button.isVisible() and not v.new_unit_button.isVisible()
    assert v.chooser.isVisible() and v.chooser.currentIndex() == -1  # older years can be picked


def test_a_province_shows_its_name_only(header, demo_workspace):
    province = unit_named(demo_workspace, "Tỉnh Cà Mau")

    header.show_unit(province.id, 2026)

    v = header.view
    assert v.unit_label.text() == "Tỉnh Cà Mau"
    for widget in (v.details, v.empty_label, v.register_button, v.new_unit_button, v.chooser):
        assert not widget.isVisible()


def test_a_move_refused_after_the_buttons_were_drawn_is_explained_not_crashed(
    qtbot, header, demo_workspace
):
    unit = unit_named(demo_workspace, "Ấp Tân Phong")
    header.show_unit(unit.id, 2026)
    a = assessment_of(demo_workspace, unit)
    assessment_service.transition(demo_workspace, a.id, S.IN_PROGRESS)  # elsewhere, meanwhile

    qtbot.mouseClick(transition_button(header, S.SUBMITTED), Qt.MouseButton.LeftButton)
    confirm = header.findChild(QMessageBox)
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)

    warning = next(box for box in header.findChildren(QMessageBox) if box.isVisible())
    assert warning.text().startswith("Not possible:")
    assert demo_workspace.store.assessments.get(a.id).state is S.IN_PROGRESS
    assert header.view.state_chip.text() == "In progress"  # the header caught up


def test_a_points_set_shows_the_points_and_the_class_reached(
    qtbot, header, demo_workspace, tmp_path
):
    from fixtures.points_set import register_points_assessment

    from anninh_desktop.services import assessment_service

    commune = unit_named(demo_workspace, "Xã Hồ Thị Kỷ")
    scored = register_points_assessment(demo_workspace, commune.id, tmp_path)
    assessment_service.update_result(demo_workspace, scored.id, "1", points=6)
    assessment_service.update_result(demo_workspace, scored.id, "2", points=1.5)
    header.show_unit(commune.id, 2026)
    with qtbot.waitSignal(header.assessmentChosen):
        header.view.chooser.setCurrentIndex(header.view.chooser.findData(scored.id))
    assert "7.5 of 10 points (Khá)" in header.view.assessed_label.text()


def test_an_office_that_neither_keeps_nor_appraises_the_unit_offers_no_step(
    qtbot, header, demo_workspace
):
    from anninh_desktop.services.sync import identity

    other = demo_workspace.store.units.by_code("32191")  # this office: Xã Năm Căn
    identity.set_office(demo_workspace, "Công an xã Năm Căn", other.id)
    unit = unit_named(demo_workspace, "Ấp Phú Hiệp")  # under Xã Hồ Thị Kỷ, under appraisal
    header.show_unit(unit.id, 2026)
    assert header.findChildren(QPushButton, "transition_returned") == []
    assert header.findChildren(QPushButton, "transition_recognised") == []
    assert "appraising office" in header.view.reasons_label.text()
