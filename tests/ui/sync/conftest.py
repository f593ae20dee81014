"""Two offices for the sync window tests: commune A (demo copy) and province P (reference data)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder, seeded_template
from sync_ui_helpers import Offices, set_offices


@pytest.fixture()
def offices(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Offices]:
    a = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "A"))
    p = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "P"))
    set_offices(a, p)
    yield Offices(a, p, tmp_path)
    a.close()
    p.close()
