"""CLI tests call `main([...])` in-process on copies of the session's data folders."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixtures.cli_runner import Run
from fixtures.workspaces import copy_folder, demo_template, seeded_template

from anninh_desktop.cli.main import main
from anninh_desktop.logging_setup import setup_logging
from anninh_desktop.services import workspace


@pytest.fixture(autouse=True)
def _no_user_data_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test may touch the real user's data folder; and each test's log file is let go."""

    def refuse() -> Path:
        raise AssertionError("the command used the user's data folder instead of --data-dir")

    monkeypatch.setattr(workspace, "default_data_dir", refuse)
    level = logging.getLogger().level
    yield
    setup_logging(None)
    logging.getLogger().setLevel(level)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `anninh ARGS…`; output is checked to hold no traceback."""

    def invoke(*args: object) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        result = Run(code, captured.out, captured.err)
        assert "Traceback" not in result.out + result.err, result
        return result

    return invoke


@pytest.fixture
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_folder(seeded_template(tmp_path_factory), tmp_path / "data")


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")
