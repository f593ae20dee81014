"""Benchmark: `anninh check` on province data against what it cannot avoid, in the same run.

Fresh processes, alternated run by run after one untimed run of each, medians, each with its own
peak memory:

  check     anninh --data-dir <copy of the province data> check
  baseline  one child: SQLite's `PRAGMA integrity_check`, SHA-256 of every evidence file
            (hashlib, 1 MiB reads), and one pass over the audit rows in SQLite (a query that
            reads every column of every event)

The copy is made first (checking writes nothing, but the benchmark never touches bench/out).

    .venv/bin/python bench/integrity_check.py [--runs 5] [--data-dir D]

Targets (issue 14): check <= 1.5 x baseline, peak <= 80 MB. Figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import alternate, anninh, check_child, load_average, median
from province_data import province_data
from window_start import prepare_like_installed

BASELINE = r"""
import hashlib, os, sqlite3, sys
root = sys.argv[1]
conn = sqlite3.connect(os.path.join(root, "anninh.sqlite3"))
assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
buf = bytearray(1 << 20)
view = memoryview(buf)
blobs = 0
for dirpath, dirs, files in os.walk(os.path.join(root, "blobs")):
    dirs[:] = [d for d in dirs if d != "tmp"]
    for name in files:
        h = hashlib.sha256()
        with open(os.path.join(dirpath, name), "rb", buffering=0) as fh:
            while n := fh.readinto(view):
                h.update(view[:n])
        blobs += 1
events, size = conn.execute(
    "SELECT count(*), sum(seq + length(at) + length(installation) + length(actor) "
    "+ length(action) + length(entity) + length(entity_id) + length(old) + length(new) "
    "+ length(prev_hash) + length(hash)) FROM audit_event"
).fetchone()
print(blobs, events, size)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, help="default: bench/out/province")
    args = parser.parse_args()
    prepare_like_installed()
    source = args.data_dir or province_data(quiet=True)
    peaks = {"check": 0.0, "baseline": 0.0}
    with tempfile.TemporaryDirectory(prefix="anninh-bench-check-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("BUILT"))
        commands = {
            "check": anninh("--data-dir", str(data), "--lang", "en", "check"),
            "baseline": [sys.executable, "-c", BASELINE, str(data)],
        }
        print(check_child(commands["check"]).stdout.strip())
        print(
            "baseline: blobs, events, checksum:", check_child(commands["baseline"]).stdout.strip()
        )

        def runner(name: str):  # type: ignore[no-untyped-def]
            def run() -> float:
                done = check_child(commands[name])
                peaks[name] = max(peaks[name], done.rss_mb)
                cpus.setdefault(name, []).append(done.cpu_seconds)
                return done.seconds

            return run

        cpus: dict[str, list[float]] = {}
        load_before = load_average()
        times = alternate({name: runner(name) for name in commands}, args.runs)
    check, base = median(times["check"]), median(times["baseline"])
    print(f"{args.runs} runs, load average {load_before} -> {load_average()}, medians:")
    print(f"check    {check:7.3f} s  peak {peaks['check']:6.1f} MB")
    print(f"baseline {base:7.3f} s  peak {peaks['baseline']:6.1f} MB")
    print(f"check / baseline: {check / base:.2f} (target <= 1.5); peak target <= 80 MB")
    cpu_a, cpu_b = median(cpus["check"]), median(cpus["baseline"])
    print(
        f"CPU (user + system): check {cpu_a:.3f} s, baseline {cpu_b:.3f} s, ratio {cpu_a / cpu_b:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
