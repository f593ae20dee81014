"""What this installation is to each unit: its own office, its appraiser, or neither.

It follows the office's sync identity (Sync ▸ This office, or the first start of an empty data
folder): a province's office appraises its communes and writes provincial criterion sets; a
commune's office keeps the self-assessments of the commune and its units and appraises its
residential areas and establishments. An installation not set up as an office keeps the
self-assessments of every unit in it and appraises nothing. The rules themselves are
`domain.workflow.office_actors`; this module reads the identity and the unit tree for them.
"""

from __future__ import annotations

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.domain.workflow import (
    Actor,
    UnitChain,
    lock_text,
    office_actors,
    results_locked,
)
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.office_identity import appraises_units, office_name, office_unit_id
from anninh_desktop.services.workspace import Workspace

__all__ = [
    "appraises_units",
    "office_actors_for",
    "office_name",
    "office_role",
    "office_unit_id",
    "results_refusal",
    "set_office_role",
]


def _chain(ws: Workspace, unit_id: str) -> UnitChain:
    chain: list[tuple[str, str]] = []
    current: str | None = unit_id
    while current is not None and current not in [u for u, _k in chain]:
        try:
            unit = ws.store.units.get(current)
        except KeyError:
            break
        chain.append((unit.id, unit.kind.value))
        current = unit.parent_id
    return chain


def office_actors_for(ws: Workspace, unit_id: str) -> frozenset[Actor]:
    """What this office may be for the unit (see `domain.workflow.office_actors`)."""
    return office_actors(office_unit_id(ws), _chain(ws, unit_id))


def office_role(ws: Workspace) -> Actor:
    """`Actor.APPRAISER` for a province's office (it appraises and writes provincial criterion
    sets), else `Actor.UNIT`."""
    unit_id = office_unit_id(ws)
    if unit_id is None:
        return Actor.UNIT
    try:
        kind = ws.store.units.get(unit_id).kind
    except KeyError:
        return Actor.UNIT
    return Actor.APPRAISER if kind is UnitKind.PROVINCE else Actor.UNIT


def set_office_role(ws: Workspace, role: Actor) -> None:
    """Check that this installation is the kind of office `role` needs; UserError when not.

    The role is not a setting: it follows the office's identity (set up in Sync ▸ This office).
    Scripts and tests that expect an appraising office call this to say so.
    """
    if Actor(role) is not office_role(ws):
        if role is Actor.APPRAISER:
            raise UserError(
                _(
                    "This office appraises only when it is set up as a province's office "
                    "(Sync ▸ This office and other offices)."
                )
            )
        raise UserError(
            _("This office is a province's office: it appraises, it does not self-assess.")
        )


def results_refusal(ws: Workspace, assessment: Assessment) -> str:
    """Why this office may not change the results and evidence links of `assessment` ("" when it
    may): a locked state, or an office that only appraises the unit."""
    if results_locked(assessment):
        return lock_text(assessment)
    if Actor.UNIT not in office_actors_for(ws, assessment.unit_id):
        unit = ws.store.units.get(assessment.unit_id).display_name
        if Actor.APPRAISER in office_actors_for(ws, assessment.unit_id):
            return _(
                "The results of {unit} are its own office's: this office appraises them "
                "(verdicts in the Appraisal tab) and does not change them."
            ).format(unit=unit)
        return _(
            "The results of {unit} are kept by its own office; here they are read-only."
        ).format(unit=unit)
    return ""
