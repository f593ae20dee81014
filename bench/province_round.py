"""Benchmark: a province's round of sync, 100 communes in and 100 answers out, on province data.

Set-up, built once into bench/out/round/ (`--rebuild` starts again; about 2 minutes):
- the province's PC: a copy of the province-scale demo (bench/out/province), its installation the
  office of the province of its 100 communes, each commune's card imported and trusted; the rows
  of each commune's area given that commune's PC as their author (`offices.as_received_from`:
  the demo's province wrote them itself, in a real round they came from the communes);
- each commune's own PC (bench/offices.py): a new data folder made its own installation, the
  province's card trusted; a first exchange (the province's package applied by the commune, its
  ack imported by the province); the commune registers 2027, assesses its 15 criteria, attaches
  `--evidence` files of `--evidence-kb` kB (random: no deduplication), submits and exports its
  package for the province (bench/out/round/packages/).

The round, timed in one child process (as the program runs it: one process, the window or a
script; peak memory is that child's), on a fresh copy of the province's PC:
  import    for each of the 100 packages: `read_package` (verify, decrypt, stage, preview) and
            `apply_package` (one transaction, the undo journal, the ack file)
  (untimed) the province agrees with every criterion of every commune (15 verdicts each)
  export    for each commune: its answer (`export_package`: the assessment and its verdicts)
Baseline, in the parent after the round, the same packages: for each package in and each answer
out, `cp` of the file then `sha256sum` of the copy (two processes per package, as the per-package
baseline of bench/sync_export.py); for information also the durable baseline, `sync` of each
copy before hashing it (the program fsyncs every file it writes, and commits). Disk: growth
of the province's data folder (after SQLite's log is folded back: what stays) against the bytes
of the packages it imported. Afterwards three communes import their answers (checked, untimed).

    .venv/bin/python bench/province_round.py [--runs 1] [--communes 100] [--rebuild]

Targets (issue 14): one import <= 1.5 x its package's baseline (+ the fixed part of a command,
<= 0.2 s); disk growth <= 2 x the packages; the whole round <= 3 x its baseline. Figures:
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import offices
from measure import check_child, children_cpu, copy_and_hash, folder_bytes, load_average, median
from province_data import OUT_DIR

ROUND_DIR = OUT_DIR / "round"
DONE_MARK = "BUILT"


def build(communes: int, evidence: int, evidence_kb: int) -> None:
    from anninh_desktop.services.sync import identity
    from anninh_desktop.services.sync.acks import import_ack
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.export import export_package
    from anninh_desktop.services.sync.reading import read_package

    shutil.rmtree(ROUND_DIR, ignore_errors=True)
    ROUND_DIR.mkdir(parents=True)
    start = time.perf_counter()
    p = offices.province_office(ROUND_DIR / "P")
    p_id = identity.ensure_identity(p).installation_id
    units = offices.assessed_communes(p)[:communes]
    cards = ROUND_DIR / "cards"
    (ROUND_DIR / "packages").mkdir()
    index = []
    for n, unit in enumerate(units, start=1):
        c = offices.commune_office(ROUND_DIR / "communes" / f"{n:03d}", unit)
        offices.introduce(p, c, cards)
        c_id = identity.ensure_identity(c).installation_id
        # What the province holds of the commune's area came from the commune's PC, and an
        # earlier exchange went through: the province's package applied there, its ack back.
        offices.as_received_from(p, unit, c_id)
        hello = export_package(p, c_id, ROUND_DIR / "hello" / f"{n:03d}")
        import_ack(p, apply_package(c, read_package(c, hello.path)).ack_path)
        a = offices.self_assessment(
            c, unit, year=2027, evidence_files=evidence, evidence_bytes=evidence_kb * 1000, seed=n
        )
        out = export_package(c, p_id, ROUND_DIR / "packages" / f"{n:03d}")
        index.append({"peer": c_id, "package": str(out.path), "assessment": a.id, "folder": n})
        c.close()
        if n % 10 == 0:
            print(f"  {n}/{len(units)} communes ready ({time.perf_counter() - start:.0f} s)")
    p.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    p.close()
    (ROUND_DIR / "index.json").write_text(json.dumps(index, indent=1))
    (ROUND_DIR / DONE_MARK).write_text(f"{communes} {evidence} {evidence_kb}\n")


def child(work: Path) -> None:
    """The round itself (one process): imports, verdicts, answers; prints JSON figures."""
    import gc

    from anninh_desktop.domain.appraisal import Verdict
    from anninh_desktop.services import appraisal_service
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.export import export_package
    from anninh_desktop.services.sync.reading import read_package
    from anninh_desktop.services.sync.relocation import confirm_moved
    from anninh_desktop.services.workspace import open_workspace

    index = json.loads((ROUND_DIR / "index.json").read_text())
    p = open_workspace(work / "P")
    confirm_moved(p)  # the benchmark's copy of the province's folder
    before = folder_bytes(work / "P")  # after opening (a newer program migrates the copy first)
    imports: list[float] = []
    imports_cpu: list[float] = []
    gc.collect()
    for item in index:
        t, c = time.perf_counter(), time.process_time()
        result = apply_package(p, read_package(p, Path(item["package"])), ack_dir=work / "acks")
        imports.append(time.perf_counter() - t)
        imports_cpu.append(time.process_time() - c)
        assert result.applied, item
    appraise = time.perf_counter()
    for item in index:
        refs = list(p.store.assessments.results(item["assessment"]))
        for ref in refs:
            appraisal_service.record_verdict(
                p, item["assessment"], ref, Verdict.AGREE, appraiser="Tổ thẩm định"
            )
    appraise = time.perf_counter() - appraise
    exports: list[float] = []
    exports_cpu: list[float] = []
    answers: list[str] = []
    for item in index:
        t, c = time.perf_counter(), time.process_time()
        out = export_package(p, item["peer"], work / "answers" / f"{item['folder']:03d}")
        exports.append(time.perf_counter() - t)
        exports_cpu.append(time.process_time() - c)
        answers.append(str(out.path))
    p.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    p.close()
    growth = folder_bytes(work / "P") - before
    print(
        json.dumps(
            {
                "imports": imports,
                "exports": exports,
                "imports_cpu": imports_cpu,
                "exports_cpu": exports_cpu,
                "appraise": appraise,
                "answers": answers,
                "growth": growth,
            }
        )
    )


def check_answers(work: Path, answers: list[str], count: int) -> None:
    """A few communes import their answer: the round's packages are real ones."""
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.reading import read_package
    from anninh_desktop.services.sync.relocation import confirm_moved
    from anninh_desktop.services.workspace import open_workspace

    index = json.loads((ROUND_DIR / "index.json").read_text())
    for item, answer in list(zip(index, answers, strict=True))[:count]:
        folder = work / "check" / f"{item['folder']:03d}"
        shutil.copytree(ROUND_DIR / "communes" / f"{item['folder']:03d}", folder)
        c = open_workspace(folder)
        confirm_moved(c)
        preview = read_package(c, Path(answer))
        result = apply_package(c, preview, ack_dir=work / "check")
        state = c.store.assessments.get(item["assessment"]).state.value
        verdicts = len(c.store.appraisals.for_assessment(item["assessment"]))
        c.close()
        print(
            f"  commune {item['folder']}: answer applied {result.totals}, state {state}, "
            f"verdicts on {verdicts} criteria"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--evidence", type=int, default=2, help="evidence files per package")
    parser.add_argument("--evidence-kb", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return 0
    wanted = f"{args.communes} {args.evidence} {args.evidence_kb}\n"
    mark = ROUND_DIR / DONE_MARK
    if args.rebuild or not mark.exists() or mark.read_text() != wanted:
        print(f"building the round in {ROUND_DIR}…", flush=True)
        build(args.communes, args.evidence, args.evidence_kb)
    index = json.loads((ROUND_DIR / "index.json").read_text())
    packages = [Path(i["package"]) for i in index]
    package_bytes = sum(p.stat().st_size for p in packages)
    print(f"{len(packages)} packages, {package_bytes / 1e6:.1f} MB in all")
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="anninh-bench-round-") as tmp:
            work = Path(tmp)
            shutil.copytree(ROUND_DIR / "P", work / "P")
            load_before = load_average()
            done = check_child([sys.executable, __file__, "--child", str(work)])
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            growth = figures["growth"]
            answers = [Path(a) for a in figures["answers"]]
            cpu_before = children_cpu()
            base_in = [copy_and_hash([p], work / "scratch") for p in packages]
            cpu_in = children_cpu() - cpu_before
            base_out = [copy_and_hash([a], work / "scratch") for a in answers]
            cpu_out = children_cpu() - cpu_before - cpu_in
            durable_in = [copy_and_hash([p], work / "scratch", durable=True) for p in packages]
            durable_out = [copy_and_hash([a], work / "scratch", durable=True) for a in answers]
            durable = sum(durable_in) + sum(durable_out)
            imports, exports = figures["imports"], figures["exports"]
            answer_bytes = sum(a.stat().st_size for a in answers)
            round_time = sum(imports) + sum(exports)
            base_time = sum(base_in) + sum(base_out)
            print(f"\nrun {run + 1}, load average {load_before} -> {load_average()}:")
            print(
                f"imports: {sum(imports):6.2f} s in all, median {median(imports) * 1e3:6.1f} ms "
                f"(p90 {statistics.quantiles(imports, n=10)[-1] * 1e3:.1f} ms); baseline median "
                f"{median(base_in) * 1e3:.1f} ms per package"
            )
            print(
                f"exports: {sum(exports):6.2f} s in all, median {median(exports) * 1e3:6.1f} ms; "
                f"answers {answer_bytes / 1e3:.0f} kB in all; baseline median "
                f"{median(base_out) * 1e3:.1f} ms per answer"
            )
            print(
                f"one package: import median / baseline median "
                f"{median(imports) / median(base_in):.2f} (target <= 1.5, + a command's fixed "
                f"part); answer: export median / baseline median "
                f"{median(exports) / median(base_out):.2f}; against the durable baseline "
                f"(median {median(durable_in) * 1e3:.1f} ms per package, "
                f"{median(durable_out) * 1e3:.1f} ms per answer): import "
                f"{median(imports) / median(durable_in):.2f}, export "
                f"{median(exports) / median(durable_out):.2f}"
            )
            imports_cpu, exports_cpu = figures["imports_cpu"], figures["exports_cpu"]
            print(
                f"CPU (user + system): imports {sum(imports_cpu):.2f} s (median "
                f"{median(imports_cpu) * 1e3:.1f} ms), exports {sum(exports_cpu):.2f} s (median "
                f"{median(exports_cpu) * 1e3:.1f} ms); baseline (cp + sha256sum processes) "
                f"{cpu_in:.2f} s in, {cpu_out:.2f} s out; import / baseline "
                f"{sum(imports_cpu) / cpu_in:.2f}, export / baseline {sum(exports_cpu) / cpu_out:.2f}"
                f", round / baseline {(sum(imports_cpu) + sum(exports_cpu)) / (cpu_in + cpu_out):.2f}"
            )
            print(f"verdicts recorded between them (untimed): {figures['appraise']:.1f} s")
            print(
                f"the round's child: {done.seconds:.1f} s wall, {done.cpu_seconds:.1f} s CPU "
                f"(user + system; with the untimed verdicts and opening the folder)"
            )
            print(
                f"round {round_time:.2f} s, baseline {base_time:.2f} s: "
                f"{round_time / base_time:.2f} x (target <= 3); durable baseline (cp, sync, "
                f"sha256sum) {durable:.2f} s: {round_time / durable:.2f} x"
            )
            print(
                f"disk: the province's folder grew {growth / 1e6:.2f} MB for {package_bytes / 1e6:.2f} "
                f"MB of packages: {growth / package_bytes:.2f} x (target <= 2)"
            )
            print(f"peak memory of the round: {done.rss_mb:.0f} MB")
            if run == 0:
                check_answers(work, figures["answers"], 3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
