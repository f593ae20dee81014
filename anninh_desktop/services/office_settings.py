"""What this installation is: the unit's own office (commune police) or an appraising office.

The role decides who may do what in the window (an appraising office writes provincial criterion sets
and records verdicts; the unit's office self-assesses). It is kept in the data folder, so a copied
folder keeps its role. Issue 5 adds the office's name and keys next to it.
"""

from __future__ import annotations

from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.workspace import Workspace

_ROLE_KEY = "office.role"


def office_role(ws: Workspace) -> Actor:
    """The role of this installation; a new data folder belongs to a unit's own office."""
    value = ws.store.meta(_ROLE_KEY, Actor.UNIT.value) or Actor.UNIT.value
    try:
        return Actor(value)
    except ValueError:
        return Actor.UNIT


def set_office_role(ws: Workspace, role: Actor) -> None:
    ws.store.set_meta(_ROLE_KEY, Actor(role).value)
