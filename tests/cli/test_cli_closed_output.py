"""`anninh status … | head`: a reader that goes away is no error to report (issue 14, item 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template

STATUS = ("status", "32092", "--set", "qd9745-xa-dien-hinh", "--year", "2026")


def _run_into_closed_pipe(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        return subprocess.run(
            [sys.executable, "-c", "from anninh_desktop.entry import cli; raise SystemExit(cli())",
             "--data-dir", str(data), "--lang", "en", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
            check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)


def test_status_into_a_closed_pipe_exits_1_quietly(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    data = copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")
    done = _run_into_closed_pipe(data, *STATUS)
    assert done.returncode == 1
    assert done.stderr == ""  # no traceback, no "Unexpected error", no "Exception ignored"
    log = (data / "logs" / "anninh.log").read_text(encoding="utf-8")
    assert "unexpected error" not in log
    assert "BrokenPipeError" not in log
    assert "closed by its reader" in log


def test_status_into_an_open_pipe_still_prints_and_exits_0(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    data = copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")
    done = subprocess.run(
        [sys.executable, "-m", "anninh_desktop.cli.main", "--data-dir", str(data), "--lang", "en",
         *STATUS],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Met " in done.stdout
