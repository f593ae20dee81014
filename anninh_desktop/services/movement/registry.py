"""Changing the movement's registry: model types, sites, their teams and dossiers, organisations.

Every change is one transaction with a change stamp and an audit event, so it travels with sync
and can be traced. A unit's registry is kept by the office that owns the unit (the commune for
itself and everything under it, docs/sync.md "Ownership"): an installation with a sync office
refuses changes to units another office owns, which that office would never receive anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.movement import (
    DocumentRole,
    MassOrganisation,
    Member,
    ModelField,
    ModelSite,
    ModelTeam,
    ModelType,
    OrganisationKind,
    RegistryError,
    SiteDocument,
    SiteState,
    StruckOffReason,
    change_state,
    check_members,
)
from anninh_desktop.domain.sync_ownership import owning_office_unit
from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.i18n import _
from anninh_desktop.services import evidence_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement.forms import prepare
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_repo import SyncRepository

Ids = Callable[[], str] | None


def _unit_lookup(ws: Workspace) -> Callable[[str], tuple[str, str | None] | None]:
    def lookup(unit_id: str) -> tuple[str, str | None] | None:
        try:
            unit = ws.store.units.get(unit_id)
        except KeyError:
            return None
        return unit.kind.value, unit.parent_id

    return lookup


def require_owner(ws: Workspace, unit_id: str) -> None:
    """Refuse a registry change for a unit this installation's sync office does not own."""
    record = SyncRepository(ws.store.db).identity()
    if record is None or not record.office_unit_id:
        return  # a standalone installation keeps whatever it is given
    owner = owning_office_unit(unit_id, _unit_lookup(ws))
    if owner is not None and owner != record.office_unit_id:
        raise UserError(
            _(
                "The registry of {unit} is kept by the office of {owner}; this office receives "
                "it by sync and cannot change it."
            ).format(unit=_name(ws, unit_id), owner=_name(ws, owner))
        )


def _name(ws: Workspace, unit_id: str) -> str:
    try:
        return ws.store.units.get(unit_id).display_name
    except KeyError:
        return unit_id[:12]


def registry_message(error: RegistryError) -> str:
    """The user's words for a rule the registry refused."""
    messages = {
        "already_struck_off": _(
            "A struck-off site stays struck off; record the work as a new site instead."
        ),
        "before_established": _("The date is before the site was established."),
        "reason_required": _("Say why the site is struck off (ineffective, inadequate dossier…)."),
        "note_required": _("Describe the other reason in the note."),
        "negative_count": _("The number of members cannot be negative."),
        "count_below_names": _("The number of members is smaller than the names listed."),
        "member_without_name": _("Every member listed needs a name."),
    }
    return messages.get(error.code, error.code)


def _clean(text: str) -> str:
    return nfc(" ".join(text.split()))


# model types ---------------------------------------------------------------------------------


def add_model_type(
    ws: Workspace,
    name: str,
    field: ModelField,
    unit_id: str,
    *,
    basis: str = "",
    note: str = "",
    ids: Ids = None,
) -> ModelType:
    """A model of the catalogue, defined by the office of `unit_id` (a province or a commune)."""
    prepare(ws)
    name = _clean(name)
    if not name:
        raise UserError(_("A model needs a name."))
    require_owner(ws, unit_id)
    if any(fold(t.name) == fold(name) for t in ws.store.movement.types()):
        raise UserError(_("The catalogue already has a model named “{name}”.").format(name=name))
    model = ModelType(
        id=(ids or new_id)(),
        name=name,
        field=ModelField(field),
        basis=nfc(basis.strip()),
        unit_id=unit_id,
        note=nfc(note.strip()),
    )
    with ws.store.change() as stamp:
        ws.store.movement.save_type(model, stamp)
        ws.record(stamp, "movement.type_add", "model_type", model.id, None, {"name": name})
    return model


# sites ---------------------------------------------------------------------------------------


