"""Small pictures of evidence files for the lists, made off the GUI thread and kept by SHA-256.

Images are decoded by the same bounded decoder as the dossier (services/evidence_pictures: JPEGs
at reduced scale, very large PNGs band by band, true tones for 16-bit grey, palette, CMYK and
transparency) and turned upright by their EXIF orientation; a PDF shows its first page. Files of other
types, and files that cannot be read, get their file-type icon. Decoding runs on a private
one-thread pool so that a folder of 500 photos never competes with an import for both cores; the
results come back through a queue that a GUI-thread timer drains, so no Qt object crosses threads.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QFileInfo, QObject, QRunnable, QSize, Qt, QThreadPool, QTimer
from PySide6.QtGui import QIcon, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QFileIconProvider, QStyle

from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services.evidence_pictures import PictureError, load_picture
from anninh_desktop.services.evidence_warnings import warning_text

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 48
_DRAIN_INTERVAL_MS = 40


def is_image(media_type: str) -> bool:
    return media_type.startswith("image/")


def is_pdf(media_type: str) -> bool:
    return media_type == "application/pdf"


def read_image(path: Path, bound: int, *, qt_fallback: bool = True) -> tuple[QImage, str]:
    """Decode an image file (its format from its content), upright; (image, what went wrong).

    `qt_fallback=False` on a worker thread: Qt's image reader asks the installed translators
    for its error text on a bad file, and our translator is Python code; a worker waiting for
    Python inside Qt's locks while the GUI thread holds Python and waits for one of those
    locks (the file-type icons) deadlocks."""
    try:
        picture = load_picture(path, bound)
    except PictureError as exc:
        log.info("picture %s not shown: %s", path, exc)
        if qt_fallback and exc.check is FileCheck.UNRENDERABLE:  # Qt reads it, Pillow not (SVG)
            image = _read_with_qt(path, bound)
            if not image.isNull():
                return image, ""
        return QImage(), warning_text(exc.check)
    return to_qimage(picture), ""


def _read_with_qt(path: Path, bound: int) -> QImage:
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > bound:
        reader.setScaledSize(size.scaled(bound, bound, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def to_qimage(picture: Image.Image) -> QImage:
    """A QImage holding its own copy of a picture in mode L or RGB."""
    if picture.mode == "L":
        image_format, depth = QImage.Format.Format_Grayscale8, 1
    else:
        picture = picture.convert("RGB") if picture.mode != "RGB" else picture
        image_format, depth = QImage.Format.Format_RGB888, 3
    data = picture.tobytes()
    image = QImage(data, picture.width, picture.height, picture.width * depth, image_format)
    return image.copy()  # the QImage above only borrows `data`


def render_thumbnail(path: Path, media_type: str, size: int = THUMBNAIL_SIZE) -> QImage:
    """The thumbnail of one file (runs on a worker thread); a null image when there is none."""
    if is_image(media_type):
        image, _error = read_image(path, size, qt_fallback=False)
        return image
    if is_pdf(media_type):
        from PySide6.QtPdf import QPdfDocument

        document = QPdfDocument()
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
                return QImage()
            page = document.pagePointSize(0).toSize()
            if page.isEmpty():
                return QImage()
            return document.render(0, page.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
        finally:
            document.close()
    return QImage()


class _Job(QRunnable):
    """Makes one thumbnail on the pool and puts (sha256, image) in the queue."""

    def __init__(
        self, done: queue.SimpleQueue[tuple[str, QImage]], sha256: str, path: Path, media_type: str
    ) -> None:
        super().__init__()
        self._done = done
        self._sha256 = sha256
        self._path = path
        self._media_type = media_type

    def run(self) -> None:
        try:
            image = render_thumbnail(self._path, self._media_type)
        except Exception:  # a damaged file must not kill the worker; it just gets no thumbnail
            log.warning("no thumbnail for %s", self._path, exc_info=True)
            image = QImage()
        self._done.put((self._sha256, image))


class ThumbnailLoader(QObject):
    """Thumbnails by SHA-256: `icon()` answers at once (a placeholder while one is being made)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icons: dict[str, QIcon] = {}
        self._pending: set[str] = set()
        self._failed: set[str] = set()  # not decoded again: they keep their file-type icon
        self._type_icons: dict[str, QIcon] = {}
        self._done: queue.SimpleQueue[tuple[str, QImage]] = queue.SimpleQueue()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setInterval(_DRAIN_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        # Plain callbacks, not a Qt signal: with PySide6 6.12 each emission of a Signal(str) to
        # the list models was measured to drop one reference to None (sys.getrefcount).
        self._listeners: list[Callable[[str], None]] = []

    def add_listener(self, callback: Callable[[str], None]) -> None:
        """Call `callback(sha256)` on the GUI thread when a thumbnail has been made."""
        self._listeners.append(callback)

    def icon(self, sha256: str, filename: str, media_type: str, path: Path) -> QIcon:
        """The thumbnail if made, else the file-type icon (and a thumbnail is started)."""
        made = self._icons.get(sha256)
        if made is not None:
            return made
        wanted = is_image(media_type) or is_pdf(media_type)
        if wanted and sha256 not in self._pending and sha256 not in self._failed:
            self._pending.add(sha256)
            self._pool.start(_Job(self._done, sha256, path, media_type))
            self._timer.start()
        return self.type_icon(filename)

    def type_icon(self, filename: str) -> QIcon:
        suffix = Path(filename).suffix.lower()
        icon = self._type_icons.get(suffix)
        if icon is None:
            icon = QFileIconProvider().icon(QFileInfo(filename))
            if icon.isNull():
                icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            self._type_icons[suffix] = icon
        return icon

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started thumbnail is made (tests, closing)."""
        done = bool(self._pool.waitForDone(msecs))
        self._on_timer_timeout()
        return done

    def _on_timer_timeout(self) -> None:
        while True:
            try:
                sha256, image = self._done.get_nowait()
            except queue.Empty:
                break
            self._pending.discard(sha256)
            if image.isNull():
                self._failed.add(sha256)
                continue
            self._icons[sha256] = QIcon(QPixmap.fromImage(_padded(image)))
            for callback in list(self._listeners):
                callback(sha256)
        if not self._pending:
            self._timer.stop()


def _padded(image: QImage) -> QImage:
    """Centre a thumbnail on a square, so rows line up whatever the picture's shape."""
    square = QImage(
        QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE), QImage.Format.Format_ARGB32_Premultiplied
    )
    square.fill(Qt.GlobalColor.transparent)
    painter = QPainter(square)
    painter.drawImage(
        (THUMBNAIL_SIZE - image.width()) // 2, (THUMBNAIL_SIZE - image.height()) // 2, image
    )
    painter.end()
    return square
