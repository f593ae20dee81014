"""`anninh overview [UNIT] [--year] [--xlsx FILE]`: the dashboard's figures, and its Excel export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.lazy import lazy_function
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.i18n import _

# Imported when the command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
format_date = lazy_function("anninh_desktop.services.formatting", "format_date")
overview_stats = lazy_function("anninh_desktop.services.overview_stats", "overview_stats")
overview_tables = lazy_function("anninh_desktop.services.overview_stats", "overview_tables")
state_label = lazy_function("anninh_desktop.services.overview_stats", "state_label")
find_unit = lazy_function("anninh_desktop.services.units_service", "find_unit")
export_tables = lazy_function("anninh_desktop.services.xlsx_export", "export_tables")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "overview",
        parents=[common],
        help=_("units by state and the next deadlines, for a commune, a province or everything"),
    )
    p.add_argument("unit", nargs="?", help=_("unit: code, name or id (default: all units)"))
    p.add_argument("--year", type=int, help=_("period year (default: the latest)"))
    p.add_argument("--xlsx", type=Path, help=_("also write the overview to this Excel file"))
    p.set_defaults(handler=_overview)


def _overview(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        unit_id = find_unit(ws, args.unit).id if args.unit else None
        years = ws.store.assessments.years()
        year = args.year or (max(years) if years else ws.clock().year)
        stats = overview_stats(ws, unit_id, year)
        say(
            _("{scope}, {year}: {units} units, {assessments} assessments").format(
                scope=stats.scope_name,
                year=stats.year,
                units=stats.units,
                assessments=stats.assessments,
            )
        )
        say()
        say(
            table(
                [_("State"), _("Units")],
                [[state_label(b.state), str(b.count)] for b in stats.states],
            )
        )
        if stats.deadlines:
            say()
            rows = [
                [
                    clip(r.unit_name, 32),
                    clip(r.set_title, 36),
                    state_label(r.state),
                    str(r.unmet),
                    format_date(r.deadline),
                    str((r.deadline - stats.today).days),
                ]
                for r in stats.deadlines[:20]
            ]
            headers = [_("Unit"), _("Criterion set"), _("State"), _("Open rows"), _("Deadline")]
            say(table([*headers, _("Days left")], rows))
        if args.xlsx is not None:
            path = (
                args.xlsx if args.xlsx.suffix.lower() == ".xlsx" else args.xlsx.with_suffix(".xlsx")
            )
            export_tables(path, overview_tables(stats))
            say(_("Written: {path}").format(path=path))
    finally:
        ws.close()
    return 0
