"""Service tests: per-test copies of a seeded and of a demo data folder (each built once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder, seeded_template

from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_folder(seeded_template(tmp_path_factory), tmp_path / "data")


@pytest.fixture
def ws(seeded_dir: Path) -> Iterator[Workspace]:
    workspace = open_folder(seeded_dir)
    yield workspace
    workspace.close()


@pytest.fixture
def demo_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return copy_folder(demo_template(tmp_path_factory), tmp_path / "demo")


@pytest.fixture
def demo_ws(demo_dir: Path) -> Iterator[Workspace]:
    workspace = open_folder(demo_dir)
    yield workspace
    workspace.close()
