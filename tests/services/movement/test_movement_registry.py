"""The registry: model types, sites with teams, states and dossiers, organisations; who may change it."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.movement_data import add_sites, build_place, complete_dossier

from anninh_desktop.domain.movement import (
    DocumentRole,
    Member,
    ModelField,
    OrganisationKind,
    SiteState,
    StruckOffReason,
)
from anninh_desktop.domain.movement_dossier import DossierGap
from anninh_desktop.services import evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement import registry, views


def test_sites_teams_and_members_read_back(ws) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    by_id = {v.site.id: v for v in views.site_views(ws, place.main.id)}
    assert set(by_id) == {ids["s1"], ids["s2"], ids["s3"]}  # s4 is in the other commune
    s1 = by_id[ids["s1"]]
    assert s1.type_name == "Camera an ninh khu phố" and s1.unit_name == "Ấp 1"
    assert [t.name for t in s1.teams] == ["Tổ camera 1", "Tổ camera 2"] and s1.members == 15
    assert s1.teams[0].members == (Member("Nguyễn Văn Tư", "Tổ trưởng"),)
    s3 = by_id[ids["s3"]]
    assert s3.site.state is SiteState.STRUCK_OFF
    assert s3.site.struck_off_reason is StruckOffReason.INADEQUATE_DOSSIER
    assert not s3.check.checked
    province_wide = views.site_views(ws, place.province.id)
    assert len(province_wide) == 4


def test_the_dossier_check_shows_what_an_inspection_would_miss(ws) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    view = next(v for v in views.site_views(ws, place.main.id) if v.site.id == ids["s2"])
    gaps = {(g.gap, g.role) for g in view.check.gaps}
    assert (DossierGap.MISSING_ROLE, DocumentRole.FOUNDING_DECISION) in gaps
    assert (DossierGap.NO_RECENT_MINUTES, None) in gaps
    rule = views.dossier_rule(ws, place.main.id)
    texts = [views.gap_text(g, rule) for g in view.check.gaps]
    assert "Missing: Founding decision" in texts
    assert "No minutes of an activity in the last 6 months" in texts
    complete_dossier(ws, ids["s2"], place.areas[1].id, date(2026, 2, 15))
    view = next(v for v in views.site_views(ws, place.main.id) if v.site.id == ids["s2"])
    assert view.check.complete and len(view.documents) == 4
    # the evidence is the evidence store's: the items belong to the site's unit
    assert {e.title for e in ws.store.evidence.for_unit(place.areas[1].id)} >= {"member_list"}


def test_a_document_file_goes_into_the_evidence_store_and_the_dossier(ws, tmp_path) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    scan = tmp_path / "QĐ thành lập.pdf"
    scan.write_bytes(b"%PDF-1.4 quyet dinh thanh lap")
    meta = evidence_service.EvidenceMetadata(
        title="Quyết định thành lập tổ camera", number="05/QĐ-UBND"
    )
    document = registry.add_document_file(ws, ids["s1"], scan, DocumentRole.FOUNDING_DECISION, meta)
    item = ws.store.evidence.get(document.evidence_id)
    assert item.unit_id == place.areas[0].id and item.number == "05/QĐ-UBND"
    again = registry.link_document(ws, ids["s1"], item.id, DocumentRole.FOUNDING_DECISION)
    assert again.id == document.id  # one row per site, item and role
    registry.unlink_document(ws, document.id, ids["s1"])
    view = next(v for v in views.site_views(ws, place.main.id) if v.site.id == ids["s1"])
    assert not view.documents
    assert ws.store.evidence.get(item.id)  # the evidence itself stays


def test_state_changes_are_checked_and_audited(ws) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    with pytest.raises(UserError, match="stays struck off"):
        registry.set_site_state(ws, ids["s3"], SiteState.ACTIVE, date(2026, 3, 1))
    with pytest.raises(UserError, match="Say why"):
        registry.set_site_state(ws, ids["s1"], SiteState.STRUCK_OFF, date(2026, 3, 1))
    site = registry.set_site_state(ws, ids["s1"], SiteState.CONSOLIDATED, date(2026, 3, 1))
    assert site.state is SiteState.CONSOLIDATED
    events = ws.store.db.execute(
        "SELECT action FROM audit_event WHERE entity_id = ? ORDER BY seq", [ids["s1"]]
    ).fetchall()
    assert [e[0] for e in events] == ["movement.site_add", "movement.site_state"]


def test_bad_input_is_refused_with_a_message_and_changes_nothing(ws) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    before = ws.store.db.execute("SELECT count(*) FROM model_team").fetchone()
    for call in (
        lambda: registry.save_team(ws, ids["s1"], "Tổ 3", 1, [Member("A"), Member("B")]),
        lambda: registry.save_team(ws, ids["s1"], "  ", 3),
        lambda: registry.add_site(ws, "no-such-type", place.areas[0].id, "X"),
        lambda: registry.add_model_type(
            ws, "camera an ninh KHU PHỐ", ModelField.OTHER, place.main.id
        ),
        lambda: registry.save_organisation(
            ws,
            place.main.id,
            OrganisationKind.OTHER,
            "CLB",
            3,
            established_on=date(2026, 1, 1),
            dissolved_on=date(2025, 1, 1),
        ),
    ):
        with pytest.raises(UserError):
            call()
    assert ws.store.db.execute("SELECT count(*) FROM model_team").fetchone() == before


def test_an_office_changes_only_the_registry_it_owns(ws) -> None:
    from anninh_desktop.services.sync import identity

    place = build_place(ws)
    ids = add_sites(ws, place)
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", place.main.id)
    registry.save_team(ws, ids["s2"], "Tổ liên gia số 2", 11)  # its own: fine
    with pytest.raises(UserError, match="kept by the office of"):
        registry.save_team(ws, ids["s4"], "Tổ liên gia số 2", 11)  # the other commune's
    with pytest.raises(UserError, match="kept by the office of"):
        registry.save_organisation(ws, place.other.id, OrganisationKind.OTHER, "X", 1)


def test_removing_a_site_leaves_tombstones_that_travel(ws) -> None:
    place = build_place(ws)
    ids = add_sites(ws, place)
    registry.remove_site(ws, ids["s1"])
    assert ids["s1"] not in {v.site.id for v in views.site_views(ws, place.main.id)}
    rows = ws.store.db.execute(
        "SELECT deleted, changed_by <> '' FROM model_team WHERE site_id = ?", [ids["s1"]]
    ).fetchall()
    assert rows == [(1, 1), (1, 1)]
