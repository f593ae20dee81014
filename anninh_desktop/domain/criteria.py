"""Criterion sets: versioned, immutable data (legal basis, groups → criteria → sub-items, rules)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.domain.periods import PERIOD_01_NOV as PERIOD_01_NOV  # re-exported
from anninh_desktop.domain.periods import PERIOD_16_NOV as PERIOD_16_NOV  # re-exported
from anninh_desktop.domain.periods import PeriodRule
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import N_


class Scoring(enum.StrEnum):
    PASS_FAIL = "pass_fail"
    POINTS = "points"


class CriterionLevel(enum.StrEnum):
    GROUP = "group"  # a heading that groups criteria (never assessed itself)
    CRITERION = "criterion"  # a numbered criterion (khoản); assessable when it has no sub-items
    ITEM = "item"  # a sub-item (điểm a, b, c…); assessable when it has no sub-items of its own


class EvidenceKind(enum.StrEnum):
    RESOLUTION = "NQ"  # nghị quyết
    PLAN = "KH"  # kế hoạch
    REPORT = "BC"  # báo cáo
    MINUTES = "BB"  # biên bản
    DECISION = "QĐ"  # quyết định
    REQUEST = "TTr"  # tờ trình
    REGISTRATION = "ĐK"  # bản đăng ký
    PHOTO = "photo"
    STATISTICS = "statistics"
    OTHER = "other"


EVIDENCE_KIND_LABELS: dict[EvidenceKind, str] = {
    EvidenceKind.RESOLUTION: N_("Resolution (NQ)"),
    EvidenceKind.PLAN: N_("Plan (KH)"),
    EvidenceKind.REPORT: N_("Report (BC)"),
    EvidenceKind.MINUTES: N_("Minutes (BB)"),
    EvidenceKind.DECISION: N_("Decision (QĐ)"),
    EvidenceKind.REQUEST: N_("Request (TTr)"),
    EvidenceKind.REGISTRATION: N_("Registration form"),
    EvidenceKind.PHOTO: N_("Photo"),
    EvidenceKind.STATISTICS: N_("Statistics"),
    EvidenceKind.OTHER: N_("Other document"),
}


@dataclass(frozen=True)
class LegalBasis:
    """A legal document a set rests on: "Thông tư 124/2021/TT-BCA" of the Bộ Công an, 2021-12-22."""

    document: str  # e.g. "Thông tư 124/2021/TT-BCA"
    issuer: str = ""  # e.g. "Bộ Công an"
    issued_on: date | None = None
    title: str = ""
    in_force_from: date | None = None


@dataclass(frozen=True)
class Threshold:
    """A class reached with at least `min_points` points ("xuất sắc" from 90)."""

    label: str
    min_points: float


@dataclass(frozen=True)
class Deadline:
    """A deadline of the set, as data: what must happen by which day of the period's end year."""

    label: str
    month: int
    day: int


class ComputedRuleKind(enum.StrEnum):
    # share of child units registered and recognised, from child-unit records (TT124 Điều 5.4)
    CHILD_UNITS = "child_units"


@dataclass(frozen=True)
class ComputedRule:
    """How a criterion's result is computed from the unit's children instead of entered."""

    kind: ComputedRuleKind
    child_kinds: tuple[UnitKind, ...] = ()
    min_registered_percent: int = 100
    min_recognised_percent: int = 70


@dataclass(frozen=True)
class Criterion:
    """One row of a criterion set: a group heading or an assessable criterion."""

    ref: str  # stable ref id, e.g. "4.3.a" (Điều 4, khoản 3, điểm a)
    level: CriterionLevel
    text: str  # Vietnamese, NFC
    parent_ref: str | None = None
    number: str = ""  # as printed: "1", "a", "đ"
    text_en: str = ""
    assessable: bool = True
    mandatory: bool = True
    points: float | None = None
    required_evidence: tuple[EvidenceKind, ...] = ()
    na_condition: str = ""  # when set, "not applicable" is allowed with a reason
    negative: bool = (
        False  # "no … occurred": proven by the absence of incidents or an exception note
    )
    computed: ComputedRule | None = None
    refers_to: str = ""  # "<set code>:<ref>" when the text is taken from another set
    known: bool = True  # False for a slot of an incomplete set whose text is not available


@dataclass(frozen=True)
class CriterionSet:
    """One immutable version of a criterion set."""

    id: str
    code: str  # stable across versions, e.g. "tt124-khu-dan-cu"
    version: int
    title: str
    unit_kinds: tuple[UnitKind, ...]
    period_rule: PeriodRule
    legal_basis: tuple[LegalBasis, ...] = ()
    title_en: str = ""
    province_code: str = ""  # "" for a national set
    valid_from: date | None = None
    valid_to: date | None = None
    scoring: Scoring = Scoring.PASS_FAIL
    max_points: float | None = None
    thresholds: tuple[Threshold, ...] = ()
    authority: str = ""  # who appraises and who decides, as text of the set version
    deadlines: tuple[Deadline, ...] = ()
    complete: bool = True
    notes: str = ""
    criteria: tuple[Criterion, ...] = field(default=())
    source_sha256: str = ""  # hash of the file the version was read from

    def assessable_criteria(self) -> tuple[Criterion, ...]:
        """The checkable rows, in order."""
        return tuple(c for c in self.criteria if c.assessable)

    def criterion(self, ref: str) -> Criterion:
        for c in self.criteria:
            if c.ref == ref:
                return c
        raise KeyError(ref)

    def children(self, ref: str | None) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.parent_ref == ref)

    @property
    def label(self) -> str:
        return f"{self.title} (v{self.version})"
