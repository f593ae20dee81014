"""File ▸ Lists of units (Excel)… in the window: template, preview by row, import on confirmation,
export; the navigator shows the new units."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.unit_lists.preview_model import COL_ROW, COL_WHAT

COMMUNE_CODE = "32092"


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open(window: MainWindow):
    commune = window._ws.store.units.by_code(COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if a.text().replace("&", "").startswith("Lists of"))
    action.trigger()
    dialog = window.unit_lists.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog, commune


def _xlsx(path: Path, rows) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _cells(dialog, col):
    m = dialog.model
    return [m.index(r, col).data() for r in range(m.rowCount())]


def test_a_list_with_problems_is_shown_row_by_row_and_cannot_be_imported(window, tmp_path):
    dialog, commune = _open(window)
    before = len(window._ws.store.units.children(commune.id))
    path = _xlsx(
        tmp_path / "ds.xlsx",
        [["Loại", "Tên"], ["Khu dân cư", "Ấp Mới"], ["Chợ", "Chợ Đầu Mối"], ["Cơ quan", ""]],
    )
    dialog.read(path)
    assert _cells(dialog, COL_ROW) == ["3", "4", "2"]  # problems first
    whats = _cells(dialog, COL_WHAT)
    assert whats[0].startswith("Problem") and "“Chợ”" in whats[0]
    assert "name is empty" in whats[1]
    assert whats[2] == "Will be added"
    assert "with a problem: 2" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert len(window._ws.store.units.children(commune.id)) == before


def test_a_clean_list_is_added_on_confirmation_and_appears_in_the_navigator(window, tmp_path):
    dialog, commune = _open(window)
    path = _xlsx(
        tmp_path / "ds.xlsx",
        [
            ["Loại", "Tên", "Phân loại"],
            ["Khu dân cư", "Tân Điền", "ấp"],
            ["khu dan cu", "Ap Ba Dieu", ""],  # there already, written without diacritics
            ["Doanh nghiệp", "Công ty TNHH Hải Sản Việt", ""],
        ],
    )
    dialog.read(path)
    assert not any(u.name == "Tân Điền" for u in window._ws.store.units.children(commune.id))
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text().replace("&", "") == "Add 2 units"
    assert "Already there" in " ".join(_cells(dialog, COL_WHAT))
    dialog.import_button.click()
    assert dialog.added == 2
    names = {u.display_name for u in window._ws.store.units.children(commune.id)}
    assert {"Ấp Tân Điền", "Công ty TNHH Hải Sản Việt"} <= names
    assert "2 units were added" in dialog.panel.status.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.text().replace("&", "") == "Add the units"
    new = next(u for u in window._ws.store.units.children(commune.id) if u.name == "Tân Điền")
    window.navigator.select_unit(new.id)
    assert window.navigator.current_unit_id() == new.id


def test_a_damaged_file_says_what_to_do(window, tmp_path):
    dialog, _commune = _open(window)
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    dialog.read(bad)
    assert "cannot be read as an Excel workbook" in dialog.panel.status.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_template_and_export_are_written(window, tmp_path):
    dialog, commune = _open(window)
    dialog.save_template(tmp_path / "mau.xlsx")
    assert (tmp_path / "mau.xlsx").is_file() and "template" in dialog.panel.status.text()
    dialog.export_to(tmp_path / "ds.csv")
    text = (tmp_path / "ds.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Loại,Tên,Phân loại"
    assert "Khu dân cư,Bà Điều,ấp" in text
    count = len(window._ws.store.units.children(commune.id))
    assert f"{count} units were exported" in dialog.panel.status.text()


def test_without_a_commune_the_window_says_to_choose_one(qtbot, seeded_workspace, inline_tasks):
    w = MainWindow(seeded_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.show()
    w.unit_lists.open_for()
    assert w.unit_lists.dialog is None
    assert "Choose a commune" in w.unit_lists.message_box.text()


def test_the_unit_list_s_context_menu_opens_the_list_of_the_clicked_area_s_commune(qtbot, window):
    commune = window._ws.store.units.by_code(COMMUNE_CODE)
    (area,) = [u for u in window._ws.store.units.children(commune.id) if u.name == "Lung Lá"]
    nav = window.navigator
    nav.select_unit(area.id)
    nav.tree.customContextMenuRequested.emit(nav.tree.visualRect(nav.tree.currentIndex()).center())
    menu = nav.context_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text().replace("&", "").startswith("Lists of")]
    action.trigger()
    menu.close()
    dialog = window.unit_lists.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog._commune.id == commune.id
    dialog.close()
