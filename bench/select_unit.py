"""Benchmark: selecting a unit in the navigator until its assessment is painted, on province data.

The real main window (offscreen) on `anninh demo --scale province` data. Each sample selects another
unit with an assessment through the navigator and processes events until the new checklist has been
painted by the event loop (one paint, as in the program; header and evidence pane with it).
Baseline of the same run: a QTreeView with a QStandardItemModel of the same size as a checklist
(40 rows × 6 columns), rebuilt and repainted — what Qt alone needs
to show a table of that size. Target from issue 3: < 100 ms per selection.

    .venv/bin/python bench/select_unit.py [--samples 40] [--data-dir D]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_data import province_data

TARGET_MS = 100.0


def paint_counter_class():
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        """Counts the paint events a widget receives (event loop painting, as in the program)."""

        def __init__(self, widget: QObject) -> None:
            super().__init__()
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = args.data_dir or province_data()

    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTreeView

    from anninh_desktop import i18n
    from anninh_desktop.services.workspace import open_workspace
    from anninh_desktop.ui.main_window import MainWindow
    from anninh_desktop.ui.tasks import InlineTaskRunner

    PaintCounter = paint_counter_class()

    i18n.set_language("vi")
    app = QApplication(sys.argv[:1])
    ws = open_workspace(data_dir)
    window = MainWindow(ws, tasks=InlineTaskRunner())
    window.resize(1500, 900)
    window.show()
    app.processEvents()

    year = window.navigator.year()
    unit_ids = sorted({s.assessment.unit_id for s in ws.store.assessments.summaries(year=year)})
    rng = random.Random(2026)
    picks = rng.sample(unit_ids, min(args.samples + 1, len(unit_ids)))
    window.navigator.select_unit(picks[0])  # warm-up: fonts, icons, first set parsed
    app.processEvents()

    painted = PaintCounter(window.assessment.checklist.tree.viewport())
    app_ms: list[float] = []
    for unit_id in picks[1:]:
        before = painted.count
        start = time.perf_counter()
        window.navigator.select_unit(unit_id)
        while painted.count == before:  # until the new checklist has been painted
            app.processEvents()
        app_ms.append((time.perf_counter() - start) * 1000)

    view = QTreeView()
    view.resize(900, 600)
    view.show()
    base_painted = PaintCounter(view.viewport())
    base_ms: list[float] = []
    for sample in range(len(app_ms)):
        start = time.perf_counter()
        model = QStandardItemModel(40, 6)
        for row in range(40):
            for col in range(6):
                model.setItem(row, col, QStandardItem(f"Tiêu chí {sample}.{row}.{col}"))
        view.setModel(model)
        before = base_painted.count
        while base_painted.count == before:
            app.processEvents()
        base_ms.append((time.perf_counter() - start) * 1000)

    med_app, med_base = statistics.median(app_ms), statistics.median(base_ms)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"data: {data_dir}  samples: {len(app_ms)}  load average: {load:.2f}")
    print(f"baseline (Qt tree of 40x6, rebuilt+painted)  median {med_base:7.1f} ms")
    print(
        f"select unit → assessment painted               median {med_app:7.1f} ms  "
        f"p90 {sorted(app_ms)[int(len(app_ms) * 0.9) - 1]:7.1f}  max {max(app_ms):7.1f}"
    )
    print(
        f"ratio to baseline {med_app / med_base:.2f}; target < {TARGET_MS:.0f} ms: "
        f"{'met' if med_app < TARGET_MS else 'missed'} (median)"
    )
    window.close()
    ws.close()


if __name__ == "__main__":
    main()
