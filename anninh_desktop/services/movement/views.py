"""Reading the registry as the window, the command line and the report show it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.movement import (
    DOCUMENT_ROLE_LABELS,
    MassOrganisation,
    ModelSite,
    ModelTeam,
    ModelType,
    SiteDocument,
)
from anninh_desktop.domain.movement_dossier import (
    DOSSIER_GAP_LABELS,
    DossierCheck,
    DossierDocument,
    DossierGap,
    Gap,
    check_site_dossier,
)
from anninh_desktop.domain.movement_form import DossierRule
from anninh_desktop.i18n import _
from anninh_desktop.services.movement.forms import form_for, prepare
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class DocumentView:
    document: SiteDocument
    title: str
    issue_date: date | None


@dataclass(frozen=True)
class SiteView:
    site: ModelSite
    type_name: str
    unit_name: str
    teams: tuple[ModelTeam, ...]
    documents: tuple[DocumentView, ...]
    check: DossierCheck

    @property
    def members(self) -> int:
        return sum(t.members_count for t in self.teams)


@dataclass(frozen=True)
class OrganisationView:
    organisation: MassOrganisation
    unit_name: str


def gap_text(gap: Gap, rule: DossierRule) -> str:
    """One gap of a site's dossier in the user's words."""
    text = _(DOSSIER_GAP_LABELS[gap.gap])
    if gap.gap is DossierGap.MISSING_ROLE and gap.role is not None:
        return text.format(role=_(DOCUMENT_ROLE_LABELS[gap.role]))
    if gap.gap is DossierGap.NO_RECENT_MINUTES:
        return text.format(months=rule.minutes_within_months)
    return text


def model_types(ws: Workspace) -> list[ModelType]:
    prepare(ws)
    return ws.store.movement.types()


def dossier_rule(ws: Workspace, scope_id: str) -> DossierRule:
    return form_for(ws, scope_id).dossier


def site_views(
    ws: Workspace, scope_id: str, *, on: date | None = None, rule: DossierRule | None = None
) -> list[SiteView]:
    """Every site of a unit and of the units below it, with teams, dossier and its check."""
    prepare(ws)
    repo = ws.store.movement
    day = on or ws.clock().date()
    rule = rule or dossier_rule(ws, scope_id)
    sites = repo.sites_in_scope(scope_id)
    ids = [s.id for s in sites]
    teams: dict[str, list[ModelTeam]] = defaultdict(list)
    for team in repo.teams(ids):
        teams[team.site_id].append(team)
    documents: dict[str, list[DocumentView]] = defaultdict(list)
    for document, issued, title in repo.documents(ids):
        documents[document.site_id].append(DocumentView(document, title, issued))
    type_names = {t.id: t.name for t in repo.types()}
    unit_names: dict[str, str] = {}
    out: list[SiteView] = []
    for site in sites:
        if site.unit_id not in unit_names:
            unit_names[site.unit_id] = ws.store.units.get(site.unit_id).display_name
        docs = documents.get(site.id, [])
        check = check_site_dossier(
            site,
            [DossierDocument(d.document.role, d.issue_date) for d in docs],
            teams.get(site.id, []),
            rule,
            day,
        )
        out.append(
            SiteView(
                site=site,
                type_name=type_names.get(site.type_id, "?"),
                unit_name=unit_names[site.unit_id],
                teams=tuple(teams.get(site.id, [])),
                documents=tuple(docs),
                check=check,
            )
        )
    return out


def site_view(ws: Workspace, site_id: str, scope_id: str) -> SiteView | None:
    for view in site_views(ws, scope_id):
        if view.site.id == site_id:
            return view
    return None


def organisation_views(ws: Workspace, scope_id: str) -> list[OrganisationView]:
    names: dict[str, str] = {}
    out = []
    for organisation in ws.store.movement.organisations_in_scope(scope_id):
        if organisation.unit_id not in names:
            names[organisation.unit_id] = ws.store.units.get(organisation.unit_id).display_name
        out.append(OrganisationView(organisation, names[organisation.unit_id]))
    return out


def find_site(ws: Workspace, text: str, scope_id: str | None = None) -> ModelSite:
    """A site by id, by the start of its id (6 hex digits or more) or by a name that matches one
    site only (diacritics ignored)."""
    from anninh_desktop.domain.text import fold
    from anninh_desktop.services.errors import UserError

    repo = ws.store.movement
    try:
        return repo.site(text)
    except KeyError:
        pass
    sites = repo.sites_in_scope(scope_id)
    wanted = text.strip().lower()
    if len(wanted) >= 6:
        by_id = [s for s in sites if s.id.startswith(wanted)]
        if len(by_id) == 1:
            return by_id[0]
    folded = fold(text)
    exact = [s for s in sites if fold(s.name) == folded]
    found = exact or [s for s in sites if folded in fold(s.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(_("No model site matches “{text}”.").format(text=text))
    raise UserError(
        _("“{text}” matches {count} model sites; give more of the name or the site's ID.").format(
            text=text, count=len(found)
        )
    )


def find_model_type(ws: Workspace, text: str) -> ModelType:
    """A model of the catalogue by id or by (part of) its name, diacritics ignored."""
    from anninh_desktop.domain.text import fold
    from anninh_desktop.services.errors import UserError

    types = model_types(ws)
    for t in types:
        if t.id == text:
            return t
    folded = fold(text)
    exact = [t for t in types if fold(t.name) == folded]
    found = exact or [t for t in types if folded in fold(t.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(_("No model of the catalogue matches “{text}”.").format(text=text))
    raise UserError(
        _("“{text}” matches {count} models: {names}.").format(
            text=text, count=len(found), names=", ".join(t.name for t in found[:6])
        )
    )
