"""The print dialog with its preview, for a PDF file (see `pdf_pages`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.ui.printing.pdf_pages import open_pdf, paint_pdf

log = logging.getLogger(__name__)


class PdfPrintPreview(QPrintPreviewDialog):
    """Qt's print preview of a PDF's pages; its Print button opens the system's print dialog.

    Opened window-modally with `open()`; it deletes itself when closed."""

    def __init__(self, document: QPdfDocument, title: str, parent: QWidget | None = None) -> None:
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(title)
        super().__init__(self.printer, parent)
        self.document = document
        document.setParent(self)
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        self.paintRequested.connect(self._on_paintRequested)
        self.resize(900, 700)

    def _on_paintRequested(self, printer: QPrinter) -> None:
        try:
            paint_pdf(self.document, printer)
        except UserError as exc:
            log.info("printing failed: %s", exc)
            QMessageBox.warning(self, _("Printing failed"), str(exc))


def preview_pdf(path: Path, title: str, parent: QWidget | None = None) -> PdfPrintPreview | None:
    """Open the print preview of the PDF at `path`; a message instead when it cannot be read."""
    try:
        document = open_pdf(path)
    except UserError as exc:
        QMessageBox.warning(parent, _("Printing failed"), str(exc))
        return None
    dialog = PdfPrintPreview(document, title, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
