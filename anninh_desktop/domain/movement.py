"""The movement's registry: model types, model sites with their teams and dossier, mass organisations.

A *model* (mô hình) is a kind of self-management arrangement ("Camera an ninh", "Tổ liên gia an
toàn PCCC"); a *site* (điểm mô hình) is one place where a unit runs it, with its *teams* (tổ) and
their members, its state, and a dossier of evidence. Mass organisations for security (ban, tổ, câu
lạc bộ…) are kept per unit. See docs/movement.md.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.i18n import N_


class ModelField(enum.StrEnum):
    """The field of work a model serves (for grouping in the report)."""

    SECURITY_ORDER = "security_order"
    CRIME_PREVENTION = "crime_prevention"
    DRUGS = "drugs"
    FIRE = "fire"
    TRAFFIC = "traffic"
    REINTEGRATION = "reintegration"
    OTHER = "other"


MODEL_FIELD_LABELS: dict[ModelField, str] = {
    ModelField.SECURITY_ORDER: N_("Security and order"),
    ModelField.CRIME_PREVENTION: N_("Crime prevention"),
    ModelField.DRUGS: N_("Drugs and social evils"),
    ModelField.FIRE: N_("Fire prevention and fighting"),
    ModelField.TRAFFIC: N_("Traffic order and safety"),
    ModelField.REINTEGRATION: N_("Reintegration of offenders"),
    ModelField.OTHER: N_("Other"),
}


class SiteState(enum.StrEnum):
    ACTIVE = "active"
    CONSOLIDATED = "consolidated"  # củng cố: strengthened after a review found it weak
    STRUCK_OFF = "struck_off"  # loại bỏ: no longer counted as a site of the model


SITE_STATE_LABELS: dict[SiteState, str] = {
    SiteState.ACTIVE: N_("Active"),
    SiteState.CONSOLIDATED: N_("Consolidated"),
    SiteState.STRUCK_OFF: N_("Struck off"),
}


class StruckOffReason(enum.StrEnum):
    INEFFECTIVE = "ineffective"
    INADEQUATE_DOSSIER = "inadequate_dossier"
    OTHER = "other"


STRUCK_OFF_REASON_LABELS: dict[StruckOffReason, str] = {
    StruckOffReason.INEFFECTIVE: N_("Ineffective"),
    StruckOffReason.INADEQUATE_DOSSIER: N_("Inadequate dossier"),
    StruckOffReason.OTHER: N_("Other reason"),
}


class DocumentRole(enum.StrEnum):
    """What a document of a site's dossier is."""

    FOUNDING_DECISION = "founding_decision"
    REGULATIONS = "regulations"
    MEMBER_LIST = "member_list"
    ACTIVITY_MINUTES = "activity_minutes"
    REVIEW_REPORT = "review_report"
    PHOTO = "photo"
    OTHER = "other"


DOCUMENT_ROLE_LABELS: dict[DocumentRole, str] = {
    DocumentRole.FOUNDING_DECISION: N_("Founding decision"),
    DocumentRole.REGULATIONS: N_("Regulations"),
    DocumentRole.MEMBER_LIST: N_("List of members"),
    DocumentRole.ACTIVITY_MINUTES: N_("Minutes of an activity"),
    DocumentRole.REVIEW_REPORT: N_("Review report"),
    DocumentRole.PHOTO: N_("Photo"),
    DocumentRole.OTHER: N_("Other document"),
}


class OrganisationKind(enum.StrEnum):
    """Mass organisations that take part in security work at the grassroots."""

    SECURITY_COMMITTEE = "security_committee"
    MEDIATION_TEAM = "mediation_team"
    STREET_SECURITY = "street_security"
    SELF_MANAGEMENT_TEAM = "self_management_team"
    FORMER_PRISONERS_CLUB = "former_prisoners_club"
    VETERANS_GROUP = "veterans_group"
    OTHER = "other"


