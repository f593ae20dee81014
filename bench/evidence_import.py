"""Benchmark: BlobStore.import_files against `cp` plus a separate SHA-256 pass over the same files.

Run from the repository root:  .venv/bin/python bench/evidence_import.py [--quick] [--sweep]
See bench/README.md for what is measured and the figures found so far.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MIB = 1 << 20
RATIO_TARGET = 1.3
RSS_TARGET_MB = 200.0
SWEEP_CHUNKS_KIB = (64, 256, 1024, 4096)
REPO_ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- child processes (timed work)


def child_main(mode: str, args: list[str]) -> None:
    """Run one timed job and print its result as JSON; the parent reads our peak RSS via wait4."""
    sys.path.insert(0, str(REPO_ROOT))
    from anninh_desktop.storage.blobstore import BlobStore

    files = [Path(line) for line in Path(args[0]).read_text().splitlines()]
    start = time.perf_counter()
    if mode == "import":  # how the program imports a folder of evidence
        store = BlobStore(Path(args[1]), chunk_size=int(args[2]))
        digests = [blob.sha256 for blob in store.import_files(files)]
    elif mode == "import-each":  # one import_file call (one fsync wait) per file
        store = BlobStore(Path(args[1]), chunk_size=int(args[2]))
        digests = [store.import_file(path).sha256 for path in files]
    elif mode == "hash":
        digests = [hash_file(path, int(args[1])) for path in files]
    elif mode == "idle":
        digests = []
    else:
        raise SystemExit(f"unknown child mode {mode}")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "digests": digests}))


def hash_file(path: Path, chunk_size: int) -> str:
    hasher = hashlib.sha256()
    view = memoryview(bytearray(chunk_size))
    with open(path, "rb", buffering=0) as source:
        while count := source.readinto(view):
            hasher.update(view[:count])
    return hasher.hexdigest()


def run_child(*args: str) -> tuple[dict[str, Any], float]:
    """Run this script as a child job: (its JSON result, its own peak RSS in MB)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        out = proc.stdout.read()
        # wait4 gives this child's own rusage, untouched by cp or by earlier children.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed with code {proc.returncode}")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss_mb = usage.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)
    return json.loads(out), rss_mb


# ---------------------------------------------------------------- data set


