"""Dossier tests: demo data folders copied once per module (building the demo takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder

from anninh_desktop.services.workspace import Workspace


@pytest.fixture(scope="module")
def module_demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """A copy of the demo data folder for all tests of one module (they must not spoil it)."""
    folder = copy_folder(demo_template(tmp_path_factory), tmp_path_factory.mktemp("demo") / "data")
    ws = open_folder(folder)
    yield ws
    ws.close()