ORGANISATION_KIND_LABELS: dict[OrganisationKind, str] = {
    OrganisationKind.SECURITY_COMMITTEE: N_("Security and order committee"),
    OrganisationKind.MEDIATION_TEAM: N_("Mediation team"),
    OrganisationKind.STREET_SECURITY: N_("Street security committee"),
    OrganisationKind.SELF_MANAGEMENT_TEAM: N_("Self-management team"),
    OrganisationKind.FORMER_PRISONERS_CLUB: N_("Club of former prisoners"),
    OrganisationKind.VETERANS_GROUP: N_("Veterans' crime-prevention group"),
    OrganisationKind.OTHER: N_("Other organisation"),
}


@dataclass(frozen=True)
class ModelType:
    """A model of the catalogue. `unit_id` is the unit whose office defined it (a province or a
    commune); None for the program's own default catalogue (the same ids everywhere)."""

    id: str
    name: str
    field: ModelField = ModelField.SECURITY_ORDER
    basis: str = ""  # the legal or provincial document the model rests on, as text
    unit_id: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Member:
    name: str
    role: str = ""  # "Tổ trưởng", "Tổ viên"…


@dataclass(frozen=True)
class ModelSite:
    id: str
    type_id: str
    unit_id: str  # the commune, residential area, agency, enterprise or school where it runs
    name: str
    established_on: date | None = None
    state: SiteState = SiteState.ACTIVE
    state_on: date | None = None  # when it entered its state (the day it was struck off…)
    struck_off_reason: StruckOffReason | None = None
    struck_off_note: str = ""
    note: str = ""

    @property
    def struck_off(self) -> bool:
        return self.state is SiteState.STRUCK_OFF

    def live_on(self, day: date) -> bool:
        """Whether the site counts on `day`: established by then and not yet struck off."""
        if self.established_on is not None and self.established_on > day:
            return False
        if self.state is SiteState.STRUCK_OFF:
            return self.state_on is not None and self.state_on > day
        return True


@dataclass(frozen=True)
class ModelTeam:
    id: str
    site_id: str
    unit_id: str  # the site's unit (kept on the row: the sync scope of every row is a unit)
    name: str
    members_count: int = 0
    members: tuple[Member, ...] = field(default=())
    established_on: date | None = None


@dataclass(frozen=True)
class SiteDocument:
    """An evidence item (the evidence store's) in a site's dossier, in one role."""

    id: str
    site_id: str
    unit_id: str
    evidence_id: str
    role: DocumentRole


@dataclass(frozen=True)
class MassOrganisation:
    id: str
    unit_id: str
    kind: OrganisationKind
    name: str
    members: int = 0
    established_on: date | None = None
    dissolved_on: date | None = None
    note: str = ""

    def live_on(self, day: date) -> bool:
        if self.established_on is not None and self.established_on > day:
            return False
        return self.dissolved_on is None or self.dissolved_on > day


class RegistryError(ValueError):
    """A registry change the rules refuse; `code` names the rule (the service words it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_members(members_count: int, members: tuple[Member, ...]) -> None:
    """A team's count covers the members named (names are optional, the count is not)."""
    if members_count < 0:
        raise RegistryError("negative_count")
    if members_count < len(members):
        raise RegistryError("count_below_names")
    if any(not m.name.strip() for m in members):
        raise RegistryError("member_without_name")


def change_state(
    site: ModelSite,
    state: SiteState,
    on: date,
    reason: StruckOffReason | None = None,
    note: str = "",
) -> ModelSite:
    """The site in its new state. Striking off needs a reason and is final (a site that works
    again is a new site, counted as built this period)."""
    from dataclasses import replace

    if site.state is SiteState.STRUCK_OFF:
        raise RegistryError("already_struck_off")
    if site.established_on is not None and on < site.established_on:
        raise RegistryError("before_established")
    if state is SiteState.STRUCK_OFF:
        if reason is None:
            raise RegistryError("reason_required")
        if reason is StruckOffReason.OTHER and not note.strip():
            raise RegistryError("note_required")
        return replace(
            site, state=state, state_on=on, struck_off_reason=reason, struck_off_note=note.strip()
        )
    return replace(site, state=state, state_on=on, struck_off_reason=None, struck_off_note="")
