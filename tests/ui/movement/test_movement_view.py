"""The "Phong trào" view on the commune demo with the movement's demo data: what it shows is what
the services compute, and its edits reach the store."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from fixtures.movement_data import movement_demo_template
from fixtures.workspaces import MAIN_COMMUNE_CODE, copy_folder, open_folder
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from typing_helpers import type_text

from anninh_desktop.domain.movement import SiteState
from anninh_desktop.domain.movement_figures import Change
from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.services.clock import VIETNAM_TZ, fixed_clock
from anninh_desktop.services.movement import numbers, views
from anninh_desktop.services.movement.rollup import compute_rollup
from anninh_desktop.ui.movement import MovementWidget
from anninh_desktop.ui.movement.dialogs import SiteDialog, StateDialog, TeamDialog
from anninh_desktop.ui.movement.table_model import PAYLOAD_ROLE

YEAR = 2026
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=VIETNAM_TZ)  # the demo's "today"


@pytest.fixture
def movement_ws(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path):
    ws = open_folder(copy_folder(movement_demo_template(tmp_path_factory), tmp_path / "data"))
    ws.clock = fixed_clock(NOW)
    yield ws
    ws.close()


@pytest.fixture
def view(qtbot, movement_ws, inline_tasks):
    widget = MovementWidget(movement_ws, inline_tasks)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    return widget


def _commune(ws):
    return ws.store.units.by_code(MAIN_COMMUNE_CODE)


def _column(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_nothing_chosen_then_a_commune(view, movement_ws) -> None:
    assert not view.pdf_button.isEnabled() and "Choose a commune" in view.title.text()
    commune = _commune(movement_ws)
    view.show_scope(commune.id, YEAR)
    assert view.title.text() == f"{commune.display_name} — year {YEAR}"
    assert view.pdf_button.isEnabled()
    assert not view.tabs.isTabVisible(view.tabs.indexOf(view.offices))  # communes: province only


def test_sites_table_and_dossier_gaps_match_the_services(view, movement_ws) -> None:
    commune = _commune(movement_ws)
    view.show_scope(commune.id, YEAR)
    expected = views.site_views(movement_ws, commune.id, on=date(2026, 11, 15))
    model = view.sites.model
    assert model.rowCount() == len(expected)
    by_name = {v.site.name: v for v in expected}
    incomplete = [v for v in expected if not v.check.complete]
    assert incomplete, "the demo has sites whose dossier an inspection would find lacking"
    red = [model.row(r).cells[0] for r in range(model.rowCount()) if model.row(r).attention]
    assert sorted(red) == sorted(v.site.name for v in incomplete)
    QTest.mouseClick(view.sites.gaps_only, Qt.MouseButton.LeftButton)
    assert model.rowCount() == len(incomplete)
    view.sites.table.selectRow(0)
    shown = by_name[model.row(0).cells[0]]
    gaps = view.sites.gaps_label.text()
    for gap in shown.check.gaps:
        assert views.gap_text(gap, view.data().rule) in gaps
    assert view.sites.documents_model.rowCount() == len(shown.documents)


def test_adding_a_site_a_team_and_striking_it_off(view, movement_ws, monkeypatch) -> None:
    commune = _commune(movement_ws)
    view.show_scope(commune.id, YEAR)
    before = view.sites.model.rowCount()
    dialogs = []

    def run_dialog(dialog) -> bool:
        dialogs.append(dialog)
        if isinstance(dialog, SiteDialog):
            dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findText("Ấp Tân Hưng"))
            dialog.name_edit.clear()
            dialog.name_edit.setFocus()
            type_text(dialog.name_edit, "Tổ tự quản khóm Mới")
        elif isinstance(dialog, TeamDialog):
            dialog.name_edit.setFocus()
            type_text(dialog.name_edit, "Tổ số 9")
            dialog.members_edit.setPlainText("Nguyễn Văn Út - Tổ trưởng\nLê Thị Sáu")
            assert dialog.count.value() == 2  # the count follows the names typed
            dialog.count.setValue(7)
        elif isinstance(dialog, StateDialog):
            dialog.state_combo.setCurrentIndex(
                dialog.state_combo.findData(SiteState.STRUCK_OFF.value)
            )
            dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("ineffective"))
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(view.sites, "_run_dialog", run_dialog)
    QTest.mouseClick(view.sites.new_site_button, Qt.MouseButton.LeftButton)
    assert view.sites.model.rowCount() == before + 1
    site_id = view.sites.current_site_id()
    site = movement_ws.store.movement.site(site_id)
    assert site.name == "Tổ tự quản khóm Mới"
    assert movement_ws.store.units.get(site.unit_id).name == "Tân Hưng"
    QTest.mouseClick(view.sites.add_team_button, Qt.MouseButton.LeftButton)
    [team] = movement_ws.store.movement.teams([site_id])
    assert team.members_count == 7 and [m.name for m in team.members] == [
        "Nguyễn Văn Út",
        "Lê Thị Sáu",
    ]
    assert view.sites.teams_model.rowCount() == 1
    QTest.mouseClick(view.sites.state_button, Qt.MouseButton.LeftButton)
    assert movement_ws.store.movement.site(site_id).state is SiteState.STRUCK_OFF
    assert "Struck off (Ineffective)" in _column(view.sites.model, 3)


def test_a_refused_change_stays_in_the_dialog(view, movement_ws, monkeypatch) -> None:
    view.show_scope(_commune(movement_ws).id, YEAR)
    seen = {}

    def run_dialog(dialog) -> bool:
        dialog.name_edit.setFocus()
        type_text(dialog.name_edit, "Tổ X")
        dialog.members_edit.setPlainText("A\nB\nC")
        dialog.count.setValue(1)  # fewer than the names: refused
        dialog.accept()
        seen["error"] = dialog.error_label.text()
        seen["visible"] = not dialog.error_label.isHidden()
        return dialog.result() == 1

    monkeypatch.setattr(view.sites, "_run_dialog", run_dialog)
    site_id = view.sites.current_site_id()
    before = len(movement_ws.store.movement.teams([site_id]))
    QTest.mouseClick(view.sites.add_team_button, Qt.MouseButton.LeftButton)
    assert seen["visible"] and "smaller than the names" in seen["error"]
    assert len(movement_ws.store.movement.teams([site_id])) == before


def test_figures_form_saves_entered_values_and_shows_computed_ones(view, movement_ws) -> None:
    commune = _commune(movement_ws)
    view.show_scope(commune.id, YEAR)
    view.tabs.setCurrentWidget(view.figures)
    page = view.figures
    crime = page.editors["vu-pham-toi"]
    assert "same period a year before" in crime.previous_label.text()
    crime.editor.setValue(3)
    assert page.save_button.isEnabled()
    previous = crime.previous
    change_text = numbers.relative_text(Change(3, previous))
    assert change_text in crime.previous_label.text()
    QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    rollup = compute_rollup(movement_ws, commune.id, ReportPeriod(YEAR))
    assert rollup.figure("vu-pham-toi").value == 3
    assert "so-diem-mo-hinh" not in page.editors  # computed: not a field to type
    sites = rollup.figure("so-diem-mo-hinh").value
    assert view.figures.computed_labels["so-diem-mo-hinh"].text().startswith(str(sites))


def test_unsaved_figures_are_asked_about_before_the_period_changes(view, movement_ws, monkeypatch):
    commune = _commune(movement_ws)
    view.show_scope(commune.id, YEAR)
    view.figures.editors["tai-hoa-nhap"].editor.setValue(44)
    monkeypatch.setattr(view, "_ask_unsaved", lambda: QMessageBox.StandardButton.Cancel)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData(PeriodKind.HALF_YEAR.value))
    assert view.data().period == ReportPeriod(YEAR)  # stayed
    monkeypatch.setattr(view, "_ask_unsaved", lambda: QMessageBox.StandardButton.Save)
    view.year_spin.setValue(YEAR - 1)
    assert view.data().period.year == YEAR - 1
    assert (
        compute_rollup(movement_ws, commune.id, ReportPeriod(YEAR)).figure("tai-hoa-nhap").value
        == 44
    )


def test_province_rollup_communes_and_outlook(view, movement_ws) -> None:
    province = movement_ws.store.units.by_code("96")
    view.show_scope(province.id, YEAR)
    assert view.tabs.isTabVisible(view.tabs.indexOf(view.offices))
    rollup = compute_rollup(movement_ws, province.id, ReportPeriod(YEAR))
    rows = {r.payload: r for r in view.rollup.model.rows() if r.payload}
    registered = rollup.figure("dang-ky-khu-dan-cu")
    assert rows["dang-ky-khu-dan-cu"].cells[2] == numbers.ratio_text(registered.ratio)
    assert rows["dang-ky-khu-dan-cu"].computed
    crime = rollup.figure("vu-pham-toi")
    assert rows["vu-pham-toi"].cells[3] == numbers.count_text(crime.previous)
    offices = {r.cells[0]: r for r in view.offices.model.rows()}
    assert offices["Xã Hồ Thị Kỷ"].cells[1] == "yes"
    silent = [r for r in view.offices.model.rows() if r.cells[1] == "no"]
    assert silent and all(r.attention for r in silent)
    outlooks = _column(view.outlook.model, 3)
    assert len(outlooks) == len(rollup.outlooks) >= 4
    assert set(view.trend.charts) == {f.key for f in rollup.form.fields() if f.chart}


def test_report_buttons_write_pdf_and_excel(view, movement_ws, tmp_path, monkeypatch) -> None:
    view.show_scope(_commune(movement_ws).id, YEAR)
    targets = iter([tmp_path / "bao-cao", tmp_path / "so-lieu.xlsx"])
    monkeypatch.setattr(view, "_ask_save_path", lambda *a: next(targets))
    QTest.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "bao-cao.pdf").exists()
    assert "Report written" in view.message.text()
    QTest.mouseClick(view.xlsx_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "so-lieu.xlsx").exists()


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_the_view_fits_common_window_sizes(view, movement_ws, size) -> None:
    view.resize(*size)
    view.show_scope(_commune(movement_ws).id, YEAR)
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        image = view.grab()
        assert image.width() == size[0]
    assert view.sites.table.model().index(0, 0).data(PAYLOAD_ROLE)
