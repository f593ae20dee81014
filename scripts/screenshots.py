#!/usr/bin/env python3
"""Open the real window on demo data and save PNGs of it to docs/screenshots/.

Run under a screen or Xvfb:  xvfb-run -a .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from anninh_desktop import i18n
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.workspace import open_workspace
from anninh_desktop.ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder), clock=fixed_clock(DEMO_NOW))
        build_demo(ws, seed=2026)
        for lang in ("vi", "en"):
            i18n.set_language(lang)
            window = MainWindow(ws)
            window.resize(1200, 760)
            window.show()
            app.processEvents()
            target = OUT / f"main-window-{lang}.png"
            window.grab().save(str(target))
            window.close()
            print(target)
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