def make_files(src: Path, total_mb: int, large_mb: int, large_count: int) -> list[Path]:
    """Unique random files: `large_count` of `large_mb` MiB, the rest as 1 MiB files."""
    large_count = min(large_count, total_mb // large_mb) if large_mb else 0
    small_count = total_mb - large_count * large_mb
    files: list[Path] = []
    for index in range(large_count):
        files.append(write_random(src / f"large-{index:02d}.bin", large_mb))
    for index in range(small_count):
        files.append(write_random(src / "small" / f"{index:05d}.bin", 1))
    return files


def write_random(path: Path, size_mb: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        for _ in range(size_mb):
            out.write(os.urandom(MIB))
    return path


# ---------------------------------------------------------------- measurements


def timed(func: Callable[[], object]) -> float:
    os.sync()  # start every measurement without someone else's dirty pages to flush
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def measure_baseline(src: Path, scratch: Path, file_list: Path, chunk: int) -> dict[str, Any]:
    target = scratch / "cp-copy"
    cp_seconds = timed(lambda: subprocess.run(["cp", "-r", str(src), str(target)], check=True))
    # What the copy costs when as durable as the store: fsync of every file and folder, which
    # coreutils' `sync FILE...` does one by one. Run right after cp, while its pages are dirty.
    fsync_seconds = timed_fsync_all(target)
    shutil.rmtree(target)
    os.sync()
    result, _ = run_child("hash", str(file_list), str(chunk))
    return {
        "cp": cp_seconds,
        "fsync": fsync_seconds,
        "hash": result["seconds"],
        "digests": sorted(result["digests"]),
    }


def timed_fsync_all(folder: Path) -> float:
    paths = [str(p) for p in sorted(folder.rglob("*"))] + [str(folder)]
    start = time.perf_counter()
    for first in range(0, len(paths), 500):
        subprocess.run(["sync", *paths[first : first + 500]], check=True)
    return time.perf_counter() - start


def measure_import(
    scratch: Path, file_list: Path, chunk: int, mode: str = "import"
) -> dict[str, Any]:
    store = scratch / "store"
    os.sync()
    result, rss_mb = run_child(mode, str(file_list), str(store), str(chunk))
    shutil.rmtree(store)
    return {"import": result["seconds"], "rss_mb": rss_mb, "digests": sorted(result["digests"])}


def write_list(path: Path, files: list[Path]) -> Path:
    path.write_text("\n".join(str(f) for f in files))
    return path


def compare(args: argparse.Namespace, work: Path, src: Path, files: list[Path]) -> bool:
    file_list = write_list(work / "files.txt", files)
    chunk = args.chunk_kib * 1024
    baselines: list[dict[str, Any]] = []
    imports: list[dict[str, Any]] = []
    singles: list[dict[str, Any]] = []
    for rep in range(args.repeat):
        steps: list[Callable[[], None]] = [
            lambda: baselines.append(measure_baseline(src, work, file_list, chunk)),
            lambda: imports.append(measure_import(work, file_list, chunk)),
        ]
        if not args.no_per_file:
            steps.append(
                lambda: singles.append(measure_import(work, file_list, chunk, "import-each"))
            )
        for step in steps if rep % 2 == 0 else reversed(steps):
            step()
        b, i = baselines[-1], imports[-1]
        each = f", import_file each {singles[-1]['import']:.2f} s" if singles else ""
        print(
            f"  run {rep + 1}: cp {b['cp']:.2f} s (+fsync {b['fsync']:.2f} s), "
            f"hash {b['hash']:.2f} s, import_files {i['import']:.2f} s{each}, "
            f"import RSS {i['rss_mb']:.1f} MB"
        )
    if any(i["digests"] != baselines[0]["digests"] for i in imports + singles):
        raise SystemExit("store hashes differ from hashlib: the benchmark found a bug")

    cp = statistics.median(b["cp"] for b in baselines)
    fsync = statistics.median(b["fsync"] for b in baselines)
    hashing = statistics.median(b["hash"] for b in baselines)
    imported = statistics.median(i["import"] for i in imports)
    rss = max(i["rss_mb"] for i in imports)
    ratio = imported / (cp + hashing)
    total_mb = sum(f.stat().st_size for f in files) / MIB
    print(f"\nmedian of {args.repeat} (chunk {args.chunk_kib} KiB, {total_mb:.0f} MiB):")
    print(
        f"  baseline cp + sha256     {cp + hashing:7.2f} s  (cp {cp:.2f} s, sha256 {hashing:.2f} s)"
    )
    print(f"  durable: + fsync each    {cp + fsync + hashing:7.2f} s  (fsync {fsync:.2f} s)")
    print(f"  BlobStore.import_files   {imported:7.2f} s  ({total_mb / imported:.0f} MiB/s)")
    print(f"  ratio import/baseline    {ratio:7.2f}    (target <= {RATIO_TARGET})")
    print(f"  ratio import/durable     {imported / (cp + fsync + hashing):7.2f}")
    print(f"  peak RSS of import       {rss:7.1f} MB (target < {RSS_TARGET_MB:.0f} MB)")
    if singles:
        each = statistics.median(s["import"] for s in singles)
        print(
            f"  import_file per file     {each:7.2f} s  (ratio {each / (cp + hashing):.2f}, "
            f"peak RSS {max(s['rss_mb'] for s in singles):.1f} MB; not the target's figure)"
        )
    rss_ok = report_rss_by_size(work, files, chunk)
    return ratio <= RATIO_TARGET and rss <= RSS_TARGET_MB and rss_ok


def report_rss_by_size(work: Path, files: list[Path], chunk: int) -> bool:
    """Peak RSS of an idle child, of importing the smallest file, and of importing the largest."""
    by_size = sorted(files, key=lambda f: f.stat().st_size)
    _, idle = run_child("idle", str(write_list(work / "none.txt", [])))
    rows = [("interpreter + module only", idle)]
    for label, path in (("smallest", by_size[0]), ("largest", by_size[-1])):
        store = work / "rss-store"
        _, rss = run_child(
            "import", str(write_list(work / "one.txt", [path])), str(store), str(chunk)
        )
        shutil.rmtree(store)
        rows.append((f"import of {label} file ({path.stat().st_size / MIB:.0f} MiB)", rss))
    for label, rss in rows:
        print(f"  peak RSS, {label:32} {rss:6.1f} MB")
    return rows[2][1] - rows[1][1] < 10  # grows with the file size? then memory is not constant


def sweep(args: argparse.Namespace, work: Path, files: list[Path]) -> None:
    file_list = write_list(work / "files.txt", files)
    times: dict[int, list[float]] = {kib: [] for kib in SWEEP_CHUNKS_KIB}
    for rep in range(args.repeat):
        order = SWEEP_CHUNKS_KIB if rep % 2 == 0 else tuple(reversed(SWEEP_CHUNKS_KIB))
        for kib in order:
            times[kib].append(measure_import(work, file_list, kib * 1024)["import"])
    print(f"\nchunk size sweep, import only, {args.repeat} run(s) each:")
    for kib, values in times.items():
        median = statistics.median(values)
        print(f"  {kib:5d} KiB  median {median:6.2f} s, best {min(values):6.2f} s")


# ---------------------------------------------------------------- command line


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total-mb", type=int, default=1024, help="size of the data set (MiB)")
    parser.add_argument("--large-mb", type=int, default=100, help="size of each large file (MiB)")
    parser.add_argument("--large-count", type=int, default=3, help="number of large files")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--chunk-kib", type=int, default=1024, help="BlobStore chunk size")
    parser.add_argument("--workdir", type=Path, help="folder for the data (default: a temp dir)")
    parser.add_argument("--quick", action="store_true", help="50 MiB smoke run for CI")
    parser.add_argument("--sweep", action="store_true", help="also time a few chunk sizes")
    parser.add_argument(
        "--no-per-file", action="store_true", help="skip the extra import_file-per-file figure"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    if args.quick:
        args.total_mb, args.large_mb, args.large_count = 50, 10, 2
    return args


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        child_main(argv[1], argv[2:])
        return 0
    args = parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="anninh-bench-", dir=args.workdir))
    try:
        src = work / "src"
        print(f"creating {args.total_mb} MiB of files in {src} …")
        files = make_files(src, args.total_mb, args.large_mb, args.large_count)
        print(f"{len(files)} files; baseline and import alternate, {args.repeat} run(s) each")
        ok = compare(args, work, src, files)
        if args.sweep:
            sweep(args, work, files)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.check and not ok:
        print("a target was missed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
