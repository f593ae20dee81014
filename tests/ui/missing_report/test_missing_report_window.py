"""The "còn thiếu gì" report in the window: reached from the assessment header, the unit list's
context menu and the File menu; saved as PDF and Excel on a worker, printed through the preview,
stopped without leaving a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintPreviewWidget

from anninh_desktop.services.missing_report.content import Scope
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.missing_report import MissingReportDialog
from anninh_desktop.ui.tasks import TaskRunner


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _save_to(dialog: MissingReportDialog, path: Path) -> list[Path]:
    asked: list[Path] = []

    def ask(_caption, suggested, _filter):
        asked.append(suggested)
        return path

    dialog._ask_save_path = ask
    return asked


def test_the_header_opens_the_report_of_the_commune_with_its_units(
    qtbot, window, demo_workspace, tmp_path
) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    qtbot.waitUntil(lambda: window.assessment.header.current_assessment_id() is not None)
    button = window.assessment.header.view.missing_button
    assert button.isVisible()
    button.click()
    dialog = window.missing_dialog
    assert isinstance(dialog, MissingReportDialog) and dialog.isVisible()
    assert dialog.scope() is Scope.WITH_UNITS  # a commune: with its units by default
    assert dialog.year() == 2026
    assert not dialog.stop_button.isVisible() and not dialog.progress.isVisible()  # idle
    asked = _save_to(dialog, tmp_path / "report")  # no suffix typed: .pdf is added
    dialog.pdf_button.click()
    assert asked[0].name == "con-thieu-gi-xa-ho-thi-ky-va-don-vi-2026.pdf"
    pdf = tmp_path / "report.pdf"
    assert pdf.is_file() and len(PdfReader(pdf).pages) >= 2
    assert "Saved to" in dialog.message.text() and str(pdf) in dialog.message.text()
    assert "29 items still missing in 17 assessments" in dialog.message.text()
    assert dialog.pdf_button.isEnabled() and not dialog.progress.isVisible()
    # the unit alone, as Excel
    dialog.unit_radio.setChecked(True)
    _save_to(dialog, tmp_path / "alone.xlsx")
    dialog.xlsx_button.click()
    rows = list(
        load_workbook(tmp_path / "alone.xlsx")["What is missing"].iter_rows(values_only=True)
    )
    assert {r[0] for r in rows[1:]} == {"Xã Hồ Thị Kỷ"}
    dialog.close()


def test_the_unit_lists_context_menu_opens_it_for_the_clicked_unit(
    qtbot, window, demo_workspace, tmp_path
) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    (area,) = [u for u in demo_workspace.store.units.children(commune.id) if u.name == "Lung Lá"]
    nav = window.navigator
    nav.select_unit(area.id)
    tree = nav.tree
    rect = tree.visualRect(tree.currentIndex())
    # as Qt sends it for a right click on the row (and for the menu key: the current row's centre)
    tree.customContextMenuRequested.emit(rect.center())
    menu = nav.context_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text().startswith("What is still")]
    action.trigger()
    menu.close()
    dialog = window.missing_dialog
    assert dialog.isVisible()
    assert dialog.scope() is Scope.UNIT and not dialog.with_units_radio.isVisible()
    _save_to(dialog, tmp_path / "lung-la.pdf")
    dialog.pdf_button.click()
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "lung-la.pdf").pages)
    assert "Ấp Lung Lá" in text and "Hồ Thị Kỷ — " not in text
    dialog.close()


def test_print_shows_the_report_in_the_preview(qtbot, window, demo_workspace) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    window.missing_action.trigger()  # File ▸ What is still missing…
    dialog = window.missing_dialog
    dialog.print_button.click()
    preview = dialog.preview
    assert preview is not None
    qtbot.waitExposed(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() >= 2)
    scratch = dialog._scratch
    assert scratch is not None and (scratch / "con-thieu-gi.pdf").is_file()
    preview.close()
    dialog.close()
    assert not scratch.exists()  # the printout's scratch copy goes with the dialog


def test_stop_while_it_runs_leaves_no_file(
    qtbot, demo_workspace, tmp_path, hold_at_first_progress
) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    tasks = TaskRunner()  # a real worker thread: Stop is clicked while it runs
    dialog = MissingReportDialog(demo_workspace, tasks, commune.id, 2026)
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "out"
    out.mkdir()
    _save_to(dialog, out / "stopped.pdf")
    dialog.pdf_button.click()
    assert not dialog.pdf_button.isEnabled() and dialog.stop_button.isVisible()
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 0, timeout=10_000)
    dialog.stop_button.click()
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled(), timeout=20_000)
    assert tasks.wait(20_000)
    assert dialog.message.text() == "Stopped; nothing was saved."
    assert list(out.iterdir()) == []  # neither the file nor a partial one


def test_a_write_that_fails_says_so_and_keeps_the_dialog(
    qtbot, demo_workspace, inline_tasks, tmp_path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "anninh_desktop.ui.missing_report.dialog.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    dialog = MissingReportDialog(demo_workspace, inline_tasks, commune.id, 2026)
    qtbot.addWidget(dialog)
    dialog.show()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    _save_to(dialog, blocked / "report.pdf")
    dialog.pdf_button.click()
    assert shown and "report.pdf" in shown[0]
    assert dialog.isVisible() and dialog.pdf_button.isEnabled()
