"""Sync tests: commune A (demo data), province P (reference data only), cards exchanged and trusted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder, seeded_template
from sync_helpers import Offices, commune_and_province, introduce, new_installation

from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace


@pytest.fixture
def offices(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Offices]:
    a = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "A"))
    p = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "P"))
    commune, province = commune_and_province(a)
    identity.set_office(a, "Công an xã Hồ Thị Kỷ", commune)
    identity.set_office(p, "Phòng PV05 Công an tỉnh Cà Mau", province)
    introduce(a, p, tmp_path / "cards")
    yield Offices(
        a,
        p,
        identity.ensure_identity(a).installation_id,
        identity.ensure_identity(p).installation_id,
        tmp_path / "usb",
    )
    a.close()
    p.close()


@pytest.fixture
def third(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Workspace]:
    """Another commune's office (C) of the same province."""
    c = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "C"))
    new_installation(c)
    other = c.store.db.execute(
        "SELECT id FROM unit WHERE code = '32152' AND kind = 'commune' AND valid_to IS NULL"
    ).fetchone()[0]
    identity.set_office(c, "Công an xã khác", other)
    yield c
    c.close()
