"""A small but realistic movement registry in a seeded data folder: two communes of Cà Mau with
residential areas, establishments, assessments, model sites, teams, dossiers and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fixtures.workspaces import MAIN_COMMUNE_CODE, OTHER_COMMUNE_CODE

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.movement import DocumentRole, Member, ModelField, OrganisationKind
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.movement import registry
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

PROVINCE_CODE = "96"


@dataclass
class Place:
    province: Unit
    main: Unit
    other: Unit
    areas: list[Unit] = field(default_factory=list)
    schools: list[Unit] = field(default_factory=list)
    enterprises: list[Unit] = field(default_factory=list)
    other_areas: list[Unit] = field(default_factory=list)


def tt124(ws: Workspace, kind: UnitKind):
    return next(
        s for s in ws.store.criteria.all() if s.code.startswith("tt124") and kind in s.unit_kinds
    )


def build_place(ws: Workspace) -> Place:
    units = ws.store.units
    province = units.by_code(PROVINCE_CODE)
    main = units.by_code(MAIN_COMMUNE_CODE)
    other = units.by_code(OTHER_COMMUNE_CODE)
    assert province and main and other
    place = Place(province, main, other)
    for i in range(1, 5):
        place.areas.append(
            create_child_unit(ws, main.id, UnitKind.RESIDENTIAL_AREA, f"Ấp {i}", "ấp")
        )
    for i in range(1, 4):
        place.schools.append(
            create_child_unit(ws, main.id, UnitKind.SCHOOL, f"Trường Trung học cơ sở số {i}")
        )
    place.enterprises.append(
        create_child_unit(ws, main.id, UnitKind.ENTERPRISE, "Công ty TNHH Thủy sản Minh Phú")
    )
    for i in range(1, 3):
        place.other_areas.append(
            create_child_unit(ws, other.id, UnitKind.RESIDENTIAL_AREA, f"Khóm {i}", "khóm")
        )
    return place


def register_some(ws: Workspace, place: Place, year: int = 2026) -> None:
    """3 of 4 areas of the main commune and 2 of 3 schools registered; one area recognised."""
    area_set = tt124(ws, UnitKind.RESIDENTIAL_AREA)
    school_set = tt124(ws, UnitKind.SCHOOL)
    for area in place.areas[:3]:
        assessment_service.register(ws, area.id, area_set, year)
    for school in place.schools[:2]:
        assessment_service.register(ws, school.id, school_set, year)
    for area in place.other_areas:
        assessment_service.register(ws, area.id, area_set, year)


def exemplary_set(ws: Workspace):
    return next(s for s in ws.store.criteria.all() if s.code.startswith("qd9745-xa"))


def register_exemplary(
    ws: Workspace, commune: Unit, year: int, *, unmet: dict[str, tuple[str, date | None]]
) -> str:
    """The commune registered for the exemplary frame with every criterion met except `unmet`
    (ref → (remediation plan, due date))."""
    s = exemplary_set(ws)
    a = assessment_service.register(ws, commune.id, s, year)
    for c in s.assessable_criteria():
        if c.ref in unmet:
            plan, due = unmet[c.ref]
            assessment_service.update_result(
                ws, a.id, c.ref, value=ResultValue.NOT_MET, remediation=plan, due_date=due
            )
        else:
            assessment_service.update_result(ws, a.id, c.ref, value=ResultValue.MET)
    return a.id


def add_sites(ws: Workspace, place: Place) -> dict[str, str]:
    """Two model types, three sites in the main commune (one struck off), one in the other."""
    camera = registry.add_model_type(
        ws, "Camera an ninh khu phố", ModelField.SECURITY_ORDER, place.province.id
    )
    pccc = registry.add_model_type(
        ws, "Tổ liên gia an toàn PCCC (tỉnh)", ModelField.FIRE, place.province.id
    )
    s1 = registry.add_site(
        ws, camera.id, place.areas[0].id, "Camera an ninh Ấp 1", established_on=date(2024, 3, 1)
    )
    s2 = registry.add_site(
        ws, pccc.id, place.areas[1].id, "Tổ liên gia Ấp 2", established_on=date(2026, 1, 10)
    )
    s3 = registry.add_site(
        ws, camera.id, place.areas[2].id, "Camera an ninh Ấp 3", established_on=date(2023, 5, 1)
    )
    s4 = registry.add_site(
        ws, pccc.id, place.other_areas[0].id, "Tổ liên gia Khóm 1", established_on=date(2025, 12, 1)
    )
    registry.save_team(
        ws,
        s1.id,
        "Tổ camera 1",
        9,
        [Member("Nguyễn Văn Tư", "Tổ trưởng")],
        established_on=date(2024, 3, 1),
    )
    registry.save_team(ws, s1.id, "Tổ camera 2", 6)
    registry.save_team(ws, s2.id, "Tổ liên gia số 1", 10)
    registry.save_team(ws, s4.id, "Tổ liên gia số 1", 8)
    from anninh_desktop.domain.movement import SiteState, StruckOffReason

    registry.set_site_state(
        ws, s3.id, SiteState.STRUCK_OFF, date(2026, 2, 1), reason=StruckOffReason.INADEQUATE_DOSSIER
    )
    return {
        "camera": camera.id,
        "pccc": pccc.id,
        "s1": s1.id,
        "s2": s2.id,
        "s3": s3.id,
        "s4": s4.id,
    }


def complete_dossier(ws: Workspace, site_id: str, unit_id: str, minutes_on: date) -> None:
    for role, kind, day in (
        (DocumentRole.FOUNDING_DECISION, EvidenceKind.DECISION, date(2024, 3, 1)),
        (DocumentRole.REGULATIONS, EvidenceKind.OTHER, date(2024, 3, 1)),
        (DocumentRole.MEMBER_LIST, EvidenceKind.OTHER, date(2024, 3, 1)),
        (DocumentRole.ACTIVITY_MINUTES, EvidenceKind.MINUTES, minutes_on),
    ):
        item = evidence_service.add_content(
            ws,
            unit_id,
            f"%PDF-1.4 {role.value}".encode(),
            f"{role.value}.pdf",
            evidence_service.EvidenceMetadata(title=role.value, kind=kind, issue_date=day),
        )
        registry.link_document(ws, site_id, item.id, role)


def add_organisations(ws: Workspace, place: Place) -> None:
    registry.save_organisation(
        ws,
        place.areas[0].id,
        OrganisationKind.MEDIATION_TEAM,
        "Tổ hòa giải Ấp 1",
        7,
        established_on=date(2019, 1, 1),
    )
    registry.save_organisation(
        ws, place.areas[1].id, OrganisationKind.MEDIATION_TEAM, "Tổ hòa giải Ấp 2", 5
    )
    registry.save_organisation(
        ws, place.main.id, OrganisationKind.VETERANS_GROUP, "Tổ cựu chiến binh", 12
    )
    registry.save_organisation(
        ws,
        place.other.id,
        OrganisationKind.SECURITY_COMMITTEE,
        "Ban an ninh Khóm 1",
        9,
        dissolved_on=date(2025, 12, 31),
    )


def recognise(ws: Workspace, assessment_id: str) -> None:
    for state, actor in (
        (AssessmentState.SELF_ASSESSED, Actor.UNIT),
        (AssessmentState.SUBMITTED, Actor.UNIT),
        (AssessmentState.UNDER_APPRAISAL, Actor.APPRAISER),
    ):
        assessment_service.transition(ws, assessment_id, state, actor)
    assessment_service.transition(
        ws,
        assessment_id,
        AssessmentState.RECOGNISED,
        Actor.APPRAISER,
        decision_number="12/QĐ-UBND",
        decision_date=date(2026, 2, 20),
        decided_by="Chủ tịch UBND xã",
    )
