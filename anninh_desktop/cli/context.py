"""Opening the data folder for a command, and finding assessments from command-line words."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from anninh_desktop.cli.lazy import lazy_function
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

if TYPE_CHECKING:
    from anninh_desktop.domain.assessments import Assessment
    from anninh_desktop.services.workspace import Workspace

# Imported when a command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
find_set = lazy_function("anninh_desktop.services.criteria_service", "find_set")
find_unit = lazy_function("anninh_desktop.services.units_service", "find_unit")
open_workspace = lazy_function("anninh_desktop.services.workspace", "open_workspace")


def open_ws(data_dir: Path) -> Workspace:
    """The data folder, working as the officer this OS user chose (`anninh people use`)."""
    from anninh_desktop.services.people.session import remembered_officer

    ws = open_workspace(data_dir)
    ws.officer = remembered_officer(ws)
    return ws


def add_assessment_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("unit", help=_("unit: code, name or id"))
    parser.add_argument(
        "--set", dest="set_code", help=_("criterion set code (default: the only one)")
    )
    parser.add_argument("--year", type=int, help=_("period year (default: the latest)"))


def find_assessment(ws: Workspace, args: argparse.Namespace) -> Assessment:
    """The unit's assessment for --set and --year, or its only/latest one when they are omitted."""
    unit = find_unit(ws, args.unit)
    candidates = ws.store.assessments.for_unit(unit.id)
    if args.set_code:
        wanted = find_set(ws, args.set_code)
        candidates = [a for a in candidates if ws.store.criteria.get(a.set_id).code == wanted.code]
    if args.year:
        candidates = [a for a in candidates if a.year == args.year]
    if not candidates:
        raise UserError(
            _(
                "{unit} has no assessment for that set and year; register it first with "
                "“anninh register”"
            ).format(unit=unit.display_name)
        )
    latest_year = max(a.year for a in candidates)
    latest = [a for a in candidates if a.year == latest_year]
    if len(latest) > 1:
        codes = ", ".join(sorted(ws.store.criteria.get(a.set_id).code for a in latest))
        raise UserError(
            _("{unit} has several assessments in {year} ({codes}); choose one with --set").format(
                unit=unit.display_name, year=latest_year, codes=codes
            )
        )
    return latest[0]
