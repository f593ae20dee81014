"""`anninh units`: list, search and add units."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.lazy import lazy_function
from anninh_desktop.cli.output import say, table
from anninh_desktop.domain.units import CHILD_KINDS, UNIT_KIND_LABELS, UnitKind
from anninh_desktop.i18n import _, ngettext

# Imported when a command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
create_child_unit = lazy_function("anninh_desktop.services.units_service", "create_child_unit")
find_unit = lazy_function("anninh_desktop.services.units_service", "find_unit")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("units", parents=[common], help=_("list, search and add units"))
    p.add_argument("--search", help=_("find units by name (diacritics ignored)"))
    p.add_argument("--parent", help=_("list the units under this one (code, name or id)"))
    p.add_argument("--historic", action="store_true", help=_("include units that no longer exist"))
    p.set_defaults(handler=_list)
    units_sub = p.add_subparsers(dest="units_command")
    add = units_sub.add_parser("add", parents=[common], help=_("add a unit under a commune"))
    add.add_argument("--parent", required=True, help=_("the commune (code, name or id)"))
    add.add_argument("--kind", required=True, choices=[k.value for k in CHILD_KINDS])
    add.add_argument("--name", required=True)
    add.add_argument("--subtype", default="", help=_("e.g. ấp, khóm, tổ dân phố"))
    add.set_defaults(handler=_add)


def _rows(ws: Any, units: list[Any]) -> list[list[str]]:
    rows = []
    for u in units:
        mark = _("(historic)") if u.is_historic else ""
        rows.append(
            [
                u.code or "",
                u.display_name + (" " + mark if mark else ""),
                _(UNIT_KIND_LABELS[u.kind]),
                u.id,
            ]
        )
    return rows


def _list(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        if args.search:
            units = ws.store.units.search(args.search, include_historic=args.historic)
        elif args.parent:
            parent = find_unit(ws, args.parent)
            units = ws.store.units.children(parent.id, include_historic=args.historic)
        else:
            units = ws.store.units.of_kinds([UnitKind.PROVINCE])
            if not args.historic:
                units = [u for u in units if not u.is_historic]
        headers = [_("Code"), _("Name"), _("Kind"), _("Id")]
        say(table(headers, _rows(ws, units)))
        say(ngettext("{count} unit", "{count} units", len(units)).format(count=len(units)))
    finally:
        ws.close()
    return 0


def _add(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        parent = find_unit(ws, args.parent)
        unit = create_child_unit(ws, parent.id, UnitKind(args.kind), args.name, args.subtype)
        say(
            _("Added {unit} under {parent} (id {id})").format(
                unit=unit.display_name, parent=parent.display_name, id=unit.id
            )
        )
    finally:
        ws.close()
    return 0
