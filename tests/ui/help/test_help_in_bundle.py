"""The program folder ships the user guide: PyInstaller takes resources/ whole (installer/anninh.spec)
and its filter (installer/bundle_parts.is_wanted) keeps every file of resources/help; the smoke test
run from the bundle opens the guide and fails when a page or picture is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from anninh_desktop.ui.help.guide_files import help_dir, missing_files

ROOT = Path(__file__).resolve().parents[3]


def test_the_spec_takes_resources_whole_and_keeps_every_help_file():
    spec = (ROOT / "installer" / "anninh.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec
    loader = importlib.util.spec_from_file_location(
        "bundle_parts", ROOT / "installer" / "bundle_parts.py"
    )
    parts = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(parts)
    files = [p for p in help_dir().rglob("*") if p.is_file()]
    assert len(files) >= 15
    for path in files:
        dest = "resources/" + path.relative_to(help_dir().parent).as_posix()
        assert parts.is_wanted(dest), dest
    assert missing_files() == []


@pytest.mark.slow
def test_the_smoke_test_fails_when_a_picture_of_the_guide_is_missing(tmp_path, monkeypatch):
    root = tmp_path / "program"
    shutil.copytree(ROOT / "resources", root / "resources")
    shutil.copytree(ROOT / "translations", root / "translations")
    (root / "resources" / "help" / "img" / "dossier-vi.png").unlink()
    monkeypatch.setenv("ANNINH_PROGRAM_ROOT", str(root))
    assert missing_files() == [str(root / "resources" / "help" / "img" / "dossier-vi.png")]
    done = subprocess.run(
        [sys.executable, "-m", "anninh_desktop.app", "--smoke-test", "--lang", "en"],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNINH_PROGRAM_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert "open the user guide" in lines[-1] and "dossier-vi.png" in lines[-1], done.stderr
