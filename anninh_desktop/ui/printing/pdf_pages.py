"""Painting the pages of a PDF onto a printer (or the print preview).

Every printable thing of the program is a PDF laid out by reportlab with the program's own fonts
(the dossier, the "còn thiếu gì" report, a unit's checklist, the overview). Each page is drawn as
a picture at the printer's resolution (at most MAX_DPI): what reaches the printer driver is
pixels, so an office printer without Vietnamese fonts prints every diacritic as the PDF shows it,
and the printout has the PDF's pages exactly (same breaks, same page numbers).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

log = logging.getLogger(__name__)

MAX_DPI = 300  # an A4 page at 300 dpi is 2480 × 3508 pixels (35 MB while it is drawn)


def open_pdf(path: Path) -> QPdfDocument:
    """The loaded document; UserError when it cannot be read."""
    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_ or document.pageCount() == 0:
        log.info("cannot load %s for printing: %s", path, error)
        raise UserError(
            _("“{path}” cannot be printed: it is not a readable PDF file.").format(path=path)
        )
    return document


def page_indexes(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print: the range chosen in the print dialog, else every page."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return list(range(first - 1, last))
    return list(range(count))


def _page_layout(size_points: QSizeF) -> QPageLayout:
    """A layout of the PDF page's own size and orientation, without margins."""
    landscape = size_points.width() > size_points.height()
    portrait = QSizeF(min(size_points.width(), size_points.height()),
                      max(size_points.width(), size_points.height()))  # fmt: skip
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))


def fitted(page: QSizeF, paper: QRectF) -> QRectF:
    """Where a page goes on the paper: the whole sheet for a page of the paper's size; a page of
    another size (a Letter or landscape scan inside an A4 dossier) scaled to fit, centred (the
    paper is set once, from the first page: a printer takes no new size while it prints)."""
    scale = min(paper.width() / page.width(), paper.height() / page.height())
    width, height = page.width() * scale, page.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


def paint_pdf(document: QPdfDocument, printer: QPrinter, *, max_dpi: int = MAX_DPI) -> int:
    """Draw the chosen pages of `document` on `printer` (paper of the first page's size);
    returns the number of pages drawn."""
    pages = page_indexes(printer, document.pageCount())
    if not pages:
        return 0
    printer.setFullPage(True)
    printer.setPageLayout(_page_layout(document.pagePointSize(pages[0])))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("The printer could not be started. Check that it is ready."))
    try:
        dpi = min(printer.resolution(), max_dpi)
        paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
        paper.moveTo(0, 0)
        for number, index in enumerate(pages):
            if number:
                printer.newPage()
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, pixels)
            painter.drawImage(fitted(points, paper), image)
    finally:
        painter.end()
    return len(pages)
