"""Is a model site's dossier complete? ("hồ sơ mô hình không đảm bảo" before an inspection finds it)

The rule comes from the statistics form (`DossierRule`): documents in the required roles, minutes of
an activity no older than a number of months, and at least one team with members.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.movement import DocumentRole, ModelSite, ModelTeam
from anninh_desktop.domain.movement_form import DossierRule
from anninh_desktop.domain.movement_periods import add_months
from anninh_desktop.i18n import N_


class DossierGap(enum.StrEnum):
    MISSING_ROLE = "missing_role"  # a required kind of document is not in the dossier
    NO_RECENT_MINUTES = "no_recent_minutes"
    UNDATED_MINUTES = "undated_minutes"  # minutes exist but none has a date to judge by
    NO_TEAM = "no_team"
    NO_MEMBERS = "no_members"


DOSSIER_GAP_LABELS: dict[DossierGap, str] = {
    DossierGap.MISSING_ROLE: N_("Missing: {role}"),
    DossierGap.NO_RECENT_MINUTES: N_("No minutes of an activity in the last {months} months"),
    DossierGap.UNDATED_MINUTES: N_("The minutes of activities carry no date"),
    DossierGap.NO_TEAM: N_("No team recorded"),
    DossierGap.NO_MEMBERS: N_("A team has no members"),
}


@dataclass(frozen=True)
class DossierDocument:
    role: DocumentRole
    issue_date: date | None  # the evidence item's date


@dataclass(frozen=True)
class Gap:
    gap: DossierGap
    role: DocumentRole | None = None


@dataclass(frozen=True)
class DossierCheck:
    site_id: str
    gaps: tuple[Gap, ...]
    checked: bool = True  # False for a struck-off site (nothing to keep up)

    @property
    def complete(self) -> bool:
        return not self.gaps


def check_site_dossier(
    site: ModelSite,
    documents: Sequence[DossierDocument],
    teams: Sequence[ModelTeam],
    rule: DossierRule,
    on: date,
) -> DossierCheck:
    """The gaps of a site's dossier on day `on` (a struck-off site is not checked)."""
    if site.struck_off:
        return DossierCheck(site.id, (), checked=False)
    roles = {d.role for d in documents}
    gaps = [Gap(DossierGap.MISSING_ROLE, role) for role in rule.required if role not in roles]
    if rule.minutes_within_months > 0:
        minutes = [d for d in documents if d.role is DocumentRole.ACTIVITY_MINUTES]
        dated = [d.issue_date for d in minutes if d.issue_date is not None]
        oldest_allowed = add_months(on, -rule.minutes_within_months)
        if minutes and not dated:
            gaps.append(Gap(DossierGap.UNDATED_MINUTES))
        elif not any(oldest_allowed <= day <= on for day in dated):
            gaps.append(Gap(DossierGap.NO_RECENT_MINUTES))
    if rule.team_required:
        live = [t for t in teams if t.established_on is None or t.established_on <= on]
        if not live:
            gaps.append(Gap(DossierGap.NO_TEAM))
        elif any(t.members_count == 0 for t in live):
            gaps.append(Gap(DossierGap.NO_MEMBERS))
    return DossierCheck(site.id, tuple(gaps))
