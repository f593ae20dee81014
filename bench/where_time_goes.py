"""Where the time of issue 14's missed targets goes: the parts of a command timed one by one in
one process (CPU time), or a cProfile with a CPU timer. Each works on a private copy of the data.

    .venv/bin/python bench/where_time_goes.py check            # anninh check's parts, province
    .venv/bin/python bench/where_time_goes.py dossier          # the dossier build's steps
    .venv/bin/python bench/where_time_goes.py round [--count 40]
        # cProfile (CPU timer) of imports, then of answers, in the round (bench/out/round, built
        # by province_round.py); prints the top functions of each

Figures and what they showed: bench/README.md (sections of issue 14).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_start import commune_data
from province_data import OUT_DIR, province_data

from anninh_desktop.services.workspace import Workspace, open_workspace


def timed(name: str, work: Callable[[], Any]) -> Any:
    cpu, wall = time.process_time(), time.perf_counter()
    value = work()
    print(
        f"{name:34} CPU {time.process_time() - cpu:6.3f} s  wall {time.perf_counter() - wall:6.3f} s"
    )
    return value


def check_parts(ws: Workspace) -> None:
    from anninh_desktop.services import integrity_service as checks
    from anninh_desktop.services.sync.audit_heads import local_problems
    from anninh_desktop.storage import maintenance

    store = ws.store
    db, me = store.db, store.installation
    timed("PRAGMA integrity_check", lambda: maintenance.integrity_problems(db))
    timed("PRAGMA foreign_key_check", lambda: maintenance.foreign_key_problems(db))
    timed(
        "one pass over the audit rows",
        lambda: db.execute(
            "SELECT count(*), sum(length(old) + length(new)) FROM audit_event"
        ).fetchone(),
    )
    referenced = timed("blobs referred to", lambda: maintenance.referenced_blob_hashes(db))
    evidence = timed(
        "evidence blobs", lambda: {sha for sha, _size in store.evidence.all_blob_hashes()}
    )
    report = checks.CheckReport()
    timed(
        "files hashed",
        lambda: checks._blobs(ws, report, evidence, referenced, False, None, None),
    )
    timed("audit chain verified", store.audit.verify)
    for table in checks.LOGGED_TABLES:
        aliases = checks.AUDIT_ALIASES.get(table, {})
        timed(
            f"rows against the log: {table}",
            lambda t=table, a=aliases: sum(
                1 for _ in maintenance.rows_unlike_their_log(db, t, me, a, checks._NOT_COMPARED)
            ),
        )
    timed("rows against their signatures", lambda: checks._rows_against_signatures(ws, report))
    timed("this office's signed heads", lambda: list(local_problems(ws)))
    timed("the whole check (threads)", lambda: checks.check(ws))


def dossier_steps(data: Path) -> None:
    cpu = time.process_time()
    ws = timed("open the workspace", lambda: open_workspace(data))
    timed("import the dossier's modules", lambda: __import__("anninh_desktop.services.dossier"))
    timed(
        "import the movement's figures",
        lambda: __import__("anninh_desktop.services.movement.dossier_figures"),
    )
    from anninh_desktop.services import dossier
    from anninh_desktop.services.dossier import build
    from anninh_desktop.services.dossier.assemble import Assembler

    for name in ("gather", "plan_evidence", "lay_out", "record_numbers"):
        original = getattr(build, name)

        def step(*args: Any, _f: Any = original, _n: str = name, **kwargs: Any) -> Any:
            return timed(f"  {_n}", lambda: _f(*args, **kwargs))

        setattr(build, name, step)
    run = Assembler.run
    Assembler.run = lambda self, *a, **k: timed("  Assembler.run", lambda: run(self, *a, **k))  # type: ignore[method-assign]
    row = ws.store.db.execute(
        "SELECT a.id FROM assessment a JOIN unit u ON u.id = a.unit_id JOIN criterion_set s "
        "ON s.id = a.set_id WHERE u.code = '32092' AND s.code = 'qd9745-xa-dien-hinh' "
        "AND a.year = 2026"
    ).fetchone()
    timed("evidence-file warnings (CLI)", lambda: dossier.evidence_file_warnings(ws, row[0]))
    timed("build_dossier", lambda: dossier.build_dossier(ws, row[0], data / "out.pdf"))
    print(f"{'process in all':34} CPU {time.process_time() - cpu:6.3f} s")


def show(profile: cProfile.Profile, title: str, count: int) -> None:
    print(f"\n=== {title}")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(18)
    stats.sort_stats("tottime").print_stats(12)


def round_profile(work: Path, count: int) -> None:
    from anninh_desktop.domain.appraisal import Verdict
    from anninh_desktop.services import appraisal_service
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.export import export_package
    from anninh_desktop.services.sync.reading import read_package
    from anninh_desktop.services.sync.relocation import confirm_moved

    round_dir = OUT_DIR / "round"
    if not (round_dir / "BUILT").exists():
        raise SystemExit("bench/out/round is not built: run bench/province_round.py first")
    shutil.copytree(round_dir / "P", work / "P")
    index = json.loads((round_dir / "index.json").read_text())[: count + 5]
    p = open_workspace(work / "P")
    confirm_moved(p)
    statements = [0]

    def counted(sql: str) -> None:
        if not sql.startswith("-- TRIGGER"):
            statements[0] += 1

    p.store.db.conn.set_trace_callback(counted)
    profile = cProfile.Profile(time.process_time)
    cpu = 0.0
    for n, item in enumerate(index):
        if n == 5:
            profile.enable()
            statements[0], cpu = 0, time.process_time()
        apply_package(p, read_package(p, Path(item["package"])), ack_dir=work / "acks")
    profile.disable()
    per_import = (statements[0] / count, (time.process_time() - cpu) / count)
    show(profile, f"{count} imports (CPU)", count)
    for item in index:
        for ref in list(p.store.assessments.results(item["assessment"])):
            appraisal_service.record_verdict(p, item["assessment"], ref, Verdict.AGREE)
    profile = cProfile.Profile(time.process_time)
    for n, item in enumerate(index):
        if n == 5:
            profile.enable()
            statements[0], cpu = 0, time.process_time()
        export_package(p, item["peer"], work / "answers" / str(n))
    profile.disable()
    per_export = (statements[0] / count, (time.process_time() - cpu) / count)
    show(profile, f"{count} answers exported (CPU)", count)
    p.close()
    for name, (sql, seconds) in (("import", per_import), ("export", per_export)):
        print(
            f"per {name}: {sql:.0f} SQL statements, {1000 * seconds:.1f} ms CPU "
            "(under the profiler: compare runs of this script, not with the round's figures)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["check", "dossier", "round"])
    parser.add_argument("--count", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anninh-bench-where-") as tmp:
        work = Path(tmp)
        if args.what == "round":
            round_profile(work, args.count)
            return 0
        source = province_data(quiet=True) if args.what == "check" else commune_data()
        shutil.copytree(source, work / "data", ignore=shutil.ignore_patterns("BUILT"))
        if args.what == "check":
            ws = open_workspace(work / "data")
            check_parts(ws)
            ws.close()
        else:
            dossier_steps(work / "data")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
