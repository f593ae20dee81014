"""The application icon has a real picture at every size; high DPI keeps fractional scale factors."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from anninh_desktop.ui.icons import (
    ICON_NAME,
    ICON_SIZES,
    app_icon,
    configure_high_dpi,
    icon_file,
    icons_dir,
)


def test_app_icon_has_every_size() -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= set(ICON_SIZES)


def test_each_size_is_a_red_shield_with_a_yellow_star() -> None:
    icon = app_icon()
    for size in ICON_SIZES:
        image = icon.pixmap(QSize(size, size)).toImage()
        assert (image.width(), image.height()) == (size, size)
        corner = image.pixelColor(0, 0)
        assert corner.alpha() == 0  # transparent around the shield
        star = QColor(image.pixelColor(size // 2, size // 2))  # the star's centre
        assert star.red() > 200 and star.green() > 180 and star.blue() < 80, (size, star.name())
        edge = QColor(image.pixelColor(size // 4, size // 2))  # red shield beside the star
        assert edge.red() > 150 and edge.green() < 90, (size, edge.name())


def test_windows_icon_file_has_every_size() -> None:
    with Image.open(icons_dir() / f"{ICON_NAME}.ico") as ico:
        assert {w for w, _h in ico.info["sizes"]} == set(ICON_SIZES)
    for size in ICON_SIZES:
        assert icon_file(size).stat().st_size > 200


@pytest.mark.slow
def test_high_dpi_keeps_the_exact_scale_factor() -> None:
    code = (
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from anninh_desktop.ui.icons import configure_high_dpi\n"
        "QGuiApplication.setHighDpiScaleFactorRoundingPolicy(\n"
        "    Qt.HighDpiScaleFactorRoundingPolicy.Round)  # as if a platform rounded\n"
        "configure_high_dpi()\n"
        "app = QGuiApplication([])\n"
        "print(QGuiApplication.highDpiScaleFactorRoundingPolicy().name, app.devicePixelRatio())\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="1.25")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["PassThrough", "1.25"]


def test_high_dpi_setup_after_the_application_exists_is_ignored(qapp, caplog) -> None:
    from PySide6.QtGui import QGuiApplication

    before = QGuiApplication.highDpiScaleFactorRoundingPolicy()
    with caplog.at_level(logging.WARNING, logger="anninh_desktop.ui.icons"):
        configure_high_dpi()
    assert "after the application was created" in caplog.text
    assert QGuiApplication.highDpiScaleFactorRoundingPolicy() == before
