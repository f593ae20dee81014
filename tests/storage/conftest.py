"""Storage tests: a copy of the seeded data folder per test (built once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template

from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A closed copy of a data folder holding the reference data only."""
    return copy_folder(seeded_template(tmp_path_factory), tmp_path / "data")


@pytest.fixture
def ws(seeded_dir: Path) -> Iterator[Workspace]:
    workspace = open_folder(seeded_dir)
    yield workspace
    workspace.close()
