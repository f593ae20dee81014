"""The movement's demo data: a realistic registry and figures of two years, added to a data folder
that `anninh demo` (services/demo) has built, at commune or province scale.

Everything goes through the movement's own services (registry, figures, evidence, assessments),
so the demo also checks that the rules let realistic data through. Reproducible from the seed.
Commune scale: Xã Hồ Thị Kỷ gets a rich registry (sites in every hamlet, teams with named members,
dossiers with gaps to find) and the other demo communes of Cà Mau figures and a few sites.
Province scale: every commune of the demo province with created hamlets gets about a dozen sites,
organisations and figures, and 26 communes build the exemplary title (23 of them on track).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import CriterionSet, EvidenceKind
from anninh_desktop.domain.movement import (
    DocumentRole,
    Member,
    ModelType,
    OrganisationKind,
    SiteState,
    StruckOffReason,
)
from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.clock import VIETNAM_TZ, fixed_clock
from anninh_desktop.services.dossier.office import running_name, unit_chain
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement import demo_texts as t
from anninh_desktop.services.movement import figures, registry
from anninh_desktop.services.movement.demo_figures import period_figures
from anninh_desktop.services.movement.forms import form_for, prepare
from anninh_desktop.services.movement.views import model_types
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction

MAIN_COMMUNE_CODE = "32092"
OTHER_COMMUNE_CODES = ("31825", "32152", "32191", "32248", "32014")
DEMO_TODAY = date(2026, 11, 20)
YEARS = (2025, 2026)
EXEMPLARY_COMMUNES = 26
EXEMPLARY_ON_TRACK = 23


@dataclass
class _Demo:
    ws: Workspace
    rng: random.Random
    say: Callable[[str], None]
    light: bool  # province scale: shared small document files, fewer named members
    sites: int = 0
    teams: int = 0
    organisations: int = 0
    documents: int = 0
    numbers: dict[str, int] = field(default_factory=dict)

    def ids(self) -> str:
        from anninh_desktop.domain.ids import new_id

        return new_id(self.rng)

    def day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max((end - start).days, 1)))

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(t.FAMILY)} {r.choice(t.MIDDLE)} {r.choice(t.GIVEN)}"


def _demo_communes(ws: Workspace) -> list[Unit]:
    """Current communes under which the demo created residential areas."""
    rows = ws.store.units.of_kinds([UnitKind.RESIDENTIAL_AREA])
    parents = sorted({u.parent_id for u in rows if u.parent_id and not u.is_historic})
    communes = [ws.store.units.get(p) for p in parents]
    return [c for c in communes if c.kind is UnitKind.COMMUNE and not c.is_historic]


def add_movement_demo(
    ws: Workspace, *, seed: int = 2026, progress: Callable[[str], None] | None = None
) -> str:
    """Add the movement's registry and figures to a demo data folder; returns a summary."""
    say = progress or (lambda _text: None)
    communes = _demo_communes(ws)
    if not communes:
        raise UserError(_("Build the demo data first (anninh demo), then add the movement to it."))
    ws.clock = fixed_clock(_at(DEMO_TODAY))
    prepare(ws)
    province = ws.store.units.get(communes[0].parent_id or "")
    communes = [c for c in communes if c.parent_id == province.id]
    # Its own stream: the demo builder drew its ids from random.Random(seed) already.
    demo = _Demo(ws, random.Random(f"movement:{seed}"), say, light=len(communes) > 10)
    with transaction(ws.store.db):
        say(_("Adding the movement's models…"))
        types = _types(demo, province)
        for n, commune in enumerate(communes, start=1):
            _commune(demo, commune, types, rich=commune.code == MAIN_COMMUNE_CODE)
            if n % 10 == 0:
                say(_("Movement: {done}/{total} communes…").format(done=n, total=len(communes)))
        others = [] if demo.light else _other_communes(ws, communes)
        for commune in others:
            _light_commune(demo, commune, types)
        say(_("Registering communes for the exemplary title…"))
        _exemplary(demo, communes + others)
    return _(
        "Movement demo: {types} models, {sites} model sites with {teams} teams, {organisations} "
        "mass organisations, figures of {periods} periods for {communes} communes."
    ).format(
        types=len(types),
        sites=demo.sites,
        teams=demo.teams,
        organisations=demo.organisations,
        periods=2 * len(YEARS),
        communes=len(communes) + len(others),
    )


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=VIETNAM_TZ)


def _other_communes(ws: Workspace, demo_communes: list[Unit]) -> list[Unit]:
    taken = {c.id for c in demo_communes}
    found = [ws.store.units.by_code(code) for code in OTHER_COMMUNE_CODES]
    return [u for u in found if u is not None and u.id not in taken]


def _types(demo: _Demo, province: Unit) -> list[ModelType]:
    for name, model_field in t.PROVINCE_MODELS:
        registry.add_model_type(
            demo.ws, name, model_field, province.id, basis=t.PROVINCE_BASIS, ids=demo.ids
        )
    return model_types(demo.ws)


