"""The office's list of officers: add, change, remove (audited; the list travels with sync)."""

from __future__ import annotations

from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.officers import Officer
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

MAX_NAME = 120


def _clean(text: str, what: str) -> str:
    value = " ".join(text.split())
    if len(value) > MAX_NAME:
        raise UserError(
            _("The {what} is too long (at most {n} characters).").format(what=what, n=MAX_NAME)
        )
    return value


def _office(ws: Workspace) -> str | None:
    # Imported when asked: opening a data folder for a quick command reads no sync storage.
    from anninh_desktop.services.office_identity import office_unit_id

    return office_unit_id(ws)


def officers(ws: Workspace, *, removed: bool = False) -> list[Officer]:
    """This office's officers by name (`removed`: with the ones taken off the list)."""
    return ws.store.officers.listed(_office(ws), removed=removed)


def find_officer(ws: Workspace, text: str) -> Officer:
    """An officer of this office by id or by name (ignoring case); UserError when none or several."""
    wanted = " ".join(text.split()).casefold()
    listed = officers(ws)
    exact = [o for o in listed if o.id == text.strip()]
    if exact:
        return exact[0]
    found = [o for o in listed if o.name.casefold() == wanted or o.label.casefold() == wanted]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(
            _("No officer named “{name}” in this office's list. See: anninh people list").format(
                name=text
            )
        )
    raise UserError(
        _("Several officers are named “{name}”: give the id (anninh people list).").format(
            name=text
        )
    )


def add_officer(ws: Workspace, name: str, rank: str = "", position: str = "") -> Officer:
    clean = _clean(name, _("name"))
    if not clean:
        raise UserError(_("Give the officer's full name."))
    officer = Officer(
        id=new_id(),
        unit_id=_office(ws),
        name=clean,
        rank=_clean(rank, _("rank")),
        position=_clean(position, _("position")),
    )
    with ws.store.change() as stamp:
        ws.store.officers.save(officer, ws.clock(), stamp)
        ws.record(
            stamp,
            "officer.add",
            "officer",
            officer.id,
            None,
            {"name": officer.name, "rank": officer.rank, "position": officer.position},
        )
    return ws.store.officers.get(officer.id) or officer


def update_officer(
    ws: Workspace,
    officer_id: str,
    *,
    name: str | None = None,
    rank: str | None = None,
    position: str | None = None,
) -> Officer:
    old = ws.store.officers.get(officer_id)
    if old is None:
        raise UserError(_("This officer is no longer in the list."))
    new = Officer(
        id=old.id,
        unit_id=old.unit_id,
        name=old.name if name is None else _clean(name, _("name")),
        rank=old.rank if rank is None else _clean(rank, _("rank")),
        position=old.position if position is None else _clean(position, _("position")),
        active=True,
    )
    if not new.name:
        raise UserError(_("Give the officer's full name."))
    fields = ("name", "rank", "position")
    changed = [f for f in fields if getattr(old, f) != getattr(new, f)]
    if not changed and old.active:
        return old
    with ws.store.change() as stamp:
        ws.store.officers.save(new, ws.clock(), stamp)
        ws.record(
            stamp,
            "officer.edit",
            "officer",
            new.id,
            {f: getattr(old, f) for f in changed},
            {f: getattr(new, f) for f in changed},
        )
    return new


def remove_officer(ws: Workspace, officer_id: str) -> None:
    """Take an officer off the list; the history still names them on their changes."""
    old = ws.store.officers.get(officer_id)
    if old is None or not old.active:
        return
    removed = Officer(old.id, old.unit_id, old.name, old.rank, old.position, active=False)
    with ws.store.change() as stamp:
        ws.store.officers.save(removed, ws.clock(), stamp)
        ws.store.officers.set_pin(old.id, None)
        ws.record(stamp, "officer.remove", "officer", old.id, {"name": old.name}, None)
