"""A province's own criterion set version, made at the province, reaches its communes (issue 5, 6)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from sync_helpers import commune_and_province, introduce, new_installation

from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.criteria_editing import copy_for_editing, save_new_version
from anninh_desktop.services.office_settings import set_office_role
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow

OTHER_COMMUNE = "32152"


@pytest.fixture
def three(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[tuple[Workspace, Workspace, Workspace]]:
    template = seeded_template(tmp_path_factory)
    a, b, p = (open_folder(copy_folder(template, tmp_path / n)) for n in ("A", "B", "P"))
    new_installation(b)
    new_installation(p)
    commune, province = commune_and_province(a)
    other = b.store.units.by_code(OTHER_COMMUNE)
    assert other is not None
    identity.set_office(a, "Công an xã Hồ Thị Kỷ", commune)
    identity.set_office(b, "Công an xã khác", other.id)
    identity.set_office(p, "Phòng PV05 Công an tỉnh Cà Mau", province)
    introduce(a, p, tmp_path / "cards-a")
    introduce(b, p, tmp_path / "cards-b")
    yield a, b, p
    for ws in (a, b, p):
        ws.close()


def test_a_province_set_reaches_both_communes_through_the_province(
    three: tuple[Workspace, Workspace, Workspace], tmp_path: Path
) -> None:
    a, b, p = three
    _commune, province = commune_and_province(p)
    code = p.store.units.get(province).code
    set_office_role(p, Actor.APPRAISER)
    national = p.store.criteria.latest("tt124-khu-dan-cu")
    assert national is not None
    draft = copy_for_editing(p, national.id)
    made = save_new_version(
        p,
        dataclasses.replace(
            draft,
            code=f"p{code}-khu-dan-cu-kieu-mau",
            title="Bộ tiêu chí khu dân cư kiểu mẫu của tỉnh Cà Mau",
            province_code=code,
        ),
    )
    assert made.version == 1 and made.province_code == code
    for ws in (a, b):
        assert ws.store.criteria.latest(made.code) is None

    for n, (commune, commune_id) in enumerate(
        (
            (a, identity.ensure_identity(a).installation_id),
            (b, identity.ensure_identity(b).installation_id),
        )
    ):
        package = export_package(p, commune_id, tmp_path / f"usb-{n}")
        assert package.rows.get("criterion_set", 0) >= 1
        preview = read_package(commune, package.path)
        apply_package(commune, preview)
        got = commune.store.criteria.latest(made.code)
        assert got is not None
        assert got == p.store.criteria.get(made.id)
        assert got.source_sha256 == made.source_sha256
        assert got.title == "Bộ tiêu chí khu dân cư kiểu mẫu của tỉnh Cà Mau"

    # A commune passes the province's set on with the province's own signature of it (B checks
    # it with the province's card): the province set and the national sets travel, none is left out.
    introduce(a, b, tmp_path / "cards-ab")
    relay = export_package(a, identity.ensure_identity(b).installation_id, tmp_path / "usb-ab")
    # Left out: only the province frames shipped with the program (the model ward police sets,
    # issue 18), which every office has and no commune may issue.
    shipped_province_sets = [
        s for s in a.store.criteria.all() if s.province_code and s.code != made.code
    ]
    assert shipped_province_sets and relay.skipped == len(shipped_province_sets)
    sets = a.store.db.execute(
        "SELECT COUNT(*) FROM criterion_set WHERE changed_by != ''"
    ).fetchone()[0]
    assert relay.rows.get("criterion_set", 0) == sets - len(shipped_province_sets)
    apply_package(b, read_package(b, relay.path))
