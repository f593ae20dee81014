"""Sync tests: commune A (demo data), province P (reference data only), cards exchanged and trusted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder, seeded_template
from sync_helpers import Offices, commune_and_province, introduce

from anninh_desktop.services.sync import identity


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
