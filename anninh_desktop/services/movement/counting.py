"""What the computed figures count, over the data of one scope read once.

A scope (a commune or a province with everything below it) is read in a handful of queries; every
computed field, for the whole scope or for one office's part of it, is then counted in memory, so a
province's per-commune table costs no query per commune.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.movement import MassOrganisation, ModelSite, ModelTeam, SiteState
from anninh_desktop.domain.movement_dossier import DossierDocument, check_site_dossier
from anninh_desktop.domain.movement_forecast import (
    NEGATIVE,
    POSITIVE,
    Forecast,
    Outlook,
    forecast,
)
from anninh_desktop.domain.movement_form import (
    Computation,
    ComputedKind,
    StatisticsForm,
    matches_set,
)
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.progress import progress
from anninh_desktop.domain.units import CERTIFIED_KINDS, Unit, UnitKind
from anninh_desktop.services.movement.collation import vietnamese_key
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.movement_repo import AssessmentFacts, ScopeUnit

_FORECAST_KINDS = {
    ComputedKind.EXPECTED: POSITIVE,
    ComputedKind.NOT_EXPECTED: NEGATIVE,
    ComputedKind.UNDETERMINED: frozenset({Outlook.UNDETERMINED}),
}
_OUTLOOK_ORDER = list(Outlook)  # best first


@dataclass
class _Part:
    """The rows of the scope (`members` None) or of one office's units."""

    members: frozenset[str] | None
    units: list[ScopeUnit] = field(default_factory=list)
    sites: list[ModelSite] = field(default_factory=list)
    organisations: list[MassOrganisation] = field(default_factory=list)
    sheets: dict[str, list[dict[str, int]]] = field(default_factory=dict)  # period key → figures
    assessments: dict[int, list[AssessmentFacts]] = field(default_factory=dict)  # by year


@dataclass(frozen=True)
class OutlookRow:
    """One assessment a forecast field looks at, with its outlook."""

    unit_id: str
    unit_name: str
    set_code: str
    set_title: str
    forecast: Forecast
    met: int
    applicable: int


