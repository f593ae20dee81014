"""Disk growth of a province office over many imported packages (issue 13, item 5).

Before, every imported package left a full copy of the database in `sync/backups/` (115 MB per
package at a province, 11 GB after a round of 100 communes). Now an import keeps only a journal of
the last import (about the size of its package). This benchmark imports `--imports` packages from
a commune into a copy of the province-scale demo data and prints, per import and in total, how much
the province's data folder grew against the size of the packages, and what the old copies would
have taken (the database size at each import).

    .venv/bin/python bench/sync_imports.py                 # 100 imports into province-scale data
    .venv/bin/python bench/sync_imports.py --quick         # 10 imports into reference data only

Each package: the commune edits `--edits` results (a new note each) and adds one small evidence
file; the province applies it and the commune takes the acknowledgement.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from province_data import copy_of_province_data

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services.demo.builder import build_demo
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace, open_workspace
from anninh_desktop.storage.sync_undo import journal_size

COMMUNE_CODE = "32092"


def folder_size(root: Path, *, without_blobs: bool = False) -> int:
    total = 0
    for path in root.rglob("*"):
        if without_blobs and "blobs" in path.relative_to(root).parts[:1]:
            continue
        if path.is_file():
            total += path.stat().st_size
    return total


def _introduce(x: Workspace, y: Workspace, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for a, b, name in ((x, y, "x"), (y, x, "y")):
        identity.export_card(a, folder / f"{name}.json")
        identity.import_card(b, folder / f"{name}.json", trust=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--imports", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20, help="results edited per package")
    parser.add_argument("--quick", action="store_true", help="10 imports, reference data only")
    args = parser.parse_args()
    imports = 10 if args.quick else args.imports
    with tempfile.TemporaryDirectory(prefix="anninh-bench-sync-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        if args.quick:
            p = open_workspace(work / "P")
        else:
            copy_of_province_data(work / "P")
            p = open_workspace(work / "P")
        a = open_workspace(work / "A")
        build_demo(a, seed=99)  # (not the province data's seed: other ids)
        commune = a.store.units.by_code(COMMUNE_CODE)
        assert commune is not None and commune.parent_id
        identity.set_office(a, "Công an xã Hồ Thị Kỷ", commune.id)
        identity.set_office(p, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        _introduce(a, p, work / "cards")
        p_id = identity.ensure_identity(p).installation_id
        assessment = next(x for x in a.store.assessments.for_unit(commune.id) if not x.locked)
        refs = list(a.store.assessments.results(assessment.id))
        print(
            f"set-up {time.perf_counter() - start:.1f} s; province database "
            f"{(p.root / 'anninh.sqlite3').stat().st_size / 1e6:.1f} MB"
        )

        # The first package carries the commune's whole history: measured apart.
        first = export_package(a, p_id, work / "usb-0")
        import_ack(a, apply_package(p, read_package(p, first.path)).ack_path)
        p.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        base_all = folder_size(p.root)
        base_rows = folder_size(p.root, without_blobs=True)
        print(f"first package {first.path.stat().st_size / 1e6:.2f} MB (the commune's history)")

        package_bytes = 0
        old_copies = 0
        worst = 0.0
        for n in range(1, imports + 1):
            for i in range(args.edits):
                ref = refs[(n * args.edits + i) % len(refs)]
                r = a.store.assessments.results(assessment.id)[ref]
                with a.store.change() as stamp:
                    a.store.assessments.save_result(
                        dataclasses.replace(r, note=f"Lần {n}: kiểm tra lại tiêu chí {ref}"), stamp
                    )
            evidence_service.add_content(
                a,
                commune.id,
                os.urandom(20_000),
                f"bien-ban-{n}.pdf",
                evidence_service.EvidenceMetadata(
                    title=f"Biên bản số {n}", kind=EvidenceKind.MINUTES
                ),
            )
            out = export_package(a, p_id, work / f"usb-{n}")
            size = out.path.stat().st_size
            package_bytes += size
            old_copies += (p.root / "anninh.sqlite3").stat().st_size  # the old pre-import copy
            before = folder_size(p.root)
            result = apply_package(p, read_package(p, out.path))
            import_ack(a, result.ack_path)
            grew = folder_size(p.root) - before
            worst = max(worst, journal_size(p.store.db) / size)
            shutil.rmtree(work / f"usb-{n}")
            if n % 10 == 0 or n == imports:
                print(
                    f"import {n:3d}: package {size / 1e3:7.1f} kB, folder grew {grew / 1e3:8.1f} kB, "
                    f"journal {journal_size(p.store.db) / 1e3:6.1f} kB"
                )
        p.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        grew_all = folder_size(p.root) - base_all
        grew_rows = folder_size(p.root, without_blobs=True) - base_rows
        print()
        print(f"{imports} imports, packages {package_bytes / 1e6:.2f} MB in all")
        print(
            f"province folder grew {grew_all / 1e6:.2f} MB "
            f"(database and sync files {grew_rows / 1e6:.2f} MB, evidence files the rest)"
        )
        print(f"growth / packages: {grew_all / package_bytes:.2f} (target: at most 2)")
        print(f"largest journal / its package: {worst:.2f}")
        print(
            f"the old copy per import would have added {old_copies / 1e9:.2f} GB "
            f"({old_copies / package_bytes:.0f} × the packages)"
        )
        a.close()
        p.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
