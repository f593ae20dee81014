"""`anninh backups FOLDER` and `anninh unit-list template | import | export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import say, table, warn
from anninh_desktop.domain.units import UNIT_KIND_LABELS
from anninh_desktop.i18n import _, ngettext


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "backups", parents=[common], help=_("list the backups in a folder (e.g. a USB stick)")
    )
    p.add_argument("folder", type=Path)
    p.set_defaults(handler=_backups)

    p = sub.add_parser(
        "unit-list",
        parents=[common],
        help=_(
            "residential areas, agencies, enterprises and schools of a commune, from and to Excel"
        ),
    )
    lists = p.add_subparsers(dest="unit_list_command", required=True)
    t = lists.add_parser("template", parents=[common], help=_("write the list template"))
    t.add_argument("file", type=Path, help=_("an .xlsx or .csv file to write"))
    t.set_defaults(handler=_template)
    i = lists.add_parser(
        "import",
        parents=[common],
        help=_("add the units of a list file under a commune (nothing when a row has a problem)"),
    )
    i.add_argument("commune", help=_("the commune: code, name or id"))
    i.add_argument("file", type=Path, help=_("an .xlsx or .csv file"))
    i.add_argument(
        "--dry-run", action="store_true", help=_("only show what would be added, add nothing")
    )
    i.set_defaults(handler=_import)
    e = lists.add_parser("export", parents=[common], help=_("write the commune's list"))
    e.add_argument("commune", help=_("the commune: code, name or id"))
    e.add_argument("file", type=Path, help=_("an .xlsx or .csv file to write"))
    e.set_defaults(handler=_export)


def _size(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{max(1, n // 1024)} kB"


def _backups(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.maintenance.backup_catalog import list_backups

    found = list_backups(args.folder)
    if not found:
        say(_("No backup in {path}.").format(path=args.folder))
        return 0
    rows = [
        [
            b.path.name,
            b.created_at.strftime("%d/%m/%Y %H:%M") if b.created_at else "",
            _size(b.size),
            b.program_version,
            b.problem or _("readable"),
        ]
        for b in found
    ]
    say(table([_("File"), _("Made"), _("Size"), _("Program"), _("State")], rows))
    return 1 if any(b.problem for b in found) else 0


def _template(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.unit_lists import files

    files.write_template(args.file)
    say(_("The template was saved as {path}.").format(path=args.file))
    return 0


def _import(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.unit_lists import apply
    from anninh_desktop.services.unit_lists.plan import RowStatus, plan_import
    from anninh_desktop.services.unit_lists.reader import read_list
    from anninh_desktop.services.units_service import find_unit

    rows = read_list(args.file)
    ws = open_ws(data_dir)
    try:
        commune = find_unit(ws, args.commune)
        plan = plan_import(ws, commune.id, rows)
        for r in plan.rows:
            if r.status is RowStatus.PROBLEM:
                warn(_("Row {row}: {problem}").format(row=r.number, problem=r.message))
            elif r.status is not RowStatus.NEW:
                say(_("Row {row}: {what}").format(row=r.number, what=r.message))
        new = plan.new_rows
        if plan.problems:
            warn(
                ngettext(
                    "{count} row has a problem; nothing was added. Correct the file and run "
                    "the import again.",
                    "{count} rows have a problem; nothing was added. Correct the file and run "
                    "the import again.",
                    len(plan.problems),
                ).format(count=len(plan.problems))
            )
            return 1
        for r in new:
            kind = _(UNIT_KIND_LABELS[r.kind]) if r.kind is not None else ""
            say(_("Row {row}: {kind} “{name}”").format(row=r.number, kind=kind, name=r.name))
        if args.dry_run:
            say(
                ngettext(
                    "{count} unit would be added to {commune}.",
                    "{count} units would be added to {commune}.",
                    len(new),
                ).format(count=len(new), commune=plan.commune_name)
            )
            return 0
        made = apply.import_plan(ws, plan)
    finally:
        ws.close()
    say(
        ngettext(
            "{count} unit was added to {commune}.",
            "{count} units were added to {commune}.",
            len(made),
        ).format(count=len(made), commune=plan.commune_name)
    )
    return 0


def _export(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.unit_lists import files
    from anninh_desktop.services.units_service import find_unit

    ws = open_ws(data_dir)
    try:
        commune = find_unit(ws, args.commune)
        count = files.export_list(ws, commune.id, args.file)
    finally:
        ws.close()
    say(
        ngettext(
            "{count} unit was exported to {path}.",
            "{count} units were exported to {path}.",
            count,
        ).format(count=count, path=args.file)
    )
    return 0
