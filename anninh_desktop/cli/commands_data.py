"""`anninh demo | criteria | check | backup | restore`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.lazy import lazy_module
from anninh_desktop.cli.output import say, table, warn
from anninh_desktop.domain.units import UNIT_KIND_LABELS
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError

# Imported when a command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
backup_service = lazy_module("anninh_desktop.services.backup_service")
criteria_service = lazy_module("anninh_desktop.services.criteria_service")
integrity_service = lazy_module("anninh_desktop.services.integrity_service")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help=_("create demo data in a new data folder"))
    p.add_argument(
        "--scale",
        choices=["commune", "province"],
        default="commune",
        help=_("commune: one realistic commune; province: large data for speed tests"),
    )
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=_demo)

    p = sub.add_parser("criteria", parents=[common], help=_("criterion sets"))
    cs = p.add_subparsers(dest="criteria_command", required=True)
    v = cs.add_parser("validate", parents=[common], help=_("check set files without importing"))
    v.add_argument("files", nargs="+", type=Path)
    v.set_defaults(handler=_criteria_validate)
    i = cs.add_parser("import", parents=[common], help=_("import a set file as a new version"))
    i.add_argument("files", nargs="+", type=Path)
    i.set_defaults(handler=_criteria_import)
    lst = cs.add_parser("list", parents=[common], help=_("list the set versions"))
    lst.set_defaults(handler=_criteria_list)

    p = sub.add_parser(
        "check", parents=[common], help=_("check the database, evidence files and audit log")
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help=_("remove evidence files no record refers to and partial files left by killed work"),
    )
    p.set_defaults(handler=_check)

    p = sub.add_parser(
        "backup", parents=[common], help=_("back up the data folder, encrypted, to a folder")
    )
    p.add_argument("target", type=Path, help=_("where to put the backup, e.g. a USB stick"))
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help=_("the passphrase that protects the backup (asked for when not given)"),
    )
    p.set_defaults(handler=_backup)

    p = sub.add_parser("restore", parents=[common], help=_("restore the data folder from a backup"))
    p.add_argument("backup", type=Path, help=_("the backup file (anninh-backup-….anbak)"))
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help=_("the backup's passphrase (asked for when not given)"),
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--replaces-old-pc",
        dest="mode",
        action="store_const",
        const="replace",
        help=_("this computer replaces the office's old one (same identity)"),
    )
    which.add_argument(
        "--copy",
        dest="mode",
        action="store_const",
        const="copy",
        help=_("this is a copy beside a computer still in use (its own identity)"),
    )
    p.set_defaults(handler=_restore, mode=None)


def _demo(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.demo.builder import build_demo

    ws = open_ws(data_dir)
    try:
        if ws.store.assessments.summaries():
            raise UserError(
                _(
                    "{path} already holds assessments; demo data goes into a new data folder "
                    "(use --data-dir)"
                ).format(path=data_dir)
            )
        summary = build_demo(ws, scale=args.scale, seed=args.seed, progress=lambda text: say(text))
        say(summary)
    finally:
        ws.close()
    return 0


def _criteria_validate(args: argparse.Namespace, data_dir: Path) -> int:
    failed = 0
    for path in args.files:
        try:
            s, _text = criteria_service.read_set_file(path)
        except UserError as exc:
            warn(exc.message)
            failed += 1
            continue
        rows = len(s.assessable_criteria())
        say(
            ngettext(
                "{path}: valid — {title} v{version}, {rows} criterion to assess",
                "{path}: valid — {title} v{version}, {rows} criteria to assess",
                rows,
            ).format(path=path, title=s.title, version=s.version, rows=rows)
        )
    return 1 if failed else 0


def _criteria_import(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        for path in args.files:
            s, added = criteria_service.import_set_file(ws, path)
            if added:
                say(
                    _("Imported {code} version {version}: {title}").format(
                        code=s.code, version=s.version, title=s.title
                    )
                )
            else:
                say(
                    _("{code} version {version} is already there; nothing changed").format(
                        code=s.code, version=s.version
                    )
                )
    finally:
        ws.close()
    return 0


def _criteria_list(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        rows = []
        for s in criteria_service.list_sets(ws):
            kinds = ", ".join(_(UNIT_KIND_LABELS[k]) for k in s.unit_kinds)
            basis = s.legal_basis[0].document if s.legal_basis else ""
            state = "" if s.complete else _("incomplete")
            rows.append([s.code, str(s.version), s.title, kinds, basis, state])
        say(table([_("Code"), _("Version"), _("Title"), _("For"), _("Legal basis"), ""], rows))
    finally:
        ws.close()
    return 0


def _check(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        report = integrity_service.check(ws, repair=args.repair)
    finally:
        ws.close()
    say(
        _("Checked the database, evidence files: {blobs}, audit events: {events}.").format(
            blobs=report.blobs_checked, events=report.audit_events
        )
    )
    for line in report.repaired:
        say(line)
    if report.ok:
        say(_("Everything is in order."))
        return 0
    for problem in report.problems:
        warn(problem)
    return 1


def _passphrase(path: Path | None, *, twice: bool) -> str:
    """The passphrase from a file, or typed (twice for a new backup) at a terminal."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise UserError(
                _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
        if not text:
            raise UserError(_("The passphrase file {path} is empty.").format(path=path))
        return text
    if not sys.stdin.isatty():
        raise UserError(_("Give the backup's passphrase with --passphrase-file FILE."))
    first = getpass.getpass(_("Passphrase: "))
    if twice and getpass.getpass(_("The same passphrase again: ")) != first:
        raise UserError(_("The two passphrases differ; nothing was done."))
    if not first:
        raise UserError(_("A backup needs a passphrase: without it, anyone could read it."))
    return first


def _backup(args: argparse.Namespace, data_dir: Path) -> int:
    passphrase = _passphrase(args.passphrase_file, twice=True)
    ws = open_ws(data_dir)
    try:
        path = backup_service.backup(ws, args.target, passphrase=passphrase)
    finally:
        ws.close()
    say(_("Backup written to {path}").format(path=path))
    say(_("Keep the passphrase apart from the stick: without it the backup cannot be restored."))
    return 0


def _restore(args: argparse.Namespace, data_dir: Path) -> int:
    passphrase = None
    if not args.backup.is_dir():
        passphrase = _passphrase(args.passphrase_file, twice=False)
    result = backup_service.restore(data_dir, args.backup, passphrase=passphrase, mode=args.mode)
    ws = open_ws(data_dir)  # applies migrations when the backup is older than the program
    ws.close()
    say(_("Restored {path}.").format(path=args.backup))
    if result.identity == "replaced":
        say(
            _(
                "This computer now carries on as {office}: the other offices need nothing. "
                "Its next package tells them what it has, and they send the rest again."
            ).format(office=result.office_name)
        )
    elif result.identity == "copy":
        say(
            _(
                "This computer is a copy of {office} with its own identity: export its office "
                "card (“anninh sync card export”) for the other offices to import."
            ).format(office=result.office_name)
        )
    for kept in result.kept:
        say(_("What was here before was kept as {path}").format(path=kept))
    return 0