def _type(types: list[ModelType], name: str) -> ModelType:
    return next(m for m in types if m.name == name)


def _sites_for(demo: _Demo, unit: Unit, types: list[ModelType]) -> list[ModelType]:
    """Which models a unit runs: hamlets mostly cameras and fire safety, schools traffic…"""
    r = demo.rng
    if unit.kind is UnitKind.RESIDENTIAL_AREA:
        # About ten sites a commune, as the press reports (1,589 sites in 151 communes).
        chosen = [_type(types, "Camera an ninh")] if r.random() < 0.7 else []
        if r.random() < 0.4:
            chosen.append(_type(types, "Tổ liên gia an toàn phòng cháy, chữa cháy"))
        if r.random() < 0.15:
            chosen.append(_type(types, "Điểm chữa cháy công cộng"))
        if r.random() < 0.15:
            chosen.append(_type(types, "Tổ tuần tra nhân dân"))
        return chosen
    if unit.kind is UnitKind.SCHOOL:
        return [_type(types, "Cổng trường an toàn giao thông")]
    if unit.kind is UnitKind.ENTERPRISE:
        return [_type(types, "Doanh nghiệp tự quản về an ninh, trật tự")]
    if unit.kind is UnitKind.COMMUNE:
        return [
            _type(types, "Câu lạc bộ phòng, chống ma túy"),
            _type(types, "Tổ giúp đỡ người lầm lỗi tái hòa nhập cộng đồng"),
        ]
    return []


def _commune(demo: _Demo, commune: Unit, types: list[ModelType], *, rich: bool) -> None:
    ws, r = demo.ws, demo.rng
    children = ws.store.units.children(commune.id)
    for unit in [commune, *children]:
        for model in _sites_for(demo, unit, types):
            _site(demo, unit, model, rich=rich)
    for area in [c for c in children if c.kind is UnitKind.RESIDENTIAL_AREA]:
        _organisation(demo, area, OrganisationKind.SECURITY_COMMITTEE, r.randint(5, 9))
        _organisation(demo, area, OrganisationKind.MEDIATION_TEAM, r.randint(5, 7))
        for n in range(1, r.randint(1, 2) + 1):
            _organisation(demo, area, OrganisationKind.SELF_MANAGEMENT_TEAM, r.randint(10, 20), n)
    if commune.subtype == "phường":
        _organisation(demo, commune, OrganisationKind.STREET_SECURITY, r.randint(7, 12))
    _organisation(demo, commune, OrganisationKind.FORMER_PRISONERS_CLUB, r.randint(12, 25))
    _organisation(demo, commune, OrganisationKind.VETERANS_GROUP, r.randint(8, 15))
    _figures(demo, commune)


def _light_commune(demo: _Demo, commune: Unit, types: list[ModelType]) -> None:
    for model in _sites_for(demo, commune, types):
        _site(demo, commune, model, rich=False)
    _organisation(demo, commune, OrganisationKind.VETERANS_GROUP, demo.rng.randint(8, 15))
    _figures(demo, commune)


def _site(demo: _Demo, unit: Unit, model: ModelType, *, rich: bool) -> None:
    ws, r = demo.ws, demo.rng
    established = demo.day(date(2019, 3, 1), date(2026, 10, 15))
    name = f"{model.name} {running_name(unit)}"
    site = registry.add_site(ws, model.id, unit.id, name, established_on=established, ids=demo.ids)
    demo.sites += 1
    for n in range(1, r.choice((1, 1, 2, 2, 3)) + 1):
        count = r.randint(5, 15)
        named: list[Member] = []
        if rich and n == 1:
            named = [Member(demo.person(), t.ROLES[min(i, 2)]) for i in range(r.randint(3, 5))]
        registry.save_team(
            ws, site.id, f"Tổ số {n}", count, named, established_on=established, ids=demo.ids
        )
        demo.teams += 1
    # Most dossiers complete; about one in eight lacks a document or recent minutes.
    roll = r.random()
    roles = list(t.SITE_DOCUMENTS)
    if roll > 0.93:
        roles.remove(r.choice(("regulations", "member_list", "founding_decision")))
    minutes_day = (
        demo.day(date(2026, 6, 1), date(2026, 11, 10))
        if roll < 0.88
        else demo.day(date(2025, 3, 1), date(2025, 12, 31))
    )
    for role in roles:
        _document(demo, unit, site.id, name, DocumentRole(role), established, minutes_day)
    fate = r.random()
    if fate < 0.08:
        reason = (
            StruckOffReason.INEFFECTIVE if r.random() < 0.5 else StruckOffReason.INADEQUATE_DOSSIER
        )
        on = demo.day(max(established + timedelta(days=30), date(2024, 11, 16)), date(2026, 11, 10))
        registry.set_site_state(
            ws, site.id, SiteState.STRUCK_OFF, on, reason=reason, note=t.STRUCK_OFF_NOTES[reason]
        )
    elif fate < 0.15:
        on = demo.day(max(established + timedelta(days=30), date(2025, 11, 16)), date(2026, 11, 10))
        registry.set_site_state(ws, site.id, SiteState.CONSOLIDATED, on)


