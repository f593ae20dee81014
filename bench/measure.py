"""Shared measuring tools of the benchmarks: child processes timed with their own peak memory,
the `cp` + `sha256sum` baseline, folder sizes, medians of alternated runs.

Peak memory is the child's own peak RSS as GNU time (`/usr/bin/time -f %M`) reports it: Linux
folds the parent's peak into the `ru_maxrss` of a child it spawns (the address space the child
starts with is the parent's), so a benchmark whose parent holds a province's data would see its
own size in every child; time's child starts from time's small address space. Without
/usr/bin/time, `os.wait4`'s figure is used (valid only while the parent is small). Linux (or
macOS): needs `cp`, `sha256sum` and `wait4`.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
MIB = 1 << 20
GNU_TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Child:
    seconds: float  # spawn to exit, as seen by the parent
    rss_mb: float  # the child's own peak resident memory
    stdout: str
    returncode: int
    cpu_seconds: float = 0.0  # user + system CPU of the child and the processes it waited for


def run_child(
    cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Child:
    """Run one command, timed from spawn to exit, with its own peak RSS."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        wrapper = [GNU_TIME, "-q", "-f", "%M", "-o", peak.name] if Path(GNU_TIME).exists() else []
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*wrapper, *cmd], stdout=subprocess.PIPE, stderr=err, cwd=cwd or REPO_ROOT, env=env
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        if proc.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode("utf-8", "replace")[-4000:])
        reported = peak.read().split()
    if wrapper and reported and reported[-1].isdigit():
        rss_mb = int(reported[-1]) / 1024  # KiB
    else:
        rss_mb = usage.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime  # wait4: the child's own and its reaped children's
    return Child(seconds, rss_mb, out.decode("utf-8", "replace"), proc.returncode, cpu)


def check_child(cmd: Sequence[str], **kwargs: object) -> Child:
    found = run_child(cmd, **kwargs)  # type: ignore[arg-type]
    if found.returncode != 0:
        raise SystemExit(f"failed ({found.returncode}): {' '.join(map(str, cmd))}")
    return found


def anninh(*args: str) -> list[str]:
    """The command line as an installed program runs it (the venv's `anninh` script)."""
    script = Path(sys.executable).with_name("anninh")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "anninh_desktop.cli.main", *args]


def copy_and_hash(files: Iterable[Path], scratch: Path, *, durable: bool = False) -> float:
    """The baseline: `cp` the files into an empty folder, then `sha256sum` the copies (two child
    processes, as a user would run them); `durable`: `sync` the copies in between (their data on
    the disk, as the program has every file it writes); seconds."""
    files = [str(f) for f in files]
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    if not files:
        return 0.0
    start = time.perf_counter()
    subprocess.run(["cp", *files, str(scratch)], check=True)
    copies = sorted(str(p) for p in scratch.iterdir())
    if durable:
        subprocess.run(["sync", *copies], check=True)
    subprocess.run(["sha256sum", *copies], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    shutil.rmtree(scratch, ignore_errors=True)
    return seconds


def children_cpu() -> float:
    """User + system CPU seconds of every child process this one has reaped so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def python_pass() -> Child:
    return check_child([sys.executable, "-c", "pass"])


def folder_bytes(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def alternate(kinds: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """Run every kind `runs` times, the order reversed every other round (A B C, C B A, …)."""
    names = list(kinds)
    out: dict[str, list[float]] = {n: [] for n in names}
    for r in range(runs):
        for name in names if r % 2 == 0 else reversed(names):
            out[name].append(kinds[name]())
    return out


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"
