"""`anninh sync conflicts` and `anninh sync resolve`: open conflicts field by field, and their resolution."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

if TYPE_CHECKING:
    from anninh_desktop.services.sync.conflicts import ConflictView


def register(cs: Any, common: argparse.ArgumentParser) -> None:
    c = cs.add_parser("conflicts", parents=[common], help=_("list rows changed on two PCs at once"))
    c.add_argument("--unit", help=_("only this unit: code, name or id"))
    c.add_argument("--all", action="store_true", help=_("also the resolved ones"))
    c.set_defaults(handler=_conflicts)

    r = cs.add_parser("resolve", parents=[common], help=_("resolve a conflict field by field"))
    r.add_argument("id", type=int, help=_("conflict number (from “anninh sync conflicts”)"))
    r.add_argument("--keep-mine", default="", help=_("fields to keep as this PC had them, F1,F2"))
    r.add_argument("--take-theirs", default="", help=_("fields to take from the package, F1,F2"))
    r.add_argument(
        "--set",
        dest="values",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=_("give a field a new value (repeatable)"),
    )
    r.set_defaults(handler=_resolve)


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def _values(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserError(_("Write --set as FIELD=VALUE, not “{item}”.").format(item=item))
        if name.strip() in out:
            raise UserError(_("--set {field} given twice.").format(field=name.strip()))
        out[name.strip()] = value
    return out


def _text(value: object) -> str:
    return "-" if value is None or value == "" else clip(str(value), 40)


def _show(view: ConflictView) -> None:
    state = _("resolved {at}").format(at=view.resolved_at) if view.resolved_at else _("open")
    say(
        _("Conflict {id}: {unit}, {table} {label} (from {office}, {at}; {state})").format(
            id=view.id,
            unit=view.unit_name,
            table=view.table,
            label=view.label,
            office=view.sender_name,
            at=view.detected_at,
            state=state,
        )
    )
    rows = [[f.name, _text(f.mine), _text(f.theirs), _text(f.current)] for f in view.fields]
    say(table([_("Field"), _("Mine"), _("Theirs"), _("Now")], rows))
    say()


def _conflicts(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync.conflicts import list_conflicts
    from anninh_desktop.services.units_service import find_unit

    ws = open_ws(data_dir)
    try:
        unit = find_unit(ws, args.unit).id if args.unit else None
        views = list_conflicts(ws, unit_id=unit, open_only=not args.all)
        if not views:
            say(_("No conflicts."))
            return 0
        for view in views:
            _show(view)
        say(
            _(
                "Resolve with “anninh sync resolve ID --keep-mine F1,F2 --take-theirs F3 "
                "--set F4=VALUE”; fields not named keep the value shown under “Now”."
            )
        )
    finally:
        ws.close()
    return 0


def _resolve(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync.conflicts import resolve_conflict

    values = _values(args.values)
    ws = open_ws(data_dir)
    try:
        view = resolve_conflict(
            ws,
            args.id,
            keep_mine=_names(args.keep_mine),
            take_theirs=_names(args.take_theirs),
            values=values,
        )
        _show(view)
        say(_("Resolved; the resolution goes to the other offices with the next export."))
    finally:
        ws.close()
    return 0
