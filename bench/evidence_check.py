"""Benchmark: what the check on arrival adds to an evidence import.

Run from the repository root:  .venv/bin/python bench/evidence_check.py [--photos N] [--quick]

Times, on the same generated folder (phone-sized JPEG photos and multi-page PDFs), alternating:
  copy  — BlobStore.import_files alone (copy while hashing, fsync: the import before the checks);
  check — evidence_import.prepare, what the window and `anninh evidence add` run: every file checked
          (photos decoded at reduced scale, PDFs opened and every page's content read, on
          CHECK_WORKERS threads), then the same copy, then the duplicate lookup.
Prints the median of each and the ratio check / copy; also the check of one 30000 × 30000 JPEG
and one 30000 × 30000 PNG (times and the child's peak memory).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_folder(folder: Path, photos: int, pdfs: int) -> None:
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "tests"))
    import random

    from fixtures import awkward_files as af
    from PIL import Image, ImageDraw

    rnd = random.Random(7)
    for n in range(photos):
        picture = Image.new("RGB", (4000, 3000), (rnd.randrange(256),) * 3)
        draw = ImageDraw.Draw(picture)
        for _ in range(400):
            x, y = rnd.randrange(4000), rnd.randrange(3000)
            colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
            draw.ellipse((x, y, x + rnd.randrange(20, 400), y + rnd.randrange(20, 400)), colour)
        picture.save(folder / f"IMG_{n:04d}.jpg", quality=88)
    for n in range(pdfs):
        (folder / f"van-ban-{n:02d}.pdf").write_bytes(af.pdf(f"Văn bản số {n}", pages=5))


def child(mode: str, folder: Path, store: Path) -> dict[str, float]:
    """One timed import in a fresh data folder (its setup untimed)."""
    script = f"""
import json, sys, time
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from anninh_desktop.services import evidence_import
from anninh_desktop.services.workspace import open_workspace
ws = open_workspace(Path({str(store)!r}))
unit = ws.store.units.by_code("32092")
files = sorted(Path({str(folder)!r}).iterdir())
start = time.perf_counter()
if {mode!r} == "copy":
    ws.store.blobs.import_files(files)
else:
    evidence_import.prepare(ws, unit.id, files)
seconds = time.perf_counter() - start
ws.close()
peak = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def huge(kind: str, folder: Path) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "tests"))
    from fixtures import awkward_files as af

    path = folder / f"huge.{kind}"
    data = af.huge_grey_jpeg(30000, 30000) if kind == "jpg" else af.huge_grey_png(30000, 30000)
    path.write_bytes(data)
    script = f"""
import json, sys, time
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from anninh_desktop.services import evidence_check
start = time.perf_counter()
arrival = evidence_check.check_file(Path({str(path)!r}))
seconds = time.perf_counter() - start
peak = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({{"seconds": seconds, "peak_mb": peak, "check": arrival.check.value}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--pdfs", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 photos, 2 PDFs, 1 run")
    args = parser.parse_args()
    if args.quick:
        args.photos, args.pdfs, args.repeat = 5, 2, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        make_folder(folder, args.photos, args.pdfs)
        size = sum(p.stat().st_size for p in folder.iterdir()) / (1 << 20)
        print(f"{args.photos} photos (4000 × 3000) and {args.pdfs} PDFs (5 pages): {size:.0f} MiB")
        runs: dict[str, list[float]] = {"copy": [], "check": []}
        peaks: dict[str, float] = {"copy": 0.0, "check": 0.0}
        for n in range(args.repeat):
            for mode in ("copy", "check") if n % 2 == 0 else ("check", "copy"):
                os.sync()
                result = child(mode, folder, Path(tmp) / f"store-{mode}-{n}")
                runs[mode].append(result["seconds"])
                peaks[mode] = max(peaks[mode], result["peak_mb"])
        copy, check = statistics.median(runs["copy"]), statistics.median(runs["check"])
        print(f"copy only:        {copy:6.2f} s   peak {peaks['copy']:5.0f} MB")
        print(f"check, then copy: {check:6.2f} s   peak {peaks['check']:5.0f} MB")
        print(f"ratio check/copy: {check / copy:6.2f}")
        if not args.quick:
            for kind in ("jpg", "png"):
                start = time.perf_counter()
                result = huge(kind, Path(tmp))
                print(
                    f"30000 × 30000 {kind.upper()}: checked in {result['seconds']:.2f} s, "
                    f"peak {result['peak_mb']:.0f} MB, {result['check']}"
                    f" (with writing it: {time.perf_counter() - start:.1f} s)"
                )


if __name__ == "__main__":
    main()
