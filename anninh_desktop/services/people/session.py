"""Who is working: the officer chosen at start, remembered per operating-system user.

The choice is kept in the data folder's meta table under the OS user's name, so two Windows users
of one PC each find their own officer preselected. Starting work sets `Workspace.officer`, which
every audited change then names (services/workspace.py).
"""

from __future__ import annotations

from anninh_desktop.domain.officers import Officer
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.people.officers import officers
from anninh_desktop.services.people.pins import check_pin
from anninh_desktop.services.workspace import Workspace

_KEY = "people.officer_of_user."


def remembered_officer(ws: Workspace) -> Officer | None:
    """The officer this OS user worked as last time, when still in the list."""
    officer_id = ws.store.meta(_KEY + ws.actor)
    if not officer_id:
        return None
    return next((o for o in officers(ws) if o.id == officer_id), None)


def start_work(ws: Workspace, officer_id: str, pin: str = "") -> Officer:
    """Work as this officer from now on (UserError on a wrong PIN; nothing changes then)."""
    officer = next((o for o in officers(ws) if o.id == officer_id), None)
    if officer is None:
        raise UserError(_("This officer is no longer in the list."))
    if not check_pin(ws, officer.id, pin):
        raise UserError(_("The PIN is not right. Try again, or ask who set it."))
    ws.officer = officer
    ws.store.set_meta(_KEY + ws.actor, officer.id)
    return officer


def forget(ws: Workspace) -> None:
    """Stop working as anyone and forget the choice of this OS user."""
    ws.officer = None
    ws.store.set_meta(_KEY + ws.actor, "")


def stop_work(ws: Workspace) -> None:
    """Nobody named: changes record the installation and the OS user only."""
    ws.officer = None
