"""The movement travels like the rest: a commune's registry and figures reach the province, which
sums them; a province's statistics form reaches its communes; nobody else may send them.

These tests need the sync side of the movement (the movement's tables among the synced tables,
their ownership): /work/wt/movement-sync.patch, for the sync files the movement branch does not own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fixtures.movement_data import (
    add_organisations,
    add_sites,
    build_place,
    complete_dossier,
    register_some,
)
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from sync_helpers import (
    commune_and_province,
    craft_package,
    introduce,
    new_installation,
    store_state,
)

from anninh_desktop.domain.movement import SiteState
from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement import figures, forms, registry, views
from anninh_desktop.services.movement.rollup import compute_rollup
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow

H1 = ReportPeriod(2026, PeriodKind.HALF_YEAR)
H1_BEFORE = ReportPeriod(2025, PeriodKind.HALF_YEAR)
OTHER_COMMUNE = "32152"
PROVINCE_FORM = """\
format: 1
code: p96-phong-trao
version: 1
title: Biểu thống kê phong trào của Công an tỉnh Cà Mau
official: true
province: "96"
groups:
  - key: ket-qua
    title: Kết quả
    fields:
      - key: vu-pham-toi
        label: Vụ phạm tội
        entered: count
        compare: true
"""


@pytest.fixture
def three(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[tuple[Workspace, ...]]:
    """Commune A (Hồ Thị Kỷ), commune B (another commune of Cà Mau) and the province P, each
    with its own installation; A and B each exchanged cards with P."""
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


def _send(sender: Workspace, recipient: Workspace, folder: Path):
    peer = identity.ensure_identity(recipient).installation_id
    package = export_package(sender, peer, folder)
    preview = read_package(recipient, package.path)
    assert not preview.plan.refusals
    apply_package(recipient, preview)
    return package


def build_place_for(ws: Workspace):
    office = identity.ensure_identity(ws).office_unit_id
    return ws.store.units.get(office)


def test_a_communes_registry_and_figures_reach_the_province_and_sum(three, tmp_path: Path) -> None:
    a, b, p = three
    # A: the full little registry of fixtures/movement_data (the province's types are made at A:
    # a commune may define its own models)
    identity.set_office(a, "Công an xã Hồ Thị Kỷ", build_place_for(a).id)
    place = build_place(a, other_commune=False)
    register_some(a, place)
    add_organisations(a, place, other_commune=False)
    ids = add_sites(a, place, other_commune=False, type_unit=place.main.id)
    complete_dossier(a, ids["s1"], place.areas[0].id, date(2026, 2, 1))
    figures.set_figures(a, place.main.id, H1, {"vu-pham-toi": 5, "tin-bao-toi-pham": 20})
    figures.set_figures(a, place.main.id, H1_BEFORE, {"vu-pham-toi": 9})
    # B: figures only
    other = build_place_for(b)
    figures.set_figures(b, other.id, H1, {"vu-pham-toi": 3, "tin-bao-toi-pham": 4})
    figures.set_figures(b, other.id, H1_BEFORE, {"vu-pham-toi": 2})

    package = _send(a, p, tmp_path / "usb-a")
    for table in (
        "model_type",
        "model_site",
        "model_team",
        "model_site_document",
        "mass_organisation",
        "movement_sheet",
        "movement_figure",
    ):
        assert package.rows.get(table, 0) > 0, table
    _send(b, p, tmp_path / "usb-b")

    province = p.store.units.get(commune_and_province(p)[1])
    at_a = compute_rollup(a, place.main.id, H1)
    at_p = compute_rollup(p, province.id, H1)
    for key in (
        "so-diem-mo-hinh",
        "so-to",
        "so-thanh-vien-to",
        "diem-loai-bo",
        "diem-ho-so-chua-dam-bao",
        "to-hoa-giai",
        "thanh-vien-to-chuc",
        "dang-ky-khu-dan-cu",
    ):
        assert at_p.figure(key).value == at_a.figure(key).value, key
    assert at_p.figure("dang-ky-khu-dan-cu").total == at_a.figure("dang-ky-khu-dan-cu").total
    crime = at_p.figure("vu-pham-toi").change
    assert (crime.current, crime.previous) == (8, 11)
    assert at_p.figure("tin-bao-toi-pham").value == 24
    assert at_p.reporting.done == 2
    # the site's dossier arrived with its evidence files
    [view] = [v for v in views.site_views(p, place.main.id) if v.site.id == ids["s1"]]
    assert view.check.complete and len(view.documents) == 4
    for document in view.documents:
        revision = p.store.evidence.latest_revision(document.document.evidence_id)
        assert p.store.blobs.path_for(revision.sha256).exists()

    # a later change (a site struck off) reaches the province too, and the province cannot edit
    registry.set_site_state(a, ids["s2"], SiteState.CONSOLIDATED, date(2026, 3, 1))
    _send(a, p, tmp_path / "usb-a2")
    assert p.store.movement.site(ids["s2"]).state is SiteState.CONSOLIDATED
    with pytest.raises(UserError, match="kept by the office of"):
        registry.set_site_state(p, ids["s2"], SiteState.ACTIVE, date(2026, 3, 2))


def test_a_province_form_reaches_its_communes_and_travels_on_with_its_proof(
    three, tmp_path: Path
) -> None:
    a, b, p = three
    path = tmp_path / "p96.yaml"
    path.write_text(PROVINCE_FORM, encoding="utf-8")
    made, _added = forms.import_form_file(p, path)
    for n, commune in enumerate((a, b)):
        package = _send(p, commune, tmp_path / f"usb-{n}")
        assert package.rows.get("movement_form") == 1
        office = build_place_for(commune)
        assert forms.form_for(commune, office.id).id == made.id
        sheet = figures.set_figures(commune, office.id, H1, {"vu-pham-toi": 4})
        assert sheet.form.id == made.id
    # the commune's sheet names the province's form; back at the province it fits
    _send(a, p, tmp_path / "usb-back")
    sheet = figures.open_sheet(p, build_place_for(a).id, H1)
    assert sheet.form.id == made.id and sheet.values == {"vu-pham-toi": 4}
    # a commune passes the province's form on only with the province's own signature of it (as a
    # province criterion set, docs/sync.md): B checks it with the province's card and holds it already
    introduce(a, b, tmp_path / "cards-ab")
    relay = export_package(a, identity.ensure_identity(b).installation_id, tmp_path / "usb-ab")
    assert relay.rows.get("movement_form") == 1
    apply_package(b, read_package(b, relay.path))
    assert forms.form_for(b, build_place_for(b).id).id == made.id


def test_rows_of_another_office_are_refused_whole(three, tmp_path: Path) -> None:
    a, b, p = three
    commune_a = build_place_for(a)
    figures.set_figures(a, commune_a.id, H1, {"vu-pham-toi": 5})
    _send(a, p, tmp_path / "usb")
    # B sends figures of A's commune (rows B's office does not own): P refuses the whole package
    row = dict(
        id="f" * 32,
        unit_id=commune_a.id,
        period=H1.key,
        field_key="vu-pham-toi",
        value=0,
        changed_by=identity.ensure_identity(b).installation_id,
        change_seq=1,
        deleted=0,
    )
    crafted = craft_package(
        b,
        p,
        tmp_path / "crafted.ansync",
        tables={"movement_figure": [{**row, "_v": {row["changed_by"]: 1}}]},
    )
    before = store_state(p)
    with pytest.raises(UserError, match=r"movement_figure .*belongs to another office"):
        read_package(p, crafted)
    assert store_state(p) == before
    # and a commune may not issue a province's form
    form = forms.read_form_file(_write(tmp_path / "f.yaml", PROVINCE_FORM))
    form_row = dict(
        id=form.id,
        code=form.code,
        version=form.version,
        title=form.title,
        province_code="96",
        source_text=PROVINCE_FORM,
        source_sha256=form.source_sha256,
        imported_at="2026-03-02T09:00:00+07:00",
        changed_by=identity.ensure_identity(b).installation_id,
        change_seq=2,
        deleted=0,
    )
    crafted = craft_package(
        b,
        p,
        tmp_path / "crafted-form.ansync",
        tables={"movement_form": [{**form_row, "_v": {form_row["changed_by"]: 2}}]},
    )
    with pytest.raises(UserError, match="statistics form may come only from that province"):
        read_package(p, crafted)
    assert store_state(p) == before


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
