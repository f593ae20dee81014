"""Benchmark: how fast the command line answers, against `python -c pass` in the same run.

Fresh processes, alternated run by run after one untimed run of each (warm caches), medians, each
with its own peak memory:

  python   python -c pass (the same interpreter as the program)
  help     anninh --help
  status   anninh --data-dir <province data> --lang vi status <commune> --year 2026 --set <set>
           (one assessment's progress, the command a commune runs most)
  check    anninh --data-dir <the commune demo> check (for information)

Our modules are byte-compiled and the catalog compiled first, as `scripts/setup` and an installed
program have them.

    .venv/bin/python bench/cli_start.py [--runs 11] [--importtime]

Targets (issue 14): help <= 3 x python, status <= 4 x python. Figures: bench/README.md.
`--importtime` prints the slowest imports of `anninh --help` and of `status`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_start import commune_data
from measure import REPO_ROOT, alternate, anninh, check_child, load_average, median
from province_data import province_data
from window_start import prepare_like_installed

TARGETS = {"help": 3.0, "status": 4.0}


def status_args(data: Path) -> list[str]:
    """`status` of the first assessed commune of the data, its first set, 2026."""
    import sqlite3

    conn = sqlite3.connect(f"file:{data / 'anninh.sqlite3'}?mode=ro", uri=True)
    try:
        code, set_code = conn.execute(
            "SELECT u.code, s.code FROM assessment a JOIN unit u ON u.id = a.unit_id "
            "JOIN criterion_set s ON s.id = a.set_id WHERE u.kind = 'commune' AND a.year = 2026 "
            "ORDER BY u.code, s.code LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return ["status", str(code), "--year", "2026", "--set", str(set_code)]


def importtime(cmd: list[str]) -> None:
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO_ROOT)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print(f"\nslowest imports (cumulative µs) of: {' '.join(cmd[1:])}")
    for micros, name in sorted(rows, reverse=True)[:25]:
        print(f"{micros:9d}  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    prepare_like_installed()
    province = province_data(quiet=True)
    commune = commune_data()
    commands = {
        "python": [sys.executable, "-c", "pass"],
        "help": anninh("--lang", "vi", "--help"),
        "status": anninh("--data-dir", str(province), "--lang", "vi", *status_args(province)),
        "check": anninh("--data-dir", str(commune), "--lang", "vi", "check"),
    }
    if args.importtime:
        importtime(commands["help"])
        importtime(commands["status"])
        return 0
    peaks: dict[str, float] = {name: 0.0 for name in commands}

    def runner(name: str):  # type: ignore[no-untyped-def]
        def run() -> float:
            done = check_child(commands[name])
            peaks[name] = max(peaks[name], done.rss_mb)
            cpus.setdefault(name, []).append(done.cpu_seconds)
            return done.seconds

        return run

    for name in commands:
        check_child(commands[name])  # warm-up
    cpus: dict[str, list[float]] = {}
    load_before = load_average()
    times = alternate({name: runner(name) for name in commands}, args.runs)
    base = median(times["python"])
    cpu_base = median(cpus["python"])
    print(f"{args.runs} runs, load average {load_before} -> {load_average()}, medians:")
    print(
        f"{'command':8} {'time':>8} {'/ python':>9} {'target':>7} {'peak':>8} {'CPU':>7} {'/ python':>9}"
    )
    for name, values in times.items():
        target = TARGETS.get(name)
        print(
            f"{name:8} {median(values):7.3f}s {median(values) / base:9.2f} "
            f"{'<= ' + str(target) if target else '':>7} {peaks[name]:6.1f}MB "
            f"{median(cpus[name]):6.3f}s {median(cpus[name]) / cpu_base:9.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
