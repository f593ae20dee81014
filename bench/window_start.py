"""Benchmark: start-up of the program's window against a bare PySide6 window, same run.

Each sample is a fresh process (warm OS caches: one untimed run of each kind first), timed from its
spawn to the moment it reports its window painted ("shown-at", the target), to the end of its start
("ready-at": the program builds the assessment page and reopens the last unit right after the first
paint) and to its exit. Kinds, alternated run by run:
  bare       python -c: QApplication, QMainWindow.show(), first paint, quit
  app        python -m anninh_desktop.app --data-dir <province data> --lang vi --exit-when-shown
  navigator  a QMainWindow with only the NavigatorWidget on the province data (same rule):
             what the navigator adds to a start once the main window uses it
Our modules are byte-compiled and the catalog compiled first, as in an installed program.

    .venv/bin/python bench/window_start.py [--runs 7] [--data-dir D] [--importtime]

(`python -m anninh_desktop` is the command line, not the window: the window is anninh_desktop.app.)
See bench/README.md for the figures. Target (issue 14): app / bare <= 2.0 in every run.
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

TARGET = 2.0  # issue 14 (was 2.5, issue 3)

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1100, 700); w.show()
def shown():
    app.processEvents()
    print(f"shown-at {time.monotonic():.6f} {time.process_time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

NAVIGATOR = """
import sys, time
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
def shown():
    app.processEvents()
    print(f"shown-at {time.monotonic():.6f} {time.process_time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
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


def prepare_like_installed() -> None:
    """Bytecode and the compiled catalog, as an installed program (and the bundle) has them.

    A checkout installed in editable mode has no bytecode until Python writes it, and with
    PYTHONDONTWRITEBYTECODE (set on these machines) it never does: every start would compile all
    our modules (~0.15 s). Likewise, with a .po newer than its .mo the program compiles the catalog
    in memory at every start (~0.09 s).
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO_ROOT / "anninh_desktop")], check=True
    )
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "compile",
            "-d",
            str(REPO_ROOT / "translations"),
            "-D",
            "anninh",
        ],
        check=True,
        capture_output=True,
    )


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Seconds from spawn to: the window shown and painted, its start finished, the process exit;
    and the CPU seconds the child had used when its window was painted.

    The child prints "shown-at <time.monotonic()> <time.process_time()>" once its first paint is
    done and, if it finishes its start later (the program reopens the last unit after the first
    paint), "ready-at <time>"; CLOCK_MONOTONIC is system-wide on Linux, so the two processes' clocks
    agree. The CPU time hardly depends on what else the machine runs: with other jobs on the cores
    the wall times stretch, the CPU seconds stay.
    """
    start = time.monotonic()
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    total = time.monotonic() - start
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"exit status {done.returncode}: {tail}")
    stamps = {
        fields[0]: fields[1:]
        for line in done.stdout.splitlines()
        if "-at " in line
        for fields in [line.split()]
    }
    if "shown-at" not in stamps:
        raise RuntimeError("the window never reported being shown")
    shown = float(stamps["shown-at"][0]) - start
    ready = float(stamps.get("ready-at", stamps["shown-at"])[0]) - start
    return shown, ready, total, float(stamps["shown-at"][1])


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
    prepare_like_installed()
    cmds = commands(data_dir)
    for name, command in list(cmds.items()):  # warm the caches; leave out what cannot start
        try:
            run_once(command, env)
        except RuntimeError as exc:
            print(f"{name}: does not start, left out ({exc})")
            del cmds[name]
    shown: dict[str, list[float]] = {name: [] for name in cmds}
    ready: dict[str, list[float]] = {name: [] for name in cmds}
    total: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for n in range(args.runs):
        order = list(cmds) if n % 2 == 0 else list(reversed(cmds))
        for name in order:
            to_shown, to_ready, to_exit, cpu_shown = run_once(cmds[name], env)
            cpu[name].append(cpu_shown)
            shown[name].append(to_shown)
            ready[name].append(to_ready)
            total[name].append(to_exit)
    print(f"data: {data_dir}  runs: {args.runs}  load average: {os.getloadavg()[0]:.2f}")
    print("spawn to window shown and painted (the target):")
    report(shown)
    print("spawn to start finished (the last unit's checklist shown; for information):")
    report(ready)
    print("spawn to process exit (includes tear-down; for information):")
    report(total)
    print("CPU seconds used by the time of the first paint (steady on a busy machine):")
    report(cpu)
    for name in ("app", "navigator"):
        if name in shown:
            ratio = statistics.median(shown[name]) / statistics.median(shown["bare"])
            verdict = "met" if ratio <= TARGET else "missed"
            cpu_ratio = statistics.median(cpu[name]) / statistics.median(cpu["bare"])
            print(
                f"{name} / bare = {ratio:.2f} (target <= {TARGET}): {verdict}"
                f"  (CPU time to first paint: {cpu_ratio:.2f})"
            )
    if args.importtime and "app" in cmds:
        print_importtime(cmds["app"], env)


def report(times: dict[str, list[float]]) -> None:
    bare = statistics.median(times["bare"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:10s} median {median:6.3f} s  min {min(values):6.3f}  max {max(values):6.3f}"
            f"  ratio {median / bare:5.2f}"
        )


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
