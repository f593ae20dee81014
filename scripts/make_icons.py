#!/usr/bin/env python3
"""Render the application icon (resources/icons/anninh.svg) into PNGs and a Windows .ico.

Usage: .venv/bin/python scripts/make_icons.py   (writes resources/icons/anninh-<size>.png, anninh.ico)

Each size is rendered from the SVG on its own (not scaled down from the biggest), so small sizes
stay sharp; the .ico carries the same renderings for the installer and the Windows executable.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from anninh_desktop.ui.icons import ICON_NAME, ICON_SIZES, icons_dir  # noqa: E402


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    folder = icons_dir()
    svg = folder / f"{ICON_NAME}.svg"
    pngs: list[Path] = []
    for size in ICON_SIZES:
        path = folder / f"{ICON_NAME}-{size}.png"
        if not render(svg, size).save(str(path), "PNG"):
            raise SystemExit(f"make_icons: cannot write {path}")
        pngs.append(path)
        print(f"written {path.relative_to(ROOT)}")
    images = [Image.open(p).convert("RGBA") for p in pngs]
    biggest = images[-1]
    ico = folder / f"{ICON_NAME}.ico"
    # Give Pillow every rendering so that it stores them as they are instead of resampling.
    biggest.save(ico, format="ICO", sizes=[im.size for im in images], append_images=images[:-1])
    print(f"written {ico.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
