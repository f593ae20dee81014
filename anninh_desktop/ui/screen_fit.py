"""Dialogs that fit the screen they open on.

A dialog sized for a 1920×1080 monitor would open past the edge of a 1366×768 laptop at 125 %
(1093×614 device-independent pixels), its buttons out of reach. A dialog that calls
`keep_on_screen(self)` is bounded by the screen's free area (less the title bar) and moved onto
it whenever it is shown; its content scrolls or wraps below that (each dialog's own layout).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32  # what a window frame takes above the content, where the platform does not say


def screen_area(widget: QWidget) -> QRect:
    """The free area (without the taskbar) of the screen `widget` is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def fit_to_screen(window: QWidget) -> None:
    """Make a top-level window no larger than its screen's free area and place it on it."""
    area = screen_area(window)
    frame = window.frameGeometry().size() - window.size()
    extra = QSize(max(frame.width(), 0), max(frame.height(), TITLE_BAR))
    limit = area.size() - extra
    size = window.size().boundedTo(limit)
    if size != window.size():
        window.resize(size)
    frame_rect = window.frameGeometry()
    x = min(max(frame_rect.x(), area.left()), area.right() - frame_rect.width() + 1)
    y = min(max(frame_rect.y(), area.top()), area.bottom() - frame_rect.height() + 1)
    if QPoint(x, y) != frame_rect.topLeft():
        window.move(max(x, area.left()), max(y, area.top()))


class _FitOnShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            fit_to_screen(watched)
        return False


def keep_on_screen(dialog: QWidget) -> None:
    """Fit `dialog` to its screen each time it is shown (call once, in its constructor)."""
    dialog.installEventFilter(_FitOnShow(dialog))
