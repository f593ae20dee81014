"""Benchmark: `anninh sync export` for one peer costs what it sends, not what the database holds.

The same answer is exported from two databases: the commune-scale demo ("small", bench/out/
commune-demo) and the province-scale demo ("province", bench/out/province). In each, the data
folder's installation is the office of the province of its first assessed commune K; K's own PC
is a new data folder (bench/offices.py). Untimed set-up, the same in both: what the province holds
of K's area is given K's PC as its author (`offices.as_received_from`) and a first exchange goes
through (the province's package applied at K, K's ack imported); K registers the next year,
assesses its 15 criteria, attaches two 200 kB evidence files, submits and exports; the province
imports that and records a verdict on every criterion. Timed, runs alternated small / province:

  export     `anninh --data-dir P sync export --peer K --to DIR`: the answer (the assessment and
             15 verdicts), in a fresh process, with its peak memory
  empty      the same command for a peer that has everything (the fixed part of an export)
  baseline   `cp` of the package the export wrote, then `sha256sum` of the copy (the bytes it
             writes; the answer copies no evidence file)
  python     `python -c pass`

Also, once per data set: the first export to a commune never acknowledged ("first contact": every
row of K's area the province may send) with its size.

    .venv/bin/python bench/sync_export.py [--runs 7]

Targets (issue 14): province / small <= 1.3 for the same package; export <= 1.5 x baseline with a
fixed part <= 0.2 s; peak <= 100 MB. Figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import offices
from bundle_start import commune_data
from measure import (
    alternate,
    anninh,
    check_child,
    copy_and_hash,
    load_average,
    median,
    python_pass,
)
from province_data import province_data

from anninh_desktop.domain.appraisal import Verdict
from anninh_desktop.services import appraisal_service
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.storage.sync_rows import current_counter


class Scene:
    """One data set: the province's folder, the peer with an answer waiting, a peer with none."""

    def __init__(self, name: str, data: Path, work: Path) -> None:
        self.name = name
        self.work = work
        p = offices.province_office(work / "P", data)
        communes = offices.assessed_communes(p)
        k = offices.commune_office(work / "K", communes[0])
        idle = offices.commune_office(work / "idle", communes[-1])
        for other in (k, idle):
            offices.introduce(p, other, work / "cards")
        self.peer = identity.ensure_identity(k).installation_id
        self.idle_peer = identity.ensure_identity(idle).installation_id
        p_id = identity.ensure_identity(p).installation_id

        # First contact, for information: every row of K's area the province may send (the
        # demo's province wrote the communes' rows itself: most are left out).
        first = export_package(p, self.peer, work / "first")
        self.first_rows, self.first_size = sum(first.rows.values()), first.size

        # As in a real round (bench/province_round.py): what the province holds of K's area came
        # from K's PC, and an earlier exchange went through (its package applied at K, the ack
        # back), so the answer holds what changed since.
        offices.as_received_from(p, communes[0], self.peer)
        hello = export_package(p, self.peer, work / "hello")
        import_ack(p, apply_package(k, read_package(k, hello.path)).ack_path)
        repo = identity.repo(p)
        a = offices.self_assessment(
            k, communes[0], year=2027, evidence_files=2, evidence_bytes=200_000, seed=7
        )
        sent = export_package(k, p_id, work / "to-province")
        apply_package(p, read_package(p, sent.path))
        refs = list(p.store.assessments.results(a.id))
        for ref in refs:
            appraisal_service.record_verdict(p, a.id, ref, Verdict.AGREE, appraiser="Tổ thẩm định")
        repo.set_acked(self.idle_peer, current_counter(p.store.db))  # it has everything
        for ws in (p, k, idle):
            ws.close()
        self.out = work / "out"
        self.scratch = work / "scratch"

    def export(self, peer: str) -> tuple[float, float, Path, float]:
        shutil.rmtree(self.out, ignore_errors=True)
        done = check_child(
            anninh(
                "--data-dir",
                str(self.work / "P"),
                "sync",
                "export",
                "--peer",
                peer,
                "--to",
                str(self.out),
            )
        )
        (package,) = self.out.glob("*.ansync")
        return done.seconds, done.rss_mb, package, done.cpu_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sources = {"small": commune_data(), "province": province_data(quiet=True)}
    with tempfile.TemporaryDirectory(prefix="anninh-bench-export-") as tmp:
        scenes = {name: Scene(name, data, Path(tmp) / name) for name, data in sources.items()}
        for s in scenes.values():
            print(
                f"{s.name}: first contact {s.first_rows} rows, {s.first_size / 1e3:.1f} kB "
                f"(for information)"
            )
        results: dict[str, dict[str, list[float]]] = {
            n: {
                "export": [],
                "rss": [],
                "empty": [],
                "baseline": [],
                "size": [],
                "cpu": [],
                "empty_cpu": [],
            }
            for n in scenes
        }
        pass_times: list[float] = []

        def run(name: str) -> float:
            s = scenes[name]
            r = results[name]
            seconds, rss, package, cpu = s.export(s.peer)
            r["export"].append(seconds)
            r["cpu"].append(cpu)
            r["rss"].append(rss)
            r["size"].append(package.stat().st_size)
            r["baseline"].append(copy_and_hash([package], s.scratch))
            empty, _rss, _pkg, empty_cpu = s.export(s.idle_peer)
            r["empty"].append(empty)
            r["empty_cpu"].append(empty_cpu)
            return seconds

        for name in scenes:  # warm-up, untimed
            run(name)
            for v in results[name].values():
                v.clear()
        load_before = load_average()
        alternate(
            {
                "small": lambda: run("small"),
                "province": lambda: run("province"),
                "python": lambda: pass_times.append(python_pass().seconds) or 0.0,
            },
            args.runs,
        )
    print(f"\n{args.runs} runs, load average {load_before} -> {load_average()}, medians:")
    print(
        f"{'data':10} {'package':>9} {'export':>8} {'empty':>8} {'baseline':>9} "
        f"{'(export-empty)/baseline':>24} {'peak':>8}"
    )
    for name, r in results.items():
        export, empty, base = median(r["export"]), median(r["empty"]), median(r["baseline"])
        print(
            f"{name:10} {median(r['size']) / 1e3:7.1f}kB {export:7.3f}s {empty:7.3f}s "
            f"{base:8.4f}s {(export - empty) / base:24.2f} {max(r['rss']):6.1f}MB"
        )
    small, province = median(results["small"]["export"]), median(results["province"]["export"])
    print(f"python -c pass: {median(pass_times):.3f} s")
    print(f"province / small: {province / small:.2f} (target <= 1.3)")
    cpu = {n: (median(r["cpu"]), median(r["empty_cpu"])) for n, r in results.items()}
    print(
        "CPU (user + system) export / empty: "
        + ", ".join(f"{n} {c:.3f} / {e:.3f} s" for n, (c, e) in cpu.items())
        + f"; province / small {cpu['province'][0] / cpu['small'][0]:.2f}"
    )
    for name, r in results.items():
        print(
            f"{name}: export <= 1.5 x baseline + fixed part: "
            f"{median(r['export']):.3f} s vs {1.5 * median(r['baseline']) + median(r['empty']):.3f} s"
            f"; fixed part {median(r['empty']):.3f} s (target <= 0.2 s); peak "
            f"{max(r['rss']):.0f} MB (target <= 100)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
