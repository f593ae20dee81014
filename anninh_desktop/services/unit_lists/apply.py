"""Importing the new rows of a plan: one transaction (all or nothing), each unit audited."""

from __future__ import annotations

from collections.abc import Callable

from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.unit_lists.plan import ImportPlan, current_commune, name_keys
from anninh_desktop.services.workspace import Workspace


def import_plan(
    ws: Workspace, plan: ImportPlan, *, ids: Callable[[], str] | None = None
) -> list[Unit]:
    """Create the plan's new units under its commune; nothing is created when one fails.

    The commune's units are read again inside the transaction: a unit added meanwhile (another
    window, a sync import) is not created twice."""
    if plan.problems:
        raise UserError(
            _("The list has rows with problems; correct them in the file and read it again.")
        )
    made: list[Unit] = []
    with ws.store.change() as stamp:
        commune = current_commune(ws, plan.commune_id)
        taken: set[tuple[UnitKind, str]] = set()
        for u in ws.store.units.children(commune.id):
            taken |= name_keys(u.kind, u.subtype, u.name)
        for row in plan.new_rows:
            assert row.kind is not None
            keys = name_keys(row.kind, row.subtype, row.name)
            if keys & taken:
                continue
            taken |= keys
            unit = Unit(
                id=(ids or new_id)(),
                kind=row.kind,
                name=nfc(row.name),
                subtype=nfc(row.subtype),
                parent_id=commune.id,
            )
            ws.store.units.save(unit, stamp)
            ws.record(
                stamp,
                "unit.create",
                "unit",
                unit.id,
                None,
                {"name": unit.name, "kind": unit.kind.value, "parent": commune.id},
            )
            made.append(unit)
    return made
