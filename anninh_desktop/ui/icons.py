"""The program's look: its icon at every size the desktop asks for, and high-DPI scaling.

The icon (a red shield with a yellow star) is rendered from resources/icons/anninh.svg by
scripts/make_icons.py, one PNG a size, so the window icon, the taskbar and Alt+Tab each get a sharp
picture. Icons of actions come from the style (`QStyle.standardIcon`), which matches the platform.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from anninh_desktop.locations import resources_dir

log = logging.getLogger(__name__)

ICON_NAME = "anninh"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icons_dir() -> Path:
    return resources_dir() / "icons"


def icon_file(size: int) -> Path:
    """The PNG of the application icon at `size` pixels."""
    return icons_dir() / f"{ICON_NAME}-{size}.png"


def app_icon() -> QIcon:
    """The application icon with one rendering per size (empty if the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = icon_file(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def standard_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    """An icon of the current style, e.g. `QStyle.StandardPixmap.SP_DirOpenIcon`."""
    return QApplication.style().standardIcon(pixmap)


def configure_high_dpi() -> None:
    """Scale by the screen's exact factor (125 %, 150 %); call before the QApplication exists.

    Qt 6 always scales for high DPI; the rounding policy decides whether 125 % becomes 100 % (too
    small) or 200 % (too big). PassThrough keeps the fraction, so text and widgets grow by exactly
    the factor Windows is set to.
    """
    if QCoreApplication.instance() is not None:
        log.warning("configure_high_dpi() called after the application was created: ignored")
        return
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
