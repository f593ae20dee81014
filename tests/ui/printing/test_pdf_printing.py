"""Printing a PDF through Qt's print support: a PDF printer (QPrinter in PDF output mode, as a
"Microsoft Print to PDF" or CUPS-PDF driver would be) receives the same pages as the file —
same count, same paper size, each page the same picture (compared rendered with pdftoppm, and
against a different page so the comparison can fail) — and the preview shows them all."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from PIL import Image
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from anninh_desktop import i18n
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.missing_report.build import build_missing_report
from anninh_desktop.services.missing_report.content import Scope
from anninh_desktop.ui.printing.pdf_pages import open_pdf, paint_pdf
from anninh_desktop.ui.printing.preview import PdfPrintPreview, preview_pdf


def _png(pdf: Path, page: int, out: Path) -> Image.Image:
    stem = out / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page), "-singlefile",
         "-png", str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    return Image.open(f"{stem}.png").convert("L")


def _likeness(a: Image.Image, b: Image.Image) -> float:
    """Correlation of two pages' greys at 100 pixels across: about 0.8 or more for the same page
    drawn by two renderers (poppler draws the file, pdfium drew the print), below 0.5 for two
    different pages of the report."""
    size = (100, round(100 * a.size[1] / a.size[0]))
    x = list(a.resize(size, Image.Resampling.BOX).tobytes())
    y = list(b.resize(size, Image.Resampling.BOX).tobytes())
    return statistics.correlation(x, y)


@pytest.fixture()
def report_pdf(demo_workspace, tmp_path) -> Path:
    i18n.set_language("vi")
    commune = demo_workspace.store.units.by_code(MAIN_COMMUNE_CODE)
    built = build_missing_report(
        demo_workspace, commune.id, Scope.WITH_UNITS, pdf=tmp_path / "report.pdf"
    )
    assert built.pages >= 3
    return built.pdf


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_a_pdf_printer_receives_the_same_pages(qapp, report_pdf, tmp_path) -> None:
    printed = tmp_path / "printed.pdf"
    assert paint_pdf(open_pdf(report_pdf), _pdf_printer(printed), max_dpi=150) == len(
        PdfReader(report_pdf).pages
    )
    source, copy = PdfReader(report_pdf), PdfReader(printed)
    assert len(copy.pages) == len(source.pages)
    for a, b in zip(source.pages, copy.pages, strict=True):
        assert abs(float(a.mediabox.width) - float(b.mediabox.width)) < 1.5  # A4, not Letter
        assert abs(float(a.mediabox.height) - float(b.mediabox.height)) < 1.5
    pages = range(1, len(source.pages) + 1)
    files = [_png(report_pdf, n, tmp_path) for n in pages]
    prints = [_png(printed, n, tmp_path) for n in pages]
    for index, printed_page in enumerate(prints):
        likeness = [_likeness(f, printed_page) for f in files]
        assert likeness[index] > 0.7, (index + 1, likeness)
        # each printed page is most like its own page of the file, by far
        others = likeness[:index] + likeness[index + 1 :]
        assert likeness[index] > max(others) + 0.2, (index + 1, likeness)


def test_the_page_range_of_the_print_dialog_is_honoured(qapp, report_pdf, tmp_path) -> None:
    printed = tmp_path / "range.pdf"
    printer = _pdf_printer(printed)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert paint_pdf(open_pdf(report_pdf), printer, max_dpi=100) == 2
    assert len(PdfReader(printed).pages) == 2
    second = _png(printed, 2, tmp_path)
    assert _likeness(_png(report_pdf, 3, tmp_path), second) > 0.7
    assert _likeness(_png(report_pdf, 2, tmp_path), second) < 0.6


def test_the_preview_shows_every_page(qtbot, report_pdf) -> None:
    dialog = preview_pdf(report_pdf, "Còn thiếu gì")
    assert isinstance(dialog, PdfPrintPreview)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == len(PdfReader(report_pdf).pages))
    assert "Còn thiếu gì" in dialog.windowTitle()
    dialog.close()


def test_a_file_that_is_not_a_pdf_gives_a_message(qapp, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(UserError, match=r"bad\.pdf"):
        open_pdf(bad)
    shown: list[str] = []
    monkeypatch.setattr(
        "anninh_desktop.ui.printing.preview.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    assert preview_pdf(bad, "x") is None
    assert shown and "bad.pdf" in shown[0]


def test_a_page_of_another_size_is_fitted_on_the_paper(qapp, tmp_path) -> None:
    from PySide6.QtCore import QRectF, QSizeF
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from anninh_desktop.ui.printing.pdf_pages import fitted

    paper = QRectF(0, 0, 2480, 3508)  # A4 at 300 dpi
    same = fitted(QSizeF(*A4), paper)
    assert abs(same.width() - 2480) < 1 and abs(same.height() - 3508) < 1  # the whole sheet
    assert abs(same.x()) < 1 and abs(same.y()) < 1
    wide = fitted(QSizeF(*landscape(A4)), paper)
    assert abs(wide.width() - 2480) < 1  # the page's width on the sheet's width
    assert abs(wide.height() / wide.width() - A4[0] / A4[1]) < 0.001  # its proportions kept
    assert abs(wide.y() - (3508 - wide.height()) / 2) < 1  # centred, nothing cut off

    mixed = tmp_path / "mixed.pdf"  # an A4 dossier with a landscape scan in it
    canvas = Canvas(str(mixed), pagesize=A4)
    canvas.drawString(72, 720, "portrait")
    canvas.showPage()
    canvas.setPageSize(landscape(A4))
    canvas.drawString(72, 500, "landscape")
    canvas.showPage()
    canvas.save()
    printed = tmp_path / "printed.pdf"
    assert paint_pdf(open_pdf(mixed), _pdf_printer(printed), max_dpi=72) == 2
    pages = PdfReader(printed).pages
    assert len(pages) == 2
    assert all(float(p.mediabox.height) > float(p.mediabox.width) for p in pages)  # A4 paper