def add_site(
    ws: Workspace,
    type_id: str,
    unit_id: str,
    name: str,
    *,
    established_on: date | None = None,
    note: str = "",
    ids: Ids = None,
) -> ModelSite:
    prepare(ws)
    name = _clean(name)
    if not name:
        raise UserError(_("A model site needs a name."))
    if not ws.store.movement.has_type(type_id):
        raise UserError(_("Unknown model; choose one of the catalogue."))
    unit = ws.store.units.get(unit_id)
    require_owner(ws, unit.id)
    site = ModelSite(
        id=(ids or new_id)(),
        type_id=type_id,
        unit_id=unit.id,
        name=name,
        established_on=established_on,
        note=nfc(note.strip()),
    )
    with ws.store.change() as stamp:
        ws.store.movement.save_site(site, stamp)
        ws.record(
            stamp,
            "movement.site_add",
            "model_site",
            site.id,
            None,
            {"name": name, "type": type_id, "unit": unit.id},
        )
    return site


def _site(ws: Workspace, site_id: str) -> ModelSite:
    try:
        return ws.store.movement.site(site_id)
    except KeyError:
        raise UserError(_("The model site no longer exists.")) from None


def update_site(
    ws: Workspace,
    site_id: str,
    *,
    name: str | None = None,
    established_on: date | None = None,
    note: str | None = None,
) -> ModelSite:
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    changed = replace(
        site,
        name=_clean(name) if name is not None else site.name,
        established_on=established_on if established_on is not None else site.established_on,
        note=nfc(note.strip()) if note is not None else site.note,
    )
    if not changed.name:
        raise UserError(_("A model site needs a name."))
    if changed == site:
        return site
    with ws.store.change() as stamp:
        ws.store.movement.save_site(changed, stamp)
        ws.record(
            stamp,
            "movement.site_edit",
            "model_site",
            site.id,
            {"name": site.name, "established_on": str(site.established_on), "note": site.note},
            {
                "name": changed.name,
                "established_on": str(changed.established_on),
                "note": changed.note,
            },
        )
    return changed


def set_site_state(
    ws: Workspace,
    site_id: str,
    state: SiteState,
    on: date,
    *,
    reason: StruckOffReason | None = None,
    note: str = "",
) -> ModelSite:
    """Consolidate a site, bring it back to active, or strike it off with a reason."""
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    try:
        changed = change_state(site, SiteState(state), on, reason, note)
    except RegistryError as exc:
        raise UserError(registry_message(exc)) from exc
    with ws.store.change() as stamp:
        ws.store.movement.save_site(changed, stamp)
        ws.record(
            stamp,
            "movement.site_state",
            "model_site",
            site.id,
            {"state": site.state.value},
            {
                "state": changed.state.value,
                "on": on.isoformat(),
                "reason": reason.value if reason else "",
                "note": changed.struck_off_note,
            },
        )
    return changed


def remove_site(ws: Workspace, site_id: str) -> None:
    """Remove a site entered by mistake (with its teams and dossier links; the evidence stays)."""
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    with ws.store.change() as stamp:
        ws.store.movement.remove_site(site.id, stamp)
        ws.record(stamp, "movement.site_remove", "model_site", site.id, {"name": site.name}, None)


# teams ---------------------------------------------------------------------------------------


def save_team(
    ws: Workspace,
    site_id: str,
    name: str,
    members_count: int,
    members: Sequence[Member] = (),
    *,
    established_on: date | None = None,
    team_id: str | None = None,
    ids: Ids = None,
) -> ModelTeam:
    """Add a team to a site, or change one (`team_id`)."""
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    name = _clean(name)
    if not name:
        raise UserError(_("A team needs a name."))
    cleaned = tuple(Member(_clean(m.name), _clean(m.role)) for m in members)
    try:
        check_members(members_count, cleaned)
    except RegistryError as exc:
        raise UserError(registry_message(exc)) from exc
    team = ModelTeam(
        id=team_id or (ids or new_id)(),
        site_id=site.id,
        unit_id=site.unit_id,
        name=name,
        members_count=members_count,
        members=cleaned,
        established_on=established_on,
    )
    with ws.store.change() as stamp:
        ws.store.movement.save_team(team, stamp)
        ws.record(
            stamp,
            "movement.team_save",
            "model_team",
            team.id,
            None,
            {"site": site.id, "name": name, "members": members_count},
        )
    return team


