"""The on-disk cache of data folder templates (tests/fixtures/workspaces.py): built once per
source key, older keys' templates removed only when no run can still be copying them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fixtures import workspaces


def test_a_new_key_removes_stale_templates_and_keeps_recent_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspaces, "TEMPLATES", tmp_path)
    stale = tmp_path / "x-oldkey"
    recent = tmp_path / "x-otherkey"  # another run's, or read before an edit: maybe in use
    for folder in (stale, recent):
        folder.mkdir()
        (folder / "data").write_text("old", encoding="utf-8")
    hours_ago = time.time() - 2 * workspaces.STALE_TEMPLATE_SECONDS
    os.utime(stale, (hours_ago, hours_ago))
    built: list[Path] = []

    def build(folder: Path) -> None:
        built.append(folder)
        folder.mkdir()
        (folder / "data").write_text("new", encoding="utf-8")

    first = workspaces.cached_template("x", build)
    assert first == tmp_path / f"x-{workspaces.source_key()}"
    assert (first / "data").read_text(encoding="utf-8") == "new"
    assert not stale.exists() and recent.is_dir()
    assert workspaces.cached_template("x", build) == first and len(built) == 1  # built once
