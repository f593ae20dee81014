"""Preview of one evidence file: images upright, PDFs page by page, anything else described.

A file that cannot be shown (a damaged image, an encrypted or damaged PDF) gives a message in
place of the preview; the system viewer stays available for it. What the check on arrival found
(encrypted, cut short, damaged…) is shown above the preview, whether or not the file shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.i18n import _
from anninh_desktop.services.evidence_warnings import warning_text
from anninh_desktop.ui.evidence.file_size import format_size
from anninh_desktop.ui.evidence.thumbnails import is_image, is_pdf, read_image

PAGE_EMPTY, PAGE_IMAGE, PAGE_PDF, PAGE_INFO, PAGE_MESSAGE = range(5)
# Photos are decoded no larger than this: a 12-megapixel photo would cost time and memory for
# nothing on a side pane.
IMAGE_BOUND = 2048
WARNING_STYLE = (
    "QLabel { background: #fff7ed; color: #9a3412; border: 1px solid #fdba74;"
    " border-radius: 4px; padding: 4px 8px; }"
)


class _ImageLabel(QLabel):
    """Shows an image scaled to fit, keeping its shape, redrawn when resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(QSize(80, 80))
        self._image = QImage()

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._rescale()

    def image(self) -> QImage:
        return self._image

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._image.isNull():
            self.clear()
            return
        pixmap = QPixmap.fromImage(self._image)
        if pixmap.width() > self.width() or pixmap.height() > self.height():
            pixmap = pixmap.scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.setPixmap(pixmap)


