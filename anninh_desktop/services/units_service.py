"""Units: the official tree, and residential areas and establishments created under a commune."""

from __future__ import annotations

from collections.abc import Callable

from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.domain.units import CHILD_KINDS, Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace


def create_child_unit(
    ws: Workspace,
    parent_id: str,
    kind: UnitKind,
    name: str,
    subtype: str = "",
    *,
    ids: Callable[[], str] | None = None,
) -> Unit:
    """A residential area, agency, enterprise or school under a current commune."""
    kind = UnitKind(kind)
    name = nfc(" ".join(name.split()))
    if kind not in CHILD_KINDS:
        raise UserError(_("Only residential areas, agencies, enterprises and schools can be added"))
    if not name:
        raise UserError(_("A unit needs a name"))
    parent = ws.store.units.get(parent_id)
    if parent.kind is not UnitKind.COMMUNE or parent.is_historic:
        raise UserError(
            _("{unit} is not a current commune; add units under a commune").format(
                unit=parent.display_name
            )
        )
    for sibling in ws.store.units.children(parent.id):
        if sibling.kind is kind and fold(sibling.name) == fold(name):
            raise UserError(
                _("{parent} already has a unit named “{name}”").format(
                    parent=parent.display_name, name=sibling.display_name
                )
            )
    unit = Unit(
        id=(ids or new_id)(),
        kind=kind,
        name=name,
        subtype=nfc(subtype.strip()),
        parent_id=parent.id,
    )
    with ws.store.change() as stamp:
        ws.store.units.save(unit, stamp)
        ws.record(
            stamp,
            "unit.create",
            "unit",
            unit.id,
            None,
            {"name": unit.name, "kind": kind.value, "parent": parent.id},
        )
    return unit


def find_unit(ws: Workspace, text: str) -> Unit:
    """A unit by id, official code, or a name that matches one unit only (diacritics ignored)."""
    store = ws.store
    try:
        return store.units.get(text)
    except KeyError:
        pass
    by_code = store.units.by_code(text)
    if by_code is not None:
        return by_code
    matches = store.units.search(text, limit=20)
    words = text.split()
    for drop in (1, 2):  # "Xã Hồ Thị Kỷ", "Thị trấn …": the name is stored without its subtype
        if len(words) > drop:
            found = store.units.search(" ".join(words[drop:]), limit=20)
            known = {u.id for u in matches}
            matches += [
                u for u in found if fold(u.display_name) == fold(text) and u.id not in known
            ]
    exact = [u for u in matches if fold(u.name) == fold(text) or fold(u.display_name) == fold(text)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError(_("No unit matches “{text}”").format(text=text))
    names = ", ".join(f"{u.display_name} ({u.code or u.id[:8]})" for u in matches[:8])
    raise UserError(
        _("“{text}” matches several units: {names}; give the code instead").format(
            text=text, names=names
        )
    )
