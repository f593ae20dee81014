"""Province-scale demo data for the benchmarks, built once under bench/out/ and reused.

`anninh demo --scale province` takes about two minutes (100 communes, 1,600 units, 4,800
assessments, 20,000 evidence records). The folder is kept in bench/out/province/ (git-ignored) and
only rebuilt when it is missing or incomplete; a benchmark that changes data works on a copy.

    .venv/bin/python bench/province_data.py            # build if needed, print the folder
    .venv/bin/python bench/province_data.py --rebuild  # build again from scratch
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "bench" / "out"
PROVINCE_DIR = OUT_DIR / "province"
DONE_MARK = "BUILT"  # written last: a folder without it is an interrupted build


def province_data(*, rebuild: bool = False, quiet: bool = False) -> Path:
    """The folder with province-scale demo data, built with `anninh demo --scale province` if needed."""
    if rebuild and PROVINCE_DIR.exists():
        shutil.rmtree(PROVINCE_DIR)
    if (PROVINCE_DIR / DONE_MARK).exists():
        return PROVINCE_DIR
    if PROVINCE_DIR.exists():
        shutil.rmtree(PROVINCE_DIR)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if not quiet:
        print(f"building province-scale demo data in {PROVINCE_DIR} (about 2 minutes)…", flush=True)
    start = time.perf_counter()
    cli = Path(sys.executable).with_name("anninh")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "anninh_desktop.cli.main"]
    subprocess.run(
        [*command, "--data-dir", str(PROVINCE_DIR), "demo", "--scale", "province"],
        check=True,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    (PROVINCE_DIR / DONE_MARK).write_text(f"{time.perf_counter() - start:.1f} s\n")
    return PROVINCE_DIR


def copy_of_province_data(dest: Path) -> Path:
    """A private copy of the province data (for a benchmark that writes)."""
    shutil.copytree(province_data(quiet=True), dest)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    args = parser.parse_args()
    print(province_data(rebuild=args.rebuild))


if __name__ == "__main__":
    main()