class ScopeData:
    """The registry, sheets and assessments of a scope, for the periods asked."""

    def __init__(
        self, ws: Workspace, scope_id: str, form: StatisticsForm, periods: Sequence[ReportPeriod]
    ) -> None:
        repo = ws.store.movement
        self._ws = ws
        self.form = form
        self.scope = ws.store.units.get(scope_id)
        self.units: dict[str, ScopeUnit] = {u.id: u for u in repo.units_in_scope(scope_id)}
        self._children: dict[str, list[str]] = defaultdict(list)
        for u in self.units.values():
            if u.parent_id is not None and u.id != scope_id:
                self._children[u.parent_id].append(u.id)
        self.sites: list[ModelSite] = repo.sites_in_scope(scope_id)
        site_ids = [s.id for s in self.sites]
        self._teams: dict[str, list[ModelTeam]] = defaultdict(list)
        for team in repo.teams(site_ids):
            self._teams[team.site_id].append(team)
        self._documents: dict[str, list[DossierDocument]] = defaultdict(list)
        for document, issued, _title in repo.documents(site_ids):
            self._documents[document.site_id].append(DossierDocument(document.role, issued))
        self.organisations = repo.organisations_in_scope(scope_id)
        keys = [p.key for p in periods]
        self._figures = repo.figures_in_scope(scope_id, keys)
        self._sheets = {(s.unit_id, s.period) for s in repo.sheets_in_scope(scope_id, keys)}
        self._assessments: dict[int, list[AssessmentFacts]] = {}
        self._set_codes: dict[str, str] = {}
        self._forecasts: dict[str, Forecast] = {}
        self._checks: dict[tuple[str, date], bool] = {}
        self._parts: dict[frozenset[str] | None, _Part] = {}
        self._office_units: dict[str, frozenset[str]] = {}
        self._set_matches: dict[tuple[str, tuple[str, ...]], bool] = {}

    # offices and their parts of the scope ---------------------------------------------------
    def offices(self) -> list[Unit]:
        """The communes of the scope (current ones), and a province scope itself."""
        units = self._ws.store.units
        out = [
            units.get(u.id)
            for u in self.units.values()
            if u.kind is UnitKind.COMMUNE and (u.current or u.id == self.scope.id)
        ]
        out.sort(key=lambda u: vietnamese_key(u.name))
        if self.scope.kind is UnitKind.PROVINCE:
            out.append(self.scope)
        return out

    def units_of_office(self, office_id: str) -> frozenset[str]:
        """A commune and everything below it; a province only itself (its own sheet)."""
        if office_id in self._office_units:
            return self._office_units[office_id]
        if self.units[office_id].kind is UnitKind.PROVINCE:
            found = {office_id}
        else:
            found, stack = {office_id}, [office_id]
            while stack:
                for child in self._children.get(stack.pop(), []):
                    if child not in found:
                        found.add(child)
                        stack.append(child)
        self._office_units[office_id] = frozenset(found)
        return self._office_units[office_id]

    def reported(self, office_id: str, period: ReportPeriod) -> bool:
        return (office_id, period.key) in self._sheets

    def has_sheets(self, period: ReportPeriod) -> bool:
        return any(p == period.key for _u, p in self._sheets)

    def sheets(self, period: ReportPeriod, units: frozenset[str] | None) -> list[dict[str, int]]:
        return self._part(units).sheets.get(period.key, [])

    def _part(self, units: frozenset[str] | None) -> _Part:
        """The scope's rows, or one office's share of them, sliced once (a province's table of
        communes counts every field for every commune: one pass over the rows per commune)."""
        part = self._parts.get(units)
        if part is not None:
            return part
        if units is not None and units in self._office_units.values():
            self._slice_offices()
            return self._parts[units]
        unit_list = [u for u in self.units.values() if units is None or u.id in units]
        part = _Part(frozenset(u.id for u in unit_list) if units is not None else None)
        part.units.extend(unit_list)
        part.sites.extend(s for s in self.sites if units is None or s.unit_id in units)
        part.organisations.extend(
            o for o in self.organisations if units is None or o.unit_id in units
        )
        for (unit_id, key), values in self._figures.items():
            if units is None or unit_id in units:
                part.sheets.setdefault(key, []).append(values)
        self._parts[units] = part
        return part

    def _slice_offices(self) -> None:
        """Every office's part in one pass over the rows (each unit belongs to one office)."""
        office_of: dict[str, _Part] = {}
        for office in self.offices():
            units = self.units_of_office(office.id)
            part = _Part(units)
            self._parts[units] = part
            for unit_id in units:
                office_of[unit_id] = part
        for u in self.units.values():
            if u.id in office_of:
                office_of[u.id].units.append(u)
        for site in self.sites:
            if site.unit_id in office_of:
                office_of[site.unit_id].sites.append(site)
        for o in self.organisations:
            if o.unit_id in office_of:
                office_of[o.unit_id].organisations.append(o)
        for (unit_id, key), values in self._figures.items():
            if unit_id in office_of:
                office_of[unit_id].sheets.setdefault(key, []).append(values)

    # counting -------------------------------------------------------------------------------
    def count(
        self, c: Computation, period: ReportPeriod, units: frozenset[str] | None = None
    ) -> int:
        start, end = period.bounds(self.form.year_start)
        part = self._part(units)
        kind = c.kind
        if kind is ComputedKind.UNITS:
            wanted = set(c.unit_kinds or CERTIFIED_KINDS)
            return sum(1 for u in part.units if u.current and u.kind in wanted)
        if kind in (ComputedKind.REGISTERED, ComputedKind.RECOGNISED) or kind in _FORECAST_KINDS:
            return self._count_assessments(c, period, part)
        live = [s for s in part.sites if s.live_on(end)]
        if kind is ComputedKind.SITES:
            return len(live)
        if kind is ComputedKind.MODEL_TYPES:
            return len({s.type_id for s in live})
        if kind is ComputedKind.SITES_NEW:
            return sum(
                1 for s in part.sites if s.established_on and start <= s.established_on <= end
            )
        if kind in (ComputedKind.SITES_CONSOLIDATED, ComputedKind.SITES_STRUCK_OFF):
            state = (
                SiteState.CONSOLIDATED
                if kind is ComputedKind.SITES_CONSOLIDATED
                else SiteState.STRUCK_OFF
            )
            return sum(
                1
                for s in part.sites
                if s.state is state
                and s.state_on is not None
                and start <= s.state_on <= end
                and (not c.reasons or s.struck_off_reason in c.reasons)
            )
        if kind is ComputedKind.SITES_INCOMPLETE_DOSSIER:
            return sum(1 for s in live if not self._dossier_complete(s, end))
        if kind in (ComputedKind.TEAMS, ComputedKind.TEAM_MEMBERS):
            teams = [t for s in live for t in self._teams.get(s.id, ()) if _team_live(t, end)]
            if kind is ComputedKind.TEAMS:
                return len(teams)
            return sum(t.members_count for t in teams)
        organisations = [
            o
            for o in part.organisations
            if o.live_on(end) and (not c.organisation_kinds or o.kind in c.organisation_kinds)
        ]
        if kind is ComputedKind.ORGANISATIONS:
            return len(organisations)
        return sum(o.members for o in organisations)

    def _dossier_complete(self, site: ModelSite, on: date) -> bool:
        key = (site.id, on)
        if key not in self._checks:
            # A site struck off after `on` was still a site then: check it as it was.
            as_then = replace(site, state=SiteState.ACTIVE) if site.struck_off else site
            check = check_site_dossier(
                as_then,
                self._documents.get(site.id, []),
                self._teams.get(site.id, []),
                self.form.dossier,
                on,
            )
            self._checks[key] = check.complete
        return self._checks[key]

    # assessments ----------------------------------------------------------------------------
    def _assessments_of(self, year: int) -> list[AssessmentFacts]:
        if year not in self._assessments:
            self._assessments[year] = self._ws.store.movement.assessments_in_scope(
                self.scope.id, year
            )
        return self._assessments[year]

    def _code(self, set_id: str) -> str:
        if set_id not in self._set_codes:
            self._set_codes[set_id] = self._ws.store.criteria.get(set_id).code
        return self._set_codes[set_id]

    def _matches(self, set_id: str, patterns: tuple[str, ...]) -> bool:
        key = (set_id, patterns)
        if key not in self._set_matches:
            self._set_matches[key] = matches_set(self._code(set_id), patterns)
        return self._set_matches[key]

    def _part_assessments(self, part: _Part, year: int) -> list[AssessmentFacts]:
        if year not in part.assessments:
            members = part.members
            part.assessments[year] = [
                a for a in self._assessments_of(year) if members is None or a.unit_id in members
            ]
        return part.assessments[year]

    def _matching(self, c: Computation, period: ReportPeriod, part: _Part) -> list[AssessmentFacts]:
        return [
            a
            for a in self._part_assessments(part, period.year)
            if (not c.unit_kinds or a.unit_kind in c.unit_kinds) and self._matches(a.set_id, c.sets)
        ]

    def _count_assessments(self, c: Computation, period: ReportPeriod, part: _Part) -> int:
        matching = self._matching(c, period, part)
        if c.kind is ComputedKind.REGISTERED:
            return len({a.unit_id for a in matching})
        if c.kind is ComputedKind.RECOGNISED:
            return len({a.unit_id for a in matching if a.state is AssessmentState.RECOGNISED})
        best: dict[str, Outlook] = {}
        for a in matching:
            outlook = self.forecast(a).outlook
            current = best.get(a.unit_id)
            if current is None or _OUTLOOK_ORDER.index(outlook) < _OUTLOOK_ORDER.index(current):
                best[a.unit_id] = outlook
        wanted = _FORECAST_KINDS[c.kind]
        return sum(1 for outlook in best.values() if outlook in wanted)

    def forecast(self, a: AssessmentFacts) -> Forecast:
        if a.id not in self._forecasts:
            criterion_set = self._ws.store.criteria.get(a.set_id)
            results = self._ws.store.assessments.results(a.id)
            self._forecasts[a.id] = forecast(
                a.state, criterion_set.assessable_criteria(), results, a.period_end
            )
        return self._forecasts[a.id]

    def outlook_assessments(self, period: ReportPeriod) -> Iterable[AssessmentFacts]:
        """Assessments that a forecast field of the form looks at."""
        seen: set[str] = set()
        for f in self.form.fields():
            c = f.computed
            if c is None or c.kind not in _FORECAST_KINDS:
                continue
            for a in self._matching(c, period, self._part(None)):
                if a.id not in seen:
                    seen.add(a.id)
                    yield a

    def outlook_rows(self, period: ReportPeriod) -> list[OutlookRow]:
        rows = []
        units = self._ws.store.units
        for a in self.outlook_assessments(period):
            criterion_set = self._ws.store.criteria.get(a.set_id)
            counted = progress(criterion_set, self._ws.store.assessments.results(a.id))
            rows.append(
                OutlookRow(
                    unit_id=a.unit_id,
                    unit_name=units.get(a.unit_id).display_name,
                    set_code=criterion_set.code,
                    set_title=criterion_set.title,
                    forecast=self.forecast(a),
                    met=counted.met,
                    applicable=counted.applicable,
                )
            )
        rows.sort(
            key=lambda r: (_OUTLOOK_ORDER.index(r.forecast.outlook), vietnamese_key(r.unit_name))
        )
        return rows


def _team_live(team: ModelTeam, on: date) -> bool:
    return team.established_on is None or team.established_on <= on


def load_scope(
    ws: Workspace, scope_id: str, form: StatisticsForm, periods: Sequence[ReportPeriod]
) -> ScopeData:
    return ScopeData(ws, scope_id, form, periods)