def remove_team(ws: Workspace, team_id: str, site_id: str) -> None:
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    with ws.store.change() as stamp:
        if ws.store.movement.remove_team(team_id, stamp):
            ws.record(stamp, "movement.team_remove", "model_team", team_id, None, None)


# site dossier --------------------------------------------------------------------------------


def link_document(
    ws: Workspace, site_id: str, evidence_id: str, role: DocumentRole
) -> SiteDocument:
    """Put an evidence item of the site's unit into the site's dossier in a role."""
    import uuid

    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    try:
        evidence = ws.store.evidence.get(evidence_id)
    except KeyError:
        raise UserError(_("The evidence item no longer exists.")) from None
    lookup = _unit_lookup(ws)
    if owning_office_unit(evidence.unit_id, lookup) != owning_office_unit(site.unit_id, lookup):
        raise UserError(
            _("The evidence item belongs to {unit}, which another office keeps.").format(
                unit=_name(ws, evidence.unit_id)
            )
        )
    # One row per site, item and role, whichever PC links it first.
    doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"anninh:site-document:{site.id}:{evidence.id}:{role}")
    document = SiteDocument(doc_id.hex, site.id, site.unit_id, evidence.id, DocumentRole(role))
    with ws.store.change() as stamp:
        ws.store.movement.save_document(document, stamp)
        ws.record(
            stamp,
            "movement.document_link",
            "model_site_document",
            document.id,
            None,
            {"site": site.id, "evidence": evidence.id, "role": document.role.value},
        )
    return document


def add_document_file(
    ws: Workspace,
    site_id: str,
    path: Path,
    role: DocumentRole,
    meta: evidence_service.EvidenceMetadata,
    *,
    ids: Ids = None,
) -> SiteDocument:
    """Store a file in the evidence store (under the site's unit) and link it to the dossier."""
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    item = evidence_service.add_file(ws, site.unit_id, path, meta, ids=ids)
    return link_document(ws, site.id, item.id, role)


def unlink_document(ws: Workspace, document_id: str, site_id: str) -> None:
    site = _site(ws, site_id)
    require_owner(ws, site.unit_id)
    with ws.store.change() as stamp:
        if ws.store.movement.remove_document(document_id, stamp):
            ws.record(
                stamp, "movement.document_unlink", "model_site_document", document_id, None, None
            )


# mass organisations --------------------------------------------------------------------------


def save_organisation(
    ws: Workspace,
    unit_id: str,
    kind: OrganisationKind,
    name: str,
    members: int,
    *,
    established_on: date | None = None,
    dissolved_on: date | None = None,
    note: str = "",
    organisation_id: str | None = None,
    ids: Ids = None,
) -> MassOrganisation:
    """Add a mass organisation of a unit, or change one (`organisation_id`)."""
    unit = ws.store.units.get(unit_id)
    require_owner(ws, unit.id)
    name = _clean(name)
    if not name:
        raise UserError(_("An organisation needs a name."))
    if members < 0:
        raise UserError(_("The number of members cannot be negative."))
    if established_on and dissolved_on and dissolved_on < established_on:
        raise UserError(_("An organisation cannot be dissolved before it was established."))
    organisation = MassOrganisation(
        id=organisation_id or (ids or new_id)(),
        unit_id=unit.id,
        kind=OrganisationKind(kind),
        name=name,
        members=members,
        established_on=established_on,
        dissolved_on=dissolved_on,
        note=nfc(note.strip()),
    )
    with ws.store.change() as stamp:
        ws.store.movement.save_organisation(organisation, stamp)
        ws.record(
            stamp,
            "movement.organisation_save",
            "mass_organisation",
            organisation.id,
            None,
            {"unit": unit.id, "kind": organisation.kind.value, "name": name, "members": members},
        )
    return organisation


def remove_organisation(ws: Workspace, organisation_id: str, unit_id: str) -> None:
    require_owner(ws, unit_id)
    with ws.store.change() as stamp:
        if ws.store.movement.remove_organisation(organisation_id, stamp):
            ws.record(stamp, "movement.organisation_remove", "mass_organisation", organisation_id)
