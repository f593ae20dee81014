"""Benchmark: per-keystroke filtering of the navigator on province-scale data.

Types queries letter by letter into a real NavigatorWidget (offscreen) and times, per keystroke,
the widget's whole reaction to the text change: filtering the in-memory folded index, resetting the
model and opening the parents of the matches; a second figure adds the view's layout and a full
paint of the pane (`grab()`). Baseline of the same run:
a plain Python substring scan over the folded names of the same units.

    .venv/bin/python bench/navigator_filter.py [--data-dir D] [--queries "chau hung" "ấp 3"]

Two scopes: the office's units (default view) and every official unit with the former ones
(about 14,000 units). Target: < 50 ms per keystroke.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_data import REPO_ROOT, province_data

sys.path.insert(0, str(REPO_ROOT))
TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="default: bench/out/province (built once)")
    parser.add_argument("--queries", nargs="+", default=["chau hung", "ấp 3", "ấp 03", "an phu"])
    parser.add_argument("--repeat", type=int, default=3, help="type each query this many times")
    args = parser.parse_args()
    data_dir = args.data_dir or province_data()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from anninh_desktop.domain.text import fold
    from anninh_desktop.services.workspace import open_workspace
    from anninh_desktop.ui.navigator import NavigatorWidget

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(data_dir, seed_reference=False)
    widget = NavigatorWidget(ws)
    widget.resize(420, 800)
    widget.show()
    app.processEvents()
    print(f"data: {data_dir}  load average: {os.getloadavg()[0]:.2f}")
    for label, all_units in (("office units", False), ("all + former units", True)):
        widget.all_units_check.setChecked(all_units)
        widget.historic_check.setChecked(all_units)
        app.processEvents()
        tree = widget.model.tree
        names = [u.search_text for u in tree.units.values()]
        print(f"\n{label}: {len(tree.units):,} units")
        for query in args.queries:
            ours: list[float] = []
            painted: list[float] = []
            base: list[float] = []
            for _ in range(args.repeat):
                widget.search.clear()
                app.processEvents()
                for n in range(1, len(query) + 1):
                    prefix = query[:n]
                    start = time.perf_counter()
                    folded = fold(prefix)
                    hits = [t for t in names if folded in t]
                    base.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    widget.search.setText(prefix)  # textChanged → filter, model reset, expand
                    ours.append(time.perf_counter() - start)
                    app.processEvents()  # layout and paint of the view
                    widget.grab()  # offscreen: force a full paint of the pane
                    painted.append(time.perf_counter() - start)
            shown = len(widget._result.matched) if widget._result else len(tree.units)
            print(
                f"  {query!r:16} navigator median {statistics.median(ours) * 1000:6.1f} ms"
                f"  max {max(ours) * 1000:6.1f} ms | substring scan median "
                f"{statistics.median(base) * 1000:5.1f} ms  max {max(base) * 1000:5.1f} ms"
                f" | {shown} matches, {len(hits)} substring hits"
            )
            print(
                f"  {'':16} with layout + paint median {statistics.median(painted) * 1000:6.1f} ms"
                f"  max {max(painted) * 1000:6.1f} ms"
            )
            verdict = "met" if max(ours) * 1000 < TARGET_MS else "missed"
            print(f"  {'':16} max < {TARGET_MS:.0f} ms: {verdict}")
    widget.close()
    widget.deleteLater()
    app.processEvents()
    ws.close()


if __name__ == "__main__":
    main()
