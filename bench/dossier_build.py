"""Benchmark: the dossier of the exemplary commune against merging its evidence with pypdf.

Data: the commune demo (bench/out/commune-demo, built once), assessment of Xã Hồ Thị Kỷ (32092)
for the set qd9745-xa-dien-hinh, 2026: 29 evidence files (12 PDFs, 17 JPEG photos, 2 office files).
Fresh processes, alternated run by run after one untimed run of each, medians, with peak memory:

  build     anninh --data-dir <copy> dossier build 32092 --set qd9745-xa-dien-hinh --year 2026
            --out FILE (the documents, table and index laid out, the evidence pages, photos,
            PDFs, attachments, bookmarks and signature fields; the numbers recorded)
  baseline  one child: pypdf appends the same evidence PDFs page by page, every JPEG becomes a
            page (reportlab `drawImage`, passed through), the other files are attached, the
            result written and fsynced (the dossier's evidence without its own pages)

    .venv/bin/python bench/dossier_build.py [--runs 7]

Target (issue 14): build <= 1.15 x baseline. Figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_start import commune_data
from measure import alternate, anninh, check_child, load_average, median
from window_start import prepare_like_installed

from anninh_desktop.cli.context import find_assessment
from anninh_desktop.services.dossier.facts import gather
from anninh_desktop.services.workspace import open_workspace

UNIT, SET, YEAR = "32092", "qd9745-xa-dien-hinh", 2026

BASELINE = r"""
import io, json, os, sys
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
items, out = json.loads(sys.argv[1]), sys.argv[2]
writer = PdfWriter()
for kind, path, name in items:
    if kind == "pdf":
        for page in PdfReader(path).pages:
            writer.add_page(page)
    elif kind == "jpeg":
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=A4)
        c.drawImage(path, 40, 40, A4[0] - 80, A4[1] - 80, preserveAspectRatio=True)
        c.showPage()
        c.save()
        writer.add_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    else:
        with open(path, "rb") as fh:
            writer.add_attachment(name, fh.read())
with open(out, "wb") as fh:
    writer.write(fh)
    fh.flush()
    os.fsync(fh.fileno())
print(len(writer.pages))
"""


def evidence_items(data: Path) -> list[tuple[str, str, str]]:
    import argparse as ap

    ws = open_workspace(data)
    try:
        a = find_assessment(ws, ap.Namespace(unit=UNIT, set_code=SET, year=YEAR))
        items = []
        for entry in gather(ws, a.id).evidence:
            r = entry.revision
            if r is None:
                continue
            path = str(ws.store.blobs.path_for(r.sha256))
            kind = {"application/pdf": "pdf", "image/jpeg": "jpeg"}.get(r.media_type, "file")
            items.append((kind, path, r.filename))
        return items
    finally:
        ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    prepare_like_installed()
    peaks = {"build": 0.0, "baseline": 0.0}
    with tempfile.TemporaryDirectory(prefix="anninh-bench-dossier-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(commune_data(), data, ignore=shutil.ignore_patterns("BUILT"))
        items = evidence_items(data)
        counts = {k: sum(1 for i in items if i[0] == k) for k in ("pdf", "jpeg", "file")}
        print(f"evidence: {counts}")
        out = Path(tmp) / "out.pdf"
        commands = {
            "build": anninh(
                "--data-dir",
                str(data),
                "--lang",
                "vi",
                "dossier",
                "build",
                UNIT,
                "--set",
                SET,
                "--year",
                str(YEAR),
                "--out",
                str(out),
            ),
            "baseline": [
                sys.executable,
                "-c",
                BASELINE,
                json.dumps(items),
                str(Path(tmp) / "b.pdf"),
            ],
        }
        print("build:", check_child(commands["build"]).stdout.strip().splitlines()[1])
        print("baseline pages:", check_child(commands["baseline"]).stdout.strip())

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
    build, base = median(times["build"]), median(times["baseline"])
    print(f"{args.runs} runs, load average {load_before} -> {load_average()}, medians:")
    print(f"build    {build:7.3f} s  peak {peaks['build']:6.1f} MB")
    print(f"baseline {base:7.3f} s  peak {peaks['baseline']:6.1f} MB")
    print(f"build / baseline: {build / base:.2f} (target <= 1.15)")
    cpu_a, cpu_b = median(cpus["build"]), median(cpus["baseline"])
    print(
        f"CPU (user + system): build {cpu_a:.3f} s, baseline {cpu_b:.3f} s, ratio {cpu_a / cpu_b:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
