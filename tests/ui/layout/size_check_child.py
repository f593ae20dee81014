"""Child process of test_window_sizes.py: the real window at one scale (QT_SCALE_FACTOR is set by
the parent before Qt starts), every screen size, in Vietnamese then English.

Usage: python size_check_child.py DEMO_FOLDER WORK_FOLDER SCALE [SHOTS_FOLDER]
Prints one JSON line: {"problems": [...], "checked": [...]}.
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # window_geometry, and tests/ for fixtures

from window_geometry import run_all  # noqa: E402


def main() -> int:
    # A layout that never settles would hang the test: say where, and stop.
    faulthandler.dump_traceback_later(150, exit=True)
    template, work, scale = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    shots = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    shutil.copytree(template, work)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    problems, checked = run_all(work, scale, shots)
    print(json.dumps({"problems": problems, "checked": checked}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
