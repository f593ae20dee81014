"""`anninh people list | add | edit | remove | pin | use | who`: the office's officers.

The command line names on its changes the officer this operating-system user chose with
`anninh people use` (the PIN, if any, is checked then) — or in the window's "Who is working".
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.lazy import lazy_module
from anninh_desktop.cli.output import say, table
from anninh_desktop.i18n import _

# Imported when a command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
people = lazy_module("anninh_desktop.services.people.officers")
pins = lazy_module("anninh_desktop.services.people.pins")
session = lazy_module("anninh_desktop.services.people.session")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("people", parents=[common], help=_("the office's officers"))
    ps = p.add_subparsers(dest="people_command", required=True)
    s = ps.add_parser("list", parents=[common], help=_("list the officers"))
    s.add_argument("--removed", action="store_true", help=_("include removed officers"))
    s.set_defaults(handler=_list)
    s = ps.add_parser("add", parents=[common], help=_("add an officer"))
    s.add_argument("name", help=_("full name"))
    s.add_argument("--rank", default="", help=_("rank, e.g. “Đại úy”"))
    s.add_argument("--position", default="", help=_("position in the office"))
    s.add_argument("--pin", help=_("optional PIN of 4 to 8 digits"))
    s.set_defaults(handler=_add)
    s = ps.add_parser("edit", parents=[common], help=_("change an officer"))
    s.add_argument("officer", help=_("officer: name or id"))
    s.add_argument("--name")
    s.add_argument("--rank")
    s.add_argument("--position")
    s.set_defaults(handler=_edit)
    s = ps.add_parser("remove", parents=[common], help=_("take an officer off the list"))
    s.add_argument("officer", help=_("officer: name or id"))
    s.set_defaults(handler=_remove)
    s = ps.add_parser("pin", parents=[common], help=_("set or clear an officer's PIN"))
    s.add_argument("officer", help=_("officer: name or id"))
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("--set", dest="pin", help=_("the new PIN (4 to 8 digits)"))
    group.add_argument("--clear", action="store_true", help=_("remove the PIN"))
    s.set_defaults(handler=_pin)
    s = ps.add_parser("use", parents=[common], help=_("work as an officer from now on"))
    group = s.add_mutually_exclusive_group(required=True)
    group.add_argument("officer", nargs="?", help=_("officer: name or id"))
    group.add_argument("--nobody", action="store_true", help=_("name no officer on changes"))
    s.add_argument("--pin", default="", help=_("the officer's PIN, if they have one"))
    s.set_defaults(handler=_use)
    s = ps.add_parser("who", parents=[common], help=_("who is working on this computer"))
    s.set_defaults(handler=_who)


def _list(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        listed = people.officers(ws, removed=args.removed)
        if not listed:
            say(_("No officers yet; add one with “anninh people add NAME --rank RANK”."))
            return 0
        rows = [
            [
                o.name,
                o.rank,
                o.position,
                _("yes") if pins.has_pin(ws, o.id) else "",
                "" if o.active else _("removed"),
                o.id,
            ]
            for o in listed
        ]
        say(table([_("Full name"), _("Rank"), _("Position"), _("PIN"), "", "id"], rows))
    finally:
        ws.close()
    return 0


def _add(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        if args.pin:  # a wrong PIN is told before anything is saved
            pins.check_form(args.pin)
        officer = people.add_officer(ws, args.name, args.rank, args.position)
        if args.pin:
            pins.set_pin(ws, officer.id, args.pin)
        say(_("Added {name} (id {id}).").format(name=officer.label, id=officer.id))
    finally:
        ws.close()
    return 0


def _edit(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        officer = people.find_officer(ws, args.officer)
        changed = people.update_officer(
            ws, officer.id, name=args.name, rank=args.rank, position=args.position
        )
        say(_("Saved {name}.").format(name=changed.label))
    finally:
        ws.close()
    return 0


def _remove(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        officer = people.find_officer(ws, args.officer)
        people.remove_officer(ws, officer.id)
        say(
            _("Removed {name} from the list; the history keeps their name.").format(
                name=officer.label
            )
        )
    finally:
        ws.close()
    return 0


def _pin(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        officer = people.find_officer(ws, args.officer)
        pins.set_pin(ws, officer.id, None if args.clear else args.pin)
        if args.clear:
            say(_("{name} has no PIN now.").format(name=officer.label))
        else:
            say(_("PIN of {name} set.").format(name=officer.label))
    finally:
        ws.close()
    return 0


def _use(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        if args.nobody:
            session.forget(ws)
            say(_("Changes now name no officer (only the computer and the Windows user)."))
            return 0
        officer = people.find_officer(ws, args.officer)
        session.start_work(ws, officer.id, args.pin)
        say(_("Working as {name}; changes are recorded with this name.").format(name=officer.label))
    finally:
        ws.close()
    return 0


def _who(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        if ws.officer is None:
            say(
                _("Nobody: changes name only the computer and the Windows user ({user}).").format(
                    user=ws.actor
                )
            )
        else:
            say(ws.officer.label)
    finally:
        ws.close()
    return 0
