"""`anninh history UNIT [--set --year] [--criterion REF]`: who changed what, when, from what to what."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.lazy import lazy_function, lazy_module
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

# Imported when the command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
log = lazy_module("anninh_desktop.services.history.log")
format_datetime = lazy_function("anninh_desktop.services.formatting", "format_datetime")
export_history = lazy_function("anninh_desktop.services.history.export_xlsx", "export_history")
find_unit = lazy_function("anninh_desktop.services.units_service", "find_unit")
# describe.CATEGORIES (a test keeps them equal)
KINDS = ("dossier", "evidence", "other", "result", "workflow")


def register(sub: Any, common: argparse.ArgumentParser, date_type: Any) -> None:
    p = sub.add_parser(
        "history",
        parents=[common],
        help=_("who changed what and when, for a unit, an assessment or a criterion"),
    )
    add_assessment_arguments(p)
    p.add_argument("--criterion", "-c", dest="ref", help=_("only this criterion of the assessment"))
    p.add_argument(
        "--assessment",
        action="store_true",
        help=_("only the assessment chosen by --set/--year (default: the whole unit)"),
    )
    p.add_argument("--who", default="", help=_("only changes by this person (as listed)"))
    p.add_argument("--kind", choices=KINDS, help=_("only this kind of change"))
    p.add_argument("--since", type=date_type, help=_("from this day"))
    p.add_argument("--until", type=date_type, help=_("up to this day"))
    p.add_argument("--search", default="", help=_("text to look for (diacritics ignored)"))
    p.add_argument("--xlsx", type=Path, help=_("also write the history to this Excel file"))
    p.set_defaults(handler=_history)


def _scope(ws: Any, args: argparse.Namespace) -> Any:
    kinds = log.ScopeKind
    if args.ref or args.assessment or args.set_code or args.year:
        a = find_assessment(ws, args)
        if args.ref:
            return log.HistoryScope(kinds.CRITERION, a.unit_id, a.id, args.ref)
        return log.HistoryScope(kinds.ASSESSMENT, a.unit_id, a.id)
    return log.HistoryScope(kinds.UNIT, find_unit(ws, args.unit).id)


def _history(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        scope = _scope(ws, args)
        if scope.kind is log.ScopeKind.CRITERION and args.ref not in ws.store.assessments.results(
            scope.assessment_id
        ):
            raise UserError(
                _("“{ref}” is not a criterion to assess in this set").format(ref=args.ref)
            )
        entries = log.filtered(
            log.history(ws, scope),
            log.HistoryFilter(args.search, args.who, args.kind or "", args.since, args.until),
        )
        chain = log.chain_state(ws)
        rows = [
            [
                format_datetime(e.at),
                clip(e.who, 28),
                clip(e.what, 34),
                clip(e.subject, 40),
                " · ".join(e.changes_text().splitlines()),
            ]
            for e in entries
        ]
        if rows:
            say(
                table(
                    [_("Time"), _("Who"), _("What"), _("Subject"), _("Change (before → after)")],
                    rows,
                )
            )
        else:
            say(_("No changes recorded for this."))
        say()
        say(chain.message)
        if args.xlsx is not None:
            path = (
                args.xlsx if args.xlsx.suffix.lower() == ".xlsx" else args.xlsx.with_suffix(".xlsx")
            )
            export_history(path, _("History"), entries, chain)
            say(_("Written: {path}").format(path=path))
    finally:
        ws.close()
    return 0
