"""Benchmark: start-up of the program's window against a bare PySide6 window, same run.

Each sample is a fresh process timed from its start to its exit (warm OS caches: one untimed run of
each kind first). Kinds, alternated run by run:
  bare       python -c: QApplication, QMainWindow.show(), quit from a zero timer
  app        python -m anninh_desktop.app --data-dir <province data> --lang vi --exit-when-shown
  navigator  a QMainWindow with only the NavigatorWidget on the province data (same exit rule):
             what the navigator adds to a start once the main window uses it

    .venv/bin/python bench/window_start.py [--runs 7] [--data-dir D] [--importtime]

(`python -m anninh_desktop` is the command line, not the window: the window is anninh_desktop.app.)
See bench/README.md for the figures. Target: app / bare <= 2.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_data import REPO_ROOT, province_data

TARGET = 2.5

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1100, 700); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

NAVIGATOR = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from anninh_desktop.i18n import set_language
set_language("vi")
app = QApplication(sys.argv[:1])
from anninh_desktop.services.workspace import open_workspace
from anninh_desktop.ui.navigator import NavigatorWidget
ws = open_workspace(Path(sys.argv[1]), seed_reference=False)
w = QMainWindow(); w.resize(1100, 700)
w.setCentralWidget(NavigatorWidget(ws)); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def commands(data_dir: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "bare": [py, "-c", BARE],
        "app": [
            py,
            "-m",
            "anninh_desktop.app",
            "--data-dir",
            str(data_dir),
            "--lang",
            "vi",
            "--exit-when-shown",
            "--no-demo",
        ],
        "navigator": [py, "-c", NAVIGATOR, str(data_dir)],
    }


def run_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"exit status {done.returncode}: {tail}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, help="default: bench/out/province (built once)")
    parser.add_argument(
        "--importtime",
        action="store_true",
        help="also print the slowest imports of the app (python -X importtime)",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or province_data()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    cmds = commands(data_dir)
    for name, command in list(cmds.items()):  # warm the caches; leave out what cannot start
        try:
            run_once(command, env)
        except RuntimeError as exc:
            print(f"{name}: does not start, left out ({exc})")
            del cmds[name]
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for n in range(args.runs):
        order = list(cmds) if n % 2 == 0 else list(reversed(cmds))
        for name in order:
            times[name].append(run_once(cmds[name], env))
    bare = statistics.median(times["bare"])
    print(f"data: {data_dir}  runs: {args.runs}  load average: {os.getloadavg()[0]:.2f}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:10s} median {median:6.3f} s  min {min(values):6.3f}  max {max(values):6.3f}"
            f"  ratio {median / bare:5.2f}"
        )
    for name in ("app", "navigator"):
        if name in times:
            ratio = statistics.median(times[name]) / bare
            verdict = "met" if ratio <= TARGET else "missed"
            print(f"{name} / bare = {ratio:.2f} (target <= {TARGET}): {verdict}")
    if args.importtime and "app" in cmds:
        print_importtime(cmds["app"], env)


def print_importtime(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _label, self_us, cumulative, name = (
            p.strip() for p in line.split("|", 1)[0:1] + line.split("|")[1:]
        )
        rows.append((int(cumulative), int(self_us.split(":")[-1]), name))
    top = [r for r in rows if not r[2].startswith(" ")]
    print("slowest top-level imports of the app (cumulative ms):")
    for cumulative, _self, name in sorted(top, reverse=True)[:15]:
        print(f"  {cumulative / 1000:7.1f}  {name}")


if __name__ == "__main__":
    main()
