"""`anninh demo --scale province`: about 100 communes, 1,000 residential areas, 500 establishments,
three periods and 20,000 evidence records, for performance work. Blobs are small and shared."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from anninh_desktop.domain.assessments import AssessmentState, ResultValue, WorkStatus
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service as assessments
from anninh_desktop.services import evidence_service as evidence
from anninh_desktop.services.demo import texts
from anninh_desktop.services.demo.builder import DemoBuilder, in_sentence
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.storage.database import transaction

YEARS = (2024, 2025, 2026)
COMMUNES = 100
AREAS_PER_COMMUNE = 10
ESTABLISHMENTS_PER_COMMUNE = 5
EVIDENCE_TARGET = 20_000
DISTINCT_BLOBS = 400
STATES = list(AssessmentState)


def build_province(
    b: DemoBuilder,
    *,
    communes_wanted: int = COMMUNES,
    evidence_target: int = EVIDENCE_TARGET,
) -> str:
    ws = b.ws
    provinces = [u for u in ws.store.units.of_kinds([UnitKind.PROVINCE]) if not u.is_historic]
    communes: list[Unit] = []
    for province in provinces:  # the largest provinces first gives 100 communes from a few
        communes.extend(ws.store.units.children(province.id))
        if len(communes) >= communes_wanted:
            break
    communes = communes[:communes_wanted]
    blobs = [f"minh chứng {i} — tài liệu mẫu".encode() * 20 for i in range(DISTINCT_BLOBS)]
    per_assessment = max(
        1,
        evidence_target
        // (communes_wanted * (AREAS_PER_COMMUNE + 1 + ESTABLISHMENTS_PER_COMMUNE) * 3)
        + 1,
    )
    made = 0
    for n, commune in enumerate(communes, start=1):
        with transaction(ws.store.db):
            units = [commune]
            for i in range(AREAS_PER_COMMUNE):
                units.append(
                    create_child_unit(
                        ws,
                        commune.id,
                        UnitKind.RESIDENTIAL_AREA,
                        f"Ấp {i + 1}",
                        "ấp",
                        ids=b.new_id,
                    )
                )
            for kind_name, pattern in texts.PROVINCE_ESTABLISHMENTS[:ESTABLISHMENTS_PER_COMMUNE]:
                name = pattern.format(commune=in_sentence(commune.display_name), name=commune.name)
                units.append(
                    create_child_unit(ws, commune.id, UnitKind(kind_name), name, ids=b.new_id)
                )
            for unit in units:
                s = b.tt124_set(unit.kind)
                for year in YEARS:
                    a = assessments.register(ws, unit.id, s, year, ids=b.new_id)
                    state = STATES[b.rng.randrange(len(STATES))]
                    refs = [c.ref for c in s.assessable_criteria() if c.computed is None]
                    for ref in refs:
                        value = ResultValue.MET if b.rng.random() < 0.85 else ResultValue.NOT_MET
                        done = WorkStatus.DONE if value is ResultValue.MET else None
                        extra = {"work_status": done} if done else {}
                        assessments.update_result(ws, a.id, ref, value=value, **extra)
                    for k in range(per_assessment):
                        if made >= evidence_target:
                            break
                        data = blobs[b.rng.randrange(DISTINCT_BLOBS)]
                        evidence.add_content(
                            ws,
                            unit.id,
                            data,
                            f"minh-chung-{made:05d}.txt",
                            evidence.EvidenceMetadata(
                                title=texts.PROVINCE_REPORT_TITLES[
                                    k % len(texts.PROVINCE_REPORT_TITLES)
                                ].format(year=year, unit=in_sentence(unit.display_name)),
                                kind=EvidenceKind.REPORT,
                                issue_date=date(year, 6, 1),
                            ),
                            link_to=[(a.id, refs[k % len(refs)])],
                            ids=b.new_id,
                        )
                        made += 1
                    if state is not AssessmentState.REGISTERED:
                        # Performance data: states are set directly, not through the rules.
                        with ws.store.change() as stamp:
                            ws.store.assessments.update(replace(a, state=state), stamp)
                            ws.record(
                                stamp,
                                "assessment.demo_state",
                                "assessment",
                                a.id,
                                None,
                                {"state": state.value},
                            )
        if n % 10 == 0:
            b.say(_("{done}/{total} communes…").format(done=n, total=len(communes)))
    count = len(ws.store.assessments.summaries())
    return _(
        "Province-scale demo data ready in {path}: {units} units assessed, {assessments} "
        "assessments, {evidence} evidence records."
    ).format(path=ws.root, units=len(communes) * 16, assessments=count, evidence=made)
