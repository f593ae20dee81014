#!/usr/bin/env python3
"""Save PNGs of the "Phong trào" view to docs/screenshots/ (commune demo + the movement's demo).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/movement_screenshots.py   (or under xvfb-run)

Views: the models and sites of Xã Hồ Thị Kỷ with the dossier check, the period's figures as a form,
the roll-up of the province, the communes of the province. The view is the widget the main window
shows in its "Phong trào" tab (ui/movement).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from anninh_desktop import i18n
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, build_demo
from anninh_desktop.services.movement.demo import add_movement_demo
from anninh_desktop.services.workspace import open_workspace
from anninh_desktop.ui.movement import MovementWidget
from anninh_desktop.ui.qt_catalog import apply_language
from anninh_desktop.ui.tasks import InlineTaskRunner

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
COMMUNE_CODE = "32092"
PROVINCE_CODE = "96"


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    app = QApplication(sys.argv)
    i18n.set_language("vi")
    apply_language(app, "vi")
    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(Path(folder) / "data", clock=fixed_clock(DEMO_NOW))
        build_demo(ws)
        add_movement_demo(ws)
        ws.clock = fixed_clock(DEMO_NOW)
        view = MovementWidget(ws, InlineTaskRunner())
        view.resize(1500, 900)
        view.show()
        commune = ws.store.units.by_code(COMMUNE_CODE)
        province = ws.store.units.by_code(PROVINCE_CODE)
        view.show_scope(commune.id, 2026)
        view.set_period(ReportPeriod(2026))
        shots = [
            (view.sites, "movement-sites-vi.png", commune.id),
            (view.figures, "movement-figures-vi.png", commune.id),
            (view.rollup, "movement-rollup-vi.png", province.id),
            (view.offices, "movement-communes-vi.png", province.id),
        ]
        for page, name, scope in shots:
            if view.data() is None or view.data().scope.id != scope:
                view.show_scope(scope, 2026)
            view.tabs.setCurrentWidget(page)
            settle(app)
            target = OUT / name
            view.grab().save(str(target))
            print(target)
        view.close()
        ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
