"""Printing from the window: File ▸ Print prints the open assessment's checklist or the overview,
the dossier window prints the dossier; each through the print preview, whose pages are the
printout's, and a PDF printer receives them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.ui.dossier import DossierDialog
from anninh_desktop.ui.main_window import TAB_OVERVIEW, MainWindow
from anninh_desktop.ui.printing.pdf_pages import paint_pdf


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def _preview_pages(qtbot, preview) -> int:
    qtbot.waitExposed(preview)
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() > 0)
    return widget.pageCount()


def _print_to_pdf(preview, path: Path) -> int:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return paint_pdf(preview.document, printer, max_dpi=72)


def test_file_print_prints_the_open_checklist(qtbot, window, demo_workspace, tmp_path) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    qtbot.waitUntil(lambda: window.assessment.header.current_assessment_id() is not None)
    window.print_action.trigger()
    job = window.print_job
    source = job.scratch / "print.pdf"
    text = _text(source)
    assert "BẢNG TỰ ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ" in text
    assert "Đơn vị: Xã Hồ Thị Kỷ" in text
    assert "(Self-assessed; as of " in text  # the window's language; the state of the demo
    pages = len(PdfReader(source).pages)
    assert _preview_pages(qtbot, job.preview) == pages
    assert _print_to_pdf(job.preview, tmp_path / "printed.pdf") == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages
    job.preview.close()
    assert not job.scratch.exists()


def test_file_print_on_the_overview_prints_its_tables(qtbot, window, demo_workspace) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    window.navigator.select_unit(commune.id)
    window.tabs.setCurrentIndex(TAB_OVERVIEW)
    window.print_action.trigger()
    job = window.print_job
    text = _text(job.scratch / "print.pdf")
    assert "Overview" in text and "Xã Hồ Thị Kỷ, 2026" in text
    assert "Units by state" in text and "Deadlines" in text
    assert _preview_pages(qtbot, job.preview) == len(PdfReader(job.scratch / "print.pdf").pages)
    job.preview.close()


def test_the_dossier_window_prints_the_built_dossier(qtbot, demo_workspace, inline_tasks) -> None:
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    (a,) = [
        x
        for x in demo_workspace.store.assessments.for_unit(commune.id)
        if x.year == 2026 and demo_workspace.store.criteria.get(x.set_id).code == "tt124-xa-phuong"
    ]
    dialog = DossierDialog(demo_workspace, a.id, inline_tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.view.print_button.isEnabled()  # nothing built yet
    dialog.view.build_button.click()  # built on the (inline) worker
    qtbot.waitUntil(lambda: dialog.view.print_button.isEnabled())
    target = dossier_service.default_output_path(demo_workspace, a.id)
    dialog.view.print_button.click()
    preview = dialog.print_preview
    assert _preview_pages(qtbot, preview) == len(PdfReader(target).pages)
    preview.close()


def test_file_print_elsewhere_says_what_can_be_printed(qtbot, window, monkeypatch) -> None:
    from anninh_desktop.ui.main_window import TAB_CRITERIA

    shown: list[str] = []
    monkeypatch.setattr(
        "anninh_desktop.ui.main_window.QMessageBox.information",
        lambda _parent, _title, text: shown.append(text),
    )
    window.tabs.setCurrentIndex(TAB_CRITERIA)
    window.print_action.trigger()
    assert shown and "overview" in shown[0]
    assert window.print_action.shortcut().toString() == "Ctrl+P"
