"""Small in-code builders for domain tests: criterion sets, results, assessments, audit chains."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from hypothesis import HealthCheck, settings

from anninh_desktop.domain.assessments import Assessment, AssessmentState, Result, ResultValue
from anninh_desktop.domain.audit import GENESIS_HASH, AuditEvent, chain_hash, event_payload
from anninh_desktop.domain.criteria import (
    PERIOD_16_NOV,
    Criterion,
    CriterionLevel,
    CriterionSet,
    EvidenceKind,
    PeriodRule,
)
from anninh_desktop.domain.units import UnitKind

# Hypothesis: modest, no deadline, no example database on disk (domain tests touch no files).
FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    # the autouse language fixture is idempotent, so sharing it between examples is harmless
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

M = ResultValue.MET
NM = ResultValue.NOT_MET
NA = ResultValue.NOT_APPLICABLE
NS = ResultValue.NOT_ASSESSED


def crit(
    ref: str,
    *,
    level: CriterionLevel = CriterionLevel.ITEM,
    parent: str | None = None,
    assessable: bool | None = None,
    mandatory: bool = True,
    na_condition: str = "",
    required_evidence: tuple[EvidenceKind, ...] = (),
    text: str = "",
) -> Criterion:
    """A criterion; groups are never assessable unless told otherwise."""
    if assessable is None:
        assessable = level is not CriterionLevel.GROUP
    return Criterion(
        ref=ref,
        level=level,
        text=text or f"Tiêu chí {ref}",
        parent_ref=parent,
        number=ref.rsplit(".", 1)[-1],
        assessable=assessable,
        mandatory=mandatory,
        na_condition=na_condition,
        required_evidence=required_evidence,
    )


def make_set(
    criteria: Iterable[Criterion],
    *,
    code: str = "test-set",
    version: int = 1,
    period_rule: PeriodRule = PERIOD_16_NOV,
    unit_kinds: tuple[UnitKind, ...] = (UnitKind.COMMUNE,),
) -> CriterionSet:
    return CriterionSet(
        id=f"{code}-v{version}",
        code=code,
        version=version,
        title="Bộ tiêu chí thử",
        unit_kinds=unit_kinds,
        period_rule=period_rule,
        criteria=tuple(criteria),
    )


def flat_set(n: int, **kwargs: object) -> CriterionSet:
    """`n` assessable, mandatory top-level criteria "1" … "n"."""
    return make_set(
        [crit(str(i), level=CriterionLevel.CRITERION) for i in range(1, n + 1)],
        **kwargs,  # type: ignore[arg-type]
    )


def tree_set() -> CriterionSet:
    """A set with groups, a criterion split into items, and rows of each special kind.

    Assessable rows, in order: 1.a, 1.b, 2, 3 (optional), 4 (NA allowed), 5 (needs a KH).
    """
    C = CriterionLevel.CRITERION
    return make_set(
        [
            crit("I", level=CriterionLevel.GROUP),
            crit("1", level=C, parent="I", assessable=False),
            crit("1.a", parent="1"),
            crit("1.b", parent="1"),
            crit("2", level=C, parent="I"),
            crit("II", level=CriterionLevel.GROUP),
            crit("3", level=C, parent="II", mandatory=False),
            crit("4", level=C, parent="II", na_condition="nơi có tổ chức Đảng"),
            crit("5", level=C, parent="II", required_evidence=(EvidenceKind.PLAN,)),
        ]
    )


TREE_ASSESSABLE = ("1.a", "1.b", "2", "3", "4", "5")


def result(
    ref: str,
    value: ResultValue = ResultValue.MET,
    *,
    na_reason: str = "",
    remediation: str = "",
    assessment_id: str = "a1",
) -> Result:
    return Result(
        id=f"r-{ref}",
        assessment_id=assessment_id,
        criterion_ref=ref,
        value=value,
        na_reason=na_reason,
        remediation=remediation,
    )


def results(values: Mapping[str, ResultValue], **kwargs: str) -> dict[str, Result]:
    """ref → Result; NA rows get a reason, NOT_MET rows a remediation plan, unless overridden."""
    out: dict[str, Result] = {}
    for ref, value in values.items():
        out[ref] = result(
            ref,
            value,
            na_reason=kwargs.get("na_reason", "không có tổ chức Đảng" if value is NA else ""),
            remediation=kwargs.get("remediation", "khắc phục trong quý I" if value is NM else ""),
        )
    return out


def all_met(criterion_set: CriterionSet) -> dict[str, Result]:
    return results({c.ref: M for c in criterion_set.assessable_criteria()})


def assessment(state: AssessmentState, *, year: int = 2026) -> Assessment:
    return Assessment(
        id="a1",
        unit_id="u1",
        set_id="test-set-v1",
        year=year,
        period_start=date(year - 1, 11, 16),
        period_end=date(year, 11, 15),
        state=state,
    )


def append_event(
    chain: list[AuditEvent],
    *,
    at: str = "2026-01-02T08:00:00+07:00",
    installation: str = "inst-1",
    actor: str = "Nguyễn Văn A",
    action: str = "result.set",
    entity: str = "result",
    entity_id: str = "r-1",
    old: str = "",
    new: str = '{"value":"met"}',
) -> AuditEvent:
    """Append like the storage does: seq from 1, prev_hash GENESIS_HASH then the last hash."""
    seq = chain[-1].seq + 1 if chain else 1
    prev = chain[-1].hash if chain else GENESIS_HASH
    payload = event_payload(seq, at, installation, actor, action, entity, entity_id, old, new)
    event = AuditEvent(
        seq=seq,
        at=at,
        installation=installation,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        old=old,
        new=new,
        prev_hash=prev,
        hash=chain_hash(prev, payload),
    )
    chain.append(event)
    return event


def make_chain(news: Iterable[str]) -> list[AuditEvent]:
    chain: list[AuditEvent] = []
    for i, new in enumerate(news):
        append_event(chain, entity_id=f"r-{i}", old="" if i == 0 else "{}", new=new)
    return chain
