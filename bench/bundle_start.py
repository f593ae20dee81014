"""Benchmark: the bundle's window start against the same program from its virtual environment.

Same method as bench/window_start.py (its `run_once`): each sample is a fresh process, timed from
its spawn to the moment it reports its window painted ("shown-at", the target) and to the end of its
start ("ready-at"); the two kinds alternate run by run after one untimed warm-up run each; medians.
  venv    python -m anninh_desktop.app --data-dir D --lang vi --exit-when-shown --no-demo
          (our modules byte-compiled and the catalog compiled first, as in an installed program)
  bundle  dist/anninh-desktop/anninh-desktop with the same arguments (scripts/build-bundle)

    .venv/bin/python bench/bundle_start.py [--runs 9] [--data-dir D] [--bundle DIR]

Default data: the commune-scale demo, built once into bench/out/commune-demo/ (`anninh demo`,
about 10 s); `--data-dir bench/out/province` for the province data of the other benchmarks.
Target: bundle / venv <= 1.2. Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from province_data import OUT_DIR, REPO_ROOT
from window_start import prepare_like_installed, run_once

TARGET = 1.2
COMMUNE_DIR = OUT_DIR / "commune-demo"
DONE_MARK = "BUILT"


def commune_data() -> Path:
    """The commune-scale demo (one commune, 43 assessments), built once."""
    if (COMMUNE_DIR / DONE_MARK).exists():
        return COMMUNE_DIR
    if COMMUNE_DIR.exists():
        subprocess.run(["rm", "-rf", str(COMMUNE_DIR)], check=True)
    print(f"building the commune demo in {COMMUNE_DIR}…", flush=True)
    subprocess.run(
        [sys.executable, "-m", "anninh_desktop.cli.main", "demo", "--data-dir", str(COMMUNE_DIR)],
        check=True,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
    )
    (COMMUNE_DIR / DONE_MARK).write_text("built\n")
    return COMMUNE_DIR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data-dir", type=Path, help="default: bench/out/commune-demo")
    parser.add_argument("--bundle", type=Path, default=REPO_ROOT / "dist" / "anninh-desktop")
    args = parser.parse_args()
    executable = args.bundle / "anninh-desktop"
    if not executable.exists():
        raise SystemExit(f"no bundle at {args.bundle}: run scripts/build-bundle first")
    data_dir = args.data_dir or commune_data()
    prepare_like_installed()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    program_args = ["--data-dir", str(data_dir), "--lang", "vi", "--exit-when-shown", "--no-demo"]
    cmds = {
        "venv": [sys.executable, "-m", "anninh_desktop.app", *program_args],
        "bundle": [str(executable), *program_args],
    }
    for command in cmds.values():  # warm the caches
        run_once(command, env)
    shown: dict[str, list[float]] = {name: [] for name in cmds}
    ready: dict[str, list[float]] = {name: [] for name in cmds}
    cpu: dict[str, list[float]] = {name: [] for name in cmds}
    for n in range(args.runs):
        for name in list(cmds) if n % 2 == 0 else list(reversed(cmds)):
            to_shown, to_ready, _to_exit, cpu_shown = run_once(cmds[name], env)
            shown[name].append(to_shown)
            ready[name].append(to_ready)
            cpu[name].append(cpu_shown)
    print(f"data: {data_dir}  runs: {args.runs}  load average: {os.getloadavg()[0]:.2f}")
    for title, times in (
        ("spawn to window shown and painted (the target)", shown),
        ("spawn to start finished (last unit reopened; for information)", ready),
        ("CPU seconds by the first paint (steady on a busy machine)", cpu),
    ):
        print(f"{title}:")
        base = statistics.median(times["venv"])
        for name, values in times.items():
            median = statistics.median(values)
            print(
                f"  {name:7s} median {median:6.3f}  min {min(values):6.3f}  "
                f"max {max(values):6.3f}  ratio {median / base:5.2f}"
            )
    ratio = statistics.median(shown["bundle"]) / statistics.median(shown["venv"])
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"bundle / venv = {ratio:.2f} (target <= {TARGET}): {verdict}")


if __name__ == "__main__":
    main()
