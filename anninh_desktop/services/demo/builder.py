"""`anninh demo`: a realistic, reproducible data set in Cà Mau, built through the real services.

Everything goes through the same services as the window (register, results, evidence, transitions),
so the demo is also a check that the rules let a real dossier through.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from anninh_desktop.domain.assessments import (
    Assessment,
    AssessmentState,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.criteria import CriterionSet, EvidenceKind
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.units import UNIT_KIND_LABELS, Unit, UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service as assessments
from anninh_desktop.services import evidence_service as evidence
from anninh_desktop.services.clock import VIETNAM_TZ, fixed_clock
from anninh_desktop.services.demo import files, texts
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

S = AssessmentState
DEMO_NOW = datetime(2026, 11, 20, 8, 0, tzinfo=VIETNAM_TZ)
YEARS = (2025, 2026)

# The way forward through the states, and who makes each move; decisions end it.
_FORWARD = [
    (S.SELF_ASSESSED, Actor.UNIT),
    (S.SUBMITTED, Actor.UNIT),
    (S.UNDER_APPRAISAL, Actor.APPRAISER),
]
_DECISIONS = (S.RETURNED, S.RECOGNISED, S.NOT_RECOGNISED)


def in_sentence(name: str) -> str:
    """A unit's name inside a sentence: "Xã Hồ Thị Kỷ" → "xã Hồ Thị Kỷ", "Ấp Bà Điều" → "ấp Bà
    Điều" (the kind of unit is an ordinary word; the proper name keeps its capitals)."""
    return name[:1].lower() + name[1:] if name else name


def listed_title(printed: str, unit_name: str) -> str:
    """An evidence title as a clerk lists it: "NGHỊ QUYẾT về lãnh đạo …" printed on the document
    becomes "Nghị quyết về lãnh đạo … của xã Hồ Thị Kỷ"."""
    words = printed.split(" ")
    caps = 0
    while caps < len(words) and words[caps].isupper():
        caps += 1
    kind = " ".join(words[:caps]).lower()
    rest = " ".join(words[caps:])
    head = (kind[:1].upper() + kind[1:] + (" " + rest if rest else "")) if kind else printed
    return f"{head} của {in_sentence(unit_name)}"


def path_to(target: AssessmentState) -> list[tuple[AssessmentState, Actor]]:
    """The moves that take a registered assessment to `target` (in progress needs none)."""
    if target in _DECISIONS:
        return [*_FORWARD, (target, Actor.APPRAISER)]
    states = [state for state, _actor in _FORWARD]
    return _FORWARD[: states.index(target) + 1] if target in states else []


