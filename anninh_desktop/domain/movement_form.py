"""The statistics form of the movement: a versioned data file, like a criterion set.

A form holds groups of fields. A field is either *entered* by an office for a period (a count, or a
yes/no flag counted as 1/0) or *computed* by the program from its own data (the registry of models
and organisations, the units and their assessments). A field may have a *total* (shown as
"done/total" with a percentage) and may be *compared* with the same period a year before (the
change is computed, never typed). Format: docs/movement.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.domain.movement import DocumentRole, OrganisationKind, StruckOffReason
from anninh_desktop.domain.movement_periods import YearStart
from anninh_desktop.domain.units import UnitKind


class EntryKind(enum.StrEnum):
    COUNT = "count"
    FLAG = "flag"  # yes/no, counted as 1/0; summed over the offices it counts them


class ComputedKind(enum.StrEnum):
    UNITS = "units"  # current units of the kinds in the scope
    REGISTERED = "registered"  # units with an assessment of the period's year (sets filter)
    RECOGNISED = "recognised"
    EXPECTED = "expected"  # recognised, or expected to be (movement_forecast)
    NOT_EXPECTED = "not_expected"
    UNDETERMINED = "undetermined"
    MODEL_TYPES = "model_types"  # models with at least one site counting at the period's end
    SITES = "sites"
    SITES_NEW = "sites_new"
    SITES_CONSOLIDATED = "sites_consolidated"
    SITES_STRUCK_OFF = "sites_struck_off"
    SITES_INCOMPLETE_DOSSIER = "sites_incomplete_dossier"
    TEAMS = "teams"
    TEAM_MEMBERS = "team_members"
    ORGANISATIONS = "organisations"
    ORGANISATION_MEMBERS = "organisation_members"


# Kinds about assessments: they take `unit_kinds` and `sets`.
ASSESSMENT_KINDS = frozenset(
    {
        ComputedKind.REGISTERED,
        ComputedKind.RECOGNISED,
        ComputedKind.EXPECTED,
        ComputedKind.NOT_EXPECTED,
        ComputedKind.UNDETERMINED,
    }
)
ORGANISATION_KINDS = frozenset({ComputedKind.ORGANISATIONS, ComputedKind.ORGANISATION_MEMBERS})


@dataclass(frozen=True)
class Computation:
    """What the program counts for a computed field or a total."""

    kind: ComputedKind
    unit_kinds: tuple[UnitKind, ...] = ()  # empty: every kind
    sets: tuple[str, ...] = ()  # set codes; "tt124-*" matches by prefix; empty: every set
    reasons: tuple[StruckOffReason, ...] = ()  # sites_struck_off only; empty: every reason
    organisation_kinds: tuple[OrganisationKind, ...] = ()  # organisations only; empty: every kind


@dataclass(frozen=True)
class Total:
    """The denominator of a "done/total" field: a computation, or the sum of entered fields."""

    computation: Computation | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    label_en: str = ""
    measure: str = ""  # đơn vị tính: "vụ", "lượt người"…
    entry: EntryKind | None = None
    computed: Computation | None = None
    total: Total | None = None
    compare: bool = False  # compared with the same period a year before
    chart: bool = False  # drawn in the report's chart over time

    @property
    def entered(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True)
class FormGroup:
    key: str
    title: str
    number: str = ""
    title_en: str = ""
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class DossierRule:
    """What a model site's dossier needs (the form carries it, so a province can change it)."""

    required: tuple[DocumentRole, ...] = (
        DocumentRole.FOUNDING_DECISION,
        DocumentRole.REGULATIONS,
        DocumentRole.MEMBER_LIST,
    )
    minutes_within_months: int = 6  # minutes of an activity no older than this; 0: not required
    team_required: bool = True


@dataclass(frozen=True)
class StatisticsForm:
    id: str
    code: str
    version: int
    title: str
    title_en: str = ""
    official: bool = False
    province_code: str = ""  # "" for the program's default form
    issuer: str = ""
    document: str = ""  # the issuing document, e.g. "Công văn 123/CAT-PV05"
    issued_on: date | None = None
    notes: str = ""
    year_start: YearStart = field(default_factory=YearStart)
    dossier: DossierRule = field(default_factory=DossierRule)
    groups: tuple[FormGroup, ...] = field(default=())
    source_sha256: str = ""

    def fields(self) -> Iterator[FormField]:
        for group in self.groups:
            yield from group.fields

    def field(self, key: str) -> FormField:
        for f in self.fields():
            if f.key == key:
                return f
        raise KeyError(key)

    def entered_fields(self) -> list[FormField]:
        return [f for f in self.fields() if f.entered]

    @property
    def label(self) -> str:
        return f"{self.title} (v{self.version})"


def matches_set(code: str, patterns: tuple[str, ...]) -> bool:
    """Whether a set code is named by the patterns ("tt124-*" matches by prefix); empty: all."""
    if not patterns:
        return True
    for pattern in patterns:
        if pattern.endswith("*"):
            if code.startswith(pattern[:-1]):
                return True
        elif code == pattern:
            return True
    return False
