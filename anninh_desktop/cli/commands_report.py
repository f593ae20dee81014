"""`anninh report missing …`: the "còn thiếu gì" report (services/missing_report) on the command
line: the list in the terminal (overdue first), the PDF and the Excel workbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.units_service import find_unit


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help=_("reports for the commune and the office"))
    rp = p.add_subparsers(dest="report_command", required=True)
    m = rp.add_parser(
        "missing",
        parents=[common],
        help=_("what is still missing: unmet criteria, missing evidence, plans, due dates"),
    )
    m.add_argument("unit", nargs="?", help=_("unit: code, name or id"))
    scope = m.add_mutually_exclusive_group()
    scope.add_argument(
        "--with-units", action="store_true", help=_("the unit and every unit under it")
    )
    scope.add_argument(
        "--area", action="store_true", help=_("the whole area of this office (no unit needed)")
    )
    m.add_argument("--year", type=int, help=_("period year (default: the latest)"))
    m.add_argument("--pdf", type=Path, metavar=_("FILE"), help=_("write the report as PDF"))
    m.add_argument("--xlsx", type=Path, metavar=_("FILE"), help=_("write the report as Excel"))
    m.set_defaults(handler=_missing)


def _missing(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.missing_report.build import build_missing_report
    from anninh_desktop.services.missing_report.content import Scope, missing_report
    from anninh_desktop.services.missing_report.words import due_text, problem_text, summary_line

    if args.area:
        scope = Scope.AREA
    elif args.with_units:
        scope = Scope.WITH_UNITS
    else:
        scope = Scope.UNIT
    if scope is not Scope.AREA and not args.unit:
        raise UserError(_("Name a unit (code, name or id), or use --area for the whole area."))
    ws = open_ws(data_dir)
    try:
        unit_id = find_unit(ws, args.unit).id if args.unit and scope is not Scope.AREA else None
        if args.pdf is not None or args.xlsx is not None:
            built = build_missing_report(
                ws,
                unit_id,
                scope,
                year=args.year,
                pdf=args.pdf,
                xlsx=args.xlsx,
                write_pdf=args.pdf is not None,
            )
            report = built.report
        else:
            built, report = None, missing_report(ws, unit_id, scope, year=args.year)
        say(f"{report.scope_name} — {report.year}")
        say(summary_line(report))
        rows = []
        ordered = list(report.overdue_items) + [i for i in report.items if not i.overdue]
        for item in ordered:
            rows.append(
                [
                    clip(item.unit.display_name, 28),
                    item.ref,
                    clip(problem_text(item), 40),
                    clip(item.responsible, 20),
                    due_text(item),
                ]
            )
        if rows:
            say()
            headers = [_("Unit"), _("Criterion"), _("What is missing"), _("In charge"), _("Due")]
            say(table(headers, rows))
        if report.unregistered:
            say()
            say(
                _("Not registered: {units}").format(
                    units=", ".join(u.display_name for u in report.unregistered)
                )
            )
        if built is not None and built.pdf is not None:
            say(
                _("Report written: {path} ({pages} pages, SHA-256 {sha})").format(
                    path=built.pdf, pages=built.pages, sha=built.sha256[:16]
                )
            )
        if built is not None and built.xlsx is not None:
            say(_("Excel written: {path}").format(path=built.xlsx))
    finally:
        ws.close()
    return 0