@dataclass
class DemoBuilder:
    ws: Workspace
    rng: random.Random
    say: Callable[[str], None]
    files_made: int = 0
    doc_numbers: dict[str, int] = field(default_factory=dict)
    photo_index: int = 0
    shared_photo: str | None = None  # one photo supports two criteria

    def new_id(self) -> str:
        return new_id(self.rng)

    # sets --------------------------------------------------------------------------------
    def tt124_set(self, kind: UnitKind) -> CriterionSet:
        for s in self.ws.store.criteria.all():
            if (
                kind in s.unit_kinds
                and s.complete
                and "124" in " ".join(b.document for b in s.legal_basis)
            ):
                return s
        raise UserError(
            _("No shipped TT124 criterion set for {kind}").format(kind=_(UNIT_KIND_LABELS[kind]))
        )

    def exemplary_set(self) -> CriterionSet:
        for s in self.ws.store.criteria.all():
            if (
                UnitKind.COMMUNE in s.unit_kinds
                and not s.complete
                and (len(s.assessable_criteria()) == 34)
            ):
                return s
        raise UserError(_("The exemplary-commune criterion frame is missing"))

    # evidence ----------------------------------------------------------------------------
    def document(self, unit: Unit, kind: str, year: int, links: list[tuple[str, str]]) -> str:
        title_t, issuer, number_t, body = texts.DOCUMENTS[kind]
        key = f"{kind}-{year}"
        self.doc_numbers[key] = self.doc_numbers.get(key, 0) + 1
        number = number_t.format(n=self.doc_numbers[key])
        issued = date(year - 1, 12, 10) if kind in ("NQ", "KH", "ĐK") else date(year, 11, 5)
        title = title_t.format(year=year)
        paragraphs = [p.format(unit=unit.display_name, year=year) for p in body]
        place_date = (
            f"{texts.PLACE}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        )
        data = files.make_pdf_document(
            title, paragraphs, issuer=issuer, number=number, place_date=place_date
        )
        meta = evidence.EvidenceMetadata(
            title=listed_title(title, unit.display_name),
            kind=EvidenceKind(kind),
            number=number,
            issue_date=issued,
            issuer=texts.ISSUER_NAMES[issuer],
        )
        item = evidence.add_content(
            self.ws,
            unit.id,
            data,
            f"{kind}-{year}-{unit.code or 'dv'}-{self.doc_numbers[key]:02d}.pdf",
            meta,
            link_to=links,
            ids=self.new_id,
        )
        self.files_made += 1
        return item.id

    def photo(self, unit: Unit, year: int, links: list[tuple[str, str]]) -> str:
        caption = texts.PHOTO_CAPTIONS[self.photo_index % len(texts.PHOTO_CAPTIONS)]
        self.photo_index += 1
        rotated = self.photo_index == 3  # one photo stored sideways with EXIF orientation 6
        taken = datetime(year, 1 + self.photo_index % 10, 3 + self.photo_index % 20, 9, 30)
        data = files.make_photo_jpeg(
            self.rng, 800, 600, caption, orientation=6 if rotated else 1, taken=taken
        )
        meta = evidence.EvidenceMetadata(
            title=caption, kind=EvidenceKind.PHOTO, issue_date=taken.date()
        )
        item = evidence.add_content(
            self.ws,
            unit.id,
            data,
            f"IMG_{year}{self.photo_index:04d}.jpg",
            meta,
            link_to=links,
            ids=self.new_id,
        )
        self.files_made += 1
        return item.id

    def office_files(self, unit: Unit, year: int, links: list[tuple[str, str]]) -> None:
        stats = files.make_xlsx(
            f"Thống kê tình hình an ninh, trật tự năm {year}",
            ["Nội dung", "Năm trước", "Năm nay"],
            [
                ["Tội phạm về trật tự xã hội", 14, 9],
                ["Tệ nạn xã hội", 6, 4],
                ["Tai nạn giao thông", 5, 3],
            ],
        )
        evidence.add_content(
            self.ws,
            unit.id,
            stats,
            f"thong-ke-antt-{year}.xlsx",
            evidence.EvidenceMetadata(
                title=f"Thống kê tình hình an ninh, trật tự năm {year}",
                kind=EvidenceKind.STATISTICS,
            ),
            link_to=links[:1],
            ids=self.new_id,
        )
        minutes = files.make_docx(
            f"Biên bản họp Chi bộ ấp về công tác an ninh, trật tự năm {year}",
            [
                "Chi bộ thống nhất các giải pháp giữ vững an ninh, trật tự trên địa bàn.",
                "Phân công đảng viên phụ trách các tổ tự quản.",
            ],
        )
        evidence.add_content(
            self.ws,
            unit.id,
            minutes,
            f"bien-ban-chi-bo-{year}.docx",
            evidence.EvidenceMetadata(
                title=f"Biên bản họp Chi bộ về an ninh, trật tự năm {year}",
                kind=EvidenceKind.MINUTES,
            ),
            link_to=links[1:2],
            ids=self.new_id,
        )
        self.files_made += 2

    # assessments -------------------------------------------------------------------------
    def assess(
        self,
        unit: Unit,
        s: CriterionSet,
        year: int,
        target: AssessmentState,
        *,
        unmet: dict[str, str] | None = None,
        rich: bool = False,
        not_applicable: bool = False,
    ) -> Assessment:
        """Register, fill results and evidence as a careful officer would, then move to `target`."""
        ws = self.ws
        a = assessments.register(ws, unit.id, s, year, ids=self.new_id)
        if target is S.REGISTERED:
            return a
        unmet = dict(unmet or {})
        if target is S.NOT_RECOGNISED and not unmet:
            first = next(c.ref for c in s.assessable_criteria() if c.mandatory and not c.computed)
            unmet[first] = texts.REMEDIATIONS["generic"]
        rows = [c for c in s.assessable_criteria() if c.computed is None]
        if target is S.IN_PROGRESS:
            rows = rows[: max(1, len(rows) * 3 // 5)]
        made: dict[str, str] = {}
        for c in rows:
            if c.ref in unmet:
                assessments.update_result(
                    ws,
                    a.id,
                    c.ref,
                    value=ResultValue.NOT_MET,
                    remediation=unmet[c.ref],
                    due_date=date(year + 1, 3, 31),
                )
                continue
            if not_applicable and c.na_condition:
                assessments.update_result(
                    ws,
                    a.id,
                    c.ref,
                    value=ResultValue.NOT_APPLICABLE,
                    na_reason=texts.NA_REASON,
                    work_status=WorkStatus.DONE,
                )
                continue
            # The officer marks a row done when its result and evidence are in.
            assessments.update_result(
                ws, a.id, c.ref, value=ResultValue.MET, work_status=WorkStatus.DONE
            )
            for kind in c.required_evidence:
                if kind.value in made:
                    evidence.link(ws, made[kind.value], a.id, c.ref, ids=self.new_id)
                elif kind.value in texts.DOCUMENTS:
                    made[kind.value] = self.document(unit, kind.value, year, [(a.id, c.ref)])
                else:
                    made[kind.value] = self.photo(unit, year, [(a.id, c.ref)])
        if rich:
            self.enrich(unit, a, s, year, rows)
        if target is S.IN_PROGRESS:
            return a
        assessments.refresh_computed_results(ws, a.id)
        for c in s.assessable_criteria():
            result = ws.store.assessments.results(a.id)[c.ref]
            if c.computed is not None and result.value is ResultValue.NOT_MET:
                assessments.update_result(
                    ws, a.id, c.ref, remediation=texts.REMEDIATIONS["generic"]
                )
        for state, actor in path_to(target):
            extra: dict[str, object] = {}
            if state is S.RETURNED:
                extra = {"reason": texts.RETURN_REASON}
            if state in (S.RECOGNISED, S.NOT_RECOGNISED):
                extra = {
                    "decision_number": f"{self.rng.randint(100, 999)}/QĐ-UBND",
                    "decision_date": date(year, 11, 28),
                    "decided_by": "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau",
                }
            a = assessments.transition(ws, a.id, state, actor, **extra)
        return a

    def enrich(self, unit: Unit, a: Assessment, s: CriterionSet, year: int, rows: list) -> None:
        """Photos, reports and office files on many criteria of the main commune's dossier."""
        refs = [c.ref for c in rows]
        for i, ref in enumerate(refs):
            if i % 2 == 0:
                item = self.photo(unit, year, [(a.id, ref)])
                if self.shared_photo is None:
                    self.shared_photo = item
                    if len(refs) > 1:  # the same photo proves a second criterion
                        evidence.link(self.ws, item, a.id, refs[1], ids=self.new_id)
            if i % 3 == 1:
                self.document(unit, "BC", year, [(a.id, ref)])
        self.office_files(unit, year, [(a.id, refs[0]), (a.id, refs[-1])])
        self.document(unit, "BB", year, [(a.id, refs[-1])])


def build_demo(
    ws: Workspace,
    *,
    scale: str = "commune",
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> str:
    """Fill an empty data folder with demo data; returns a one-paragraph summary."""
    say = progress or (lambda _text: None)
    ws.clock = fixed_clock(DEMO_NOW)
    b = DemoBuilder(ws=ws, rng=random.Random(seed), say=say)
    if scale == "province":
        from anninh_desktop.services.demo.province_scale import build_province

        return build_province(b)
    return build_commune(b)


def _name_signers(ws: Workspace) -> None:
    """The demo office's signers, printed in its dossiers (the demo certificate's name first)."""
    from anninh_desktop.services.dossier.signers import SignerNames, save_signer_names
    from anninh_desktop.services.signing.demo_cert import DEMO_SIGNER_NAME

    save_signer_names(
        ws,
        SignerNames(commander=DEMO_SIGNER_NAME, deputy="Trần Văn Bình", secretary="Lê Thị Lan"),
    )


def build_commune(b: DemoBuilder) -> str:
    ws = b.ws
    units = ws.store.units
    province = units.by_code(texts.PROVINCE_CODE)
    main = units.by_code(texts.MAIN_COMMUNE_CODE)
    if province is None or main is None:
        raise UserError(_("The official unit list is missing from the data folder"))
    b.say(_("Creating units under {unit}…").format(unit=main.display_name))
    _name_signers(ws)
    children: list[Unit] = []
    for subtype, name in texts.RESIDENTIAL_AREAS:
        children.append(
            create_child_unit(ws, main.id, UnitKind.RESIDENTIAL_AREA, name, subtype, ids=b.new_id)
        )
    for kind, subtype, name in texts.AGENCIES + texts.SCHOOLS:
        children.append(create_child_unit(ws, main.id, UnitKind(kind), name, subtype, ids=b.new_id))

    b.say(_("Assessing the child units (two periods)…"))
    states_2026 = [
        S.RECOGNISED,
        S.RECOGNISED,
        S.NOT_RECOGNISED,
        S.UNDER_APPRAISAL,
        S.SUBMITTED,
        S.RETURNED,
        S.SELF_ASSESSED,
        S.IN_PROGRESS,
        S.REGISTERED,
        S.RECOGNISED,
        S.RECOGNISED,
        S.SUBMITTED,
        S.IN_PROGRESS,
        S.RECOGNISED,
        S.SELF_ASSESSED,
    ]
    for i, unit in enumerate(children):
        s = b.tt124_set(unit.kind)
        # 2025: all registered, all but three recognised (80% ≥ 70%)
        b.assess(
            unit,
            s,
            2025,
            S.NOT_RECOGNISED if i in (2, 7, 12) else S.RECOGNISED,
            not_applicable=unit.kind is UnitKind.ENTERPRISE,
        )
        b.assess(
            unit,
            s,
            2026,
            states_2026[i % len(states_2026)],
            not_applicable=unit.kind is UnitKind.ENTERPRISE,
        )

    b.say(_("Assessing {unit}…").format(unit=main.display_name))
    commune_set = b.tt124_set(UnitKind.COMMUNE)
    b.assess(main, commune_set, 2025, S.RECOGNISED)
    b.assess(main, commune_set, 2026, S.SELF_ASSESSED, rich=True)
    exemplary = b.exemplary_set()
    refs = [c.ref for c in exemplary.assessable_criteria()]
    b.assess(
        main,
        exemplary,
        2026,
        S.SELF_ASSESSED,
        unmet={
            refs[-3]: texts.REMEDIATIONS["funding"],
            refs[-1]: texts.REMEDIATIONS["headquarters"],
        },
        rich=True,
    )

    b.say(_("Assessing other communes of the province…"))
    others = [units.by_code(code) for code in texts.OTHER_COMMUNE_CODES]
    states = [S.SUBMITTED, S.UNDER_APPRAISAL, S.RETURNED, S.IN_PROGRESS, S.REGISTERED]
    for i, unit in enumerate(u for u in others if u is not None):
        b.assess(unit, commune_set, 2025, S.NOT_RECOGNISED if i == 0 else S.SUBMITTED)
        b.assess(unit, commune_set, 2026, states[i % len(states)])

    count = len(ws.store.assessments.summaries())
    return _(
        "Demo data ready in {path}: {province}, {assessments} assessments, {files} evidence files. "
        "Try: anninh status --data-dir {path} {code} --set {set}"
    ).format(
        path=ws.root,
        province=province.display_name,
        assessments=count,
        files=b.files_made,
        code=main.code,
        set=exemplary.code,
    )