class PreviewWidget(QWidget):
    """What the selected revision looks like; `openRequested` asks for the system viewer."""

    openRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.open_button = QPushButton(_("Open with the system viewer"), self)
        self.open_button.setEnabled(False)
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.hide()

        self.stack = QStackedWidget(self)
        self.empty_label = QLabel(_("Choose an item to see it here."), self.stack)
        self.image_label = _ImageLabel(self.stack)
        self.pdf_page = QWidget(self.stack)
        self.pdf_document = QPdfDocument(self)
        self.pdf_view = QPdfView(self.pdf_page)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.pdf_view.setDocument(self.pdf_document)
        self.previous_button = QToolButton(self.pdf_page)
        self.previous_button.setText(_("Previous page"))
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.next_button = QToolButton(self.pdf_page)
        self.next_button.setText(_("Next page"))
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.page_label = QLabel(self.pdf_page)
        self.info_label = QLabel(self.stack)
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel(self.stack)
        self.message_label.setWordWrap(True)
        for label in (self.empty_label, self.info_label, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        pdf_layout = QVBoxLayout(self.pdf_page)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        pdf_layout.addWidget(self.pdf_view, 1)
        nav = QHBoxLayout()
        nav.addStretch(1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_label)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        pdf_layout.addLayout(nav)
        for page in (
            self.empty_label,
            self.image_label,
            self.pdf_page,
            self.info_label,
            self.message_label,
        ):
            self.stack.addWidget(page)

        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.stack, 1)

        self.open_button.clicked.connect(self.openRequested)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._on_navigator_page_changed)
        self.clear()

    # ------------------------------------------------------------------------ public interface
    def clear(self) -> None:
        self._close_pdf()
        self.image_label.set_image(QImage())
        self.name_label.clear()
        self._set_warning(FileCheck.UNCHECKED)
        self.open_button.setEnabled(False)
        self.stack.setCurrentIndex(PAGE_EMPTY)

    def show_file(
        self,
        path: Path,
        filename: str,
        media_type: str,
        size: int,
        *,
        check: FileCheck = FileCheck.UNCHECKED,
    ) -> None:
        """Show a stored file; `filename` and `media_type` are the original file's, `check` what
        the check on arrival found."""
        self._close_pdf()
        self.image_label.set_image(QImage())
        self.name_label.setText(filename)
        self._set_warning(check)
        self.open_button.setEnabled(True)
        if is_image(media_type):
            self._show_image(path)
        elif is_pdf(media_type):
            self._show_pdf(path)
        else:
            self.info_label.setText(
                _("{name}\n{size} · {type}\n\nThere is no preview for this type of file.").format(
                    name=filename, size=format_size(size), type=media_type
                )
            )
            self.stack.setCurrentIndex(PAGE_INFO)

    def image(self) -> QImage:
        """The picture shown (null when none), upright."""
        return self.image_label.image()

    def page(self) -> int:
        """The PDF page shown, from 1 (0 when no PDF is shown)."""
        if self.stack.currentIndex() != PAGE_PDF:
            return 0
        return self.pdf_view.pageNavigator().currentPage() + 1

    def page_count(self) -> int:
        return self.pdf_document.pageCount() if self.stack.currentIndex() == PAGE_PDF else 0

    def warning(self) -> str:
        """The warning shown above the preview ("" when none)."""
        return self.warning_label.text() if not self.warning_label.isHidden() else ""

    def message(self) -> str:
        """The message shown in place of a preview ("" when the file is shown)."""
        return self.message_label.text() if self.stack.currentIndex() == PAGE_MESSAGE else ""

    def go_to_page(self, page: int) -> None:
        """Show PDF page `page` (from 1), clamped to the document."""
        count = self.pdf_document.pageCount()
        if count < 1:
            return
        target = min(max(page, 1), count) - 1
        self.pdf_view.pageNavigator().jump(target, QPointF(), 0)
        self._update_page_label()

    # ------------------------------------------------------------------------------ internals
    def _show_image(self, path: Path) -> None:
        image, error = read_image(path, IMAGE_BOUND)
        if image.isNull():
            self._show_message(
                _("This picture cannot be shown. {reason}").format(
                    reason=error or warning_text(FileCheck.DAMAGED)
                )
            )
            return
        self.image_label.set_image(image)
        self.stack.setCurrentIndex(PAGE_IMAGE)

    def _show_pdf(self, path: Path) -> None:
        error = self.pdf_document.load(str(path))
        if error in (
            QPdfDocument.Error.IncorrectPassword,
            QPdfDocument.Error.UnsupportedSecurityScheme,
        ):
            self._close_pdf()
            self._show_message(
                _(
                    "This PDF is protected by a password and cannot be previewed here. "
                    "Open it with the system viewer."
                )
            )
            return
        if error != QPdfDocument.Error.None_ or self.pdf_document.pageCount() < 1:
            self._close_pdf()
            self._show_message(_("This PDF cannot be shown: the file is damaged or not a PDF."))
            return
        self.stack.setCurrentIndex(PAGE_PDF)
        self.go_to_page(1)

    def _set_warning(self, check: FileCheck) -> None:
        if not check.is_warning:
            self.warning_label.clear()
            self.warning_label.hide()
            return
        self.warning_label.setText(_("⚠ {explanation}").format(explanation=warning_text(check)))
        self.warning_label.show()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.stack.setCurrentIndex(PAGE_MESSAGE)

    def _close_pdf(self) -> None:
        if self.pdf_document.pageCount() or self.pdf_document.status() != QPdfDocument.Status.Null:
            self.pdf_document.close()
        self.page_label.clear()

    def _update_page_label(self) -> None:
        count = self.pdf_document.pageCount()
        current = self.pdf_view.pageNavigator().currentPage() + 1
        self.page_label.setText(_("Page {page} of {count}").format(page=current, count=count))
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(current < count)

    def _on_previous_button_clicked(self) -> None:
        self.go_to_page(self.page() - 1)

    def _on_next_button_clicked(self) -> None:
        self.go_to_page(self.page() + 1)

    def _on_navigator_page_changed(self, _page: int) -> None:
        if self.stack.currentIndex() == PAGE_PDF:
            self._update_page_label()
