"""`anninh-desktop --smoke-test` (anninh_desktop/smoke_test.py), run as CI runs it: a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "anninh_desktop.app", "--smoke-test", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_smoke_test_opens_the_window_signs_and_verifies_a_dossier(tmp_path: Path) -> None:
    data_dir = tmp_path / "Dữ liệu thử"
    done = _run("--data-dir", str(data_dir), "--lang", "en")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Smoke test passed"), done.stdout
    assert (data_dir / "smoke-test.txt").read_text(encoding="utf-8") == done.stdout
    signed = list((data_dir / "dossiers").glob("*-da-ky.pdf"))
    assert len(signed) == 1
    assert signed[0].read_bytes().count(b"/ByteRange") == 1  # one signature in the kept file


def test_smoke_test_fails_in_one_line_when_a_resource_is_missing(tmp_path: Path) -> None:
    # A program root without translations/ (as a bundle that forgot the catalog would be).
    done = _run(env={"ANNINH_PROGRAM_ROOT": str(tmp_path)})
    assert done.returncode == 1
    assert done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "Smoke test failed" in lines[0] and "catalog" in lines[0]


def test_smoke_test_refuses_a_data_folder_that_holds_data(tmp_path: Path) -> None:
    (tmp_path / "anninh.sqlite3").write_bytes(b"")
    done = _run("--data-dir", str(tmp_path), "--lang", "en")
    assert done.returncode == 1
    assert "prepare the data folder" in done.stderr and "already holds data" in done.stderr
    assert (tmp_path / "smoke-test.txt").read_text(encoding="utf-8") in done.stderr