def _document(
    demo: _Demo,
    unit: Unit,
    site_id: str,
    site_name: str,
    role: DocumentRole,
    established: date,
    minutes_day: date,
) -> None:
    title_t, kind, number_t = t.SITE_DOCUMENTS[role.value]
    title = title_t.format(site=site_name)
    issued = minutes_day if role is DocumentRole.ACTIVITY_MINUTES else established
    demo.numbers[kind] = demo.numbers.get(kind, 0) + 1
    number = number_t.format(n=demo.numbers[kind] % 100 or 1) if number_t else ""
    if demo.light:
        data = f"%PDF-1.4 hồ sơ mô hình — {role.value}".encode()  # shared small blobs
    else:
        from anninh_desktop.services.demo import files

        # Models of hamlets and establishments are founded by the commune's People's Committee.
        chain = unit_chain(demo.ws, unit.id)
        commune = chain.commune or unit
        province = chain.province
        issuer = f"ỦY BAN NHÂN DÂN {commune.display_name.upper()}"
        if province is not None:
            issuer = f"ỦY BAN NHÂN DÂN {province.display_name.upper()}\n{issuer}"
        data = files.make_pdf_document(
            title,
            [p.format(site=site_name, unit=running_name(unit)) for p in t.SITE_DOCUMENT_BODY],
            issuer=issuer,
            number=number or "—",
            place_date=f"{commune.name}, ngày {issued.day:02d} tháng {issued.month:02d} năm "
            f"{issued.year}",
        )
    item = evidence_service.add_content(
        demo.ws,
        unit.id,
        data,
        f"mo-hinh-{role.value}-{demo.documents + 1:05d}.pdf",
        evidence_service.EvidenceMetadata(
            title=title, kind=EvidenceKind(kind), number=number, issue_date=issued
        ),
        ids=demo.ids,
    )
    registry.link_document(demo.ws, site_id, item.id, role)
    demo.documents += 1


def _organisation(
    demo: _Demo, unit: Unit, kind: OrganisationKind, members: int, n: int = 1
) -> None:
    registry.save_organisation(
        demo.ws,
        unit.id,
        kind,
        t.ORGANISATION_NAMES[kind.value].format(unit=running_name(unit), n=n),
        members,
        established_on=demo.day(date(2015, 1, 1), date(2025, 6, 1)),
        ids=demo.ids,
    )
    demo.organisations += 1


def _figures(demo: _Demo, commune: Unit) -> None:
    form = form_for(demo.ws, commune.id)
    entered = {f.key for f in form.entered_fields()}
    children = demo.ws.store.units.children(commune.id)
    areas = sum(1 for c in children if c.kind is UnitKind.RESIDENTIAL_AREA)
    establishments = len(children) - areas
    for year in YEARS:
        whole, half = period_figures(demo.rng, year, areas, establishments)
        for kind, values in ((PeriodKind.HALF_YEAR, half), (PeriodKind.YEAR, whole)):
            figures.set_figures(
                demo.ws,
                commune.id,
                ReportPeriod(year, kind),
                {k: v for k, v in values.items() if k in entered},
            )


def _exemplary(demo: _Demo, communes: list[Unit]) -> None:
    """Communes building the exemplary title in 2026: most on track, a few not."""
    ws = demo.ws
    frame = _exemplary_set(ws)
    if frame is None:
        return
    already = {
        s.assessment.unit_id
        for s in ws.store.assessments.summaries(year=2026)
        if s.assessment.set_id == frame.id
    }
    candidates = [c for c in communes if c.id not in already]
    wanted = EXEMPLARY_COMMUNES if demo.light else 3
    refs = [c.ref for c in frame.assessable_criteria()]
    for i, commune in enumerate(candidates[:wanted]):
        a = assessment_service.register(ws, commune.id, frame, 2026, ids=demo.ids)
        on_track = i < (EXEMPLARY_ON_TRACK if demo.light else 1)
        undetermined = not demo.light and i == 2
        lacking = demo.rng.sample(refs, demo.rng.randint(1, 2))
        for ref in refs[: len(refs) // 2] if undetermined else refs:
            if ref in lacking and not undetermined:
                plan = t.EXEMPLARY_PLANS["expected" if on_track else "late"]
                due = date(2026, 9, 30) if on_track else date(2027, 6, 30)
                assessment_service.update_result(
                    ws, a.id, ref, value=ResultValue.NOT_MET, remediation=plan, due_date=due
                )
            else:
                assessment_service.update_result(ws, a.id, ref, value=ResultValue.MET)


def _exemplary_set(ws: Workspace) -> CriterionSet | None:
    for s in ws.store.criteria.all():
        if s.code.startswith("qd9745-xa") and UnitKind.COMMUNE in s.unit_kinds:
            return s
    return None
