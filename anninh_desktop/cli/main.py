"""Entry point of `anninh`: parse arguments, open the data folder, run one command.

Exit codes: 0 ok, 1 a user error (one line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from anninh_desktop import __version__
from anninh_desktop.cli.output import warn
from anninh_desktop.i18n import N_, _, language_from_environment, set_language
from anninh_desktop.logging_setup import setup_logging
from anninh_desktop.services.errors import Cancelled, UserError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2

# Every command, the module that registers it (with its options, sub-commands and handler) and
# its one-line help, the same words as the module's own `add_parser` (a test compares them). A run
# imports only the module of the command it runs: `anninh --help` imports none, `anninh status`
# only commands_work (issue 14: the command line starts fast).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("demo", "commands_data", N_("create demo data in a new data folder")),
    ("criteria", "commands_data", N_("criterion sets")),
    ("check", "commands_data", N_("check the database, evidence files and audit log")),
    ("backup", "commands_data", N_("back up the data folder, encrypted, to a folder")),
    ("restore", "commands_data", N_("restore the data folder from a backup")),
    ("units", "commands_units", N_("list, search and add units")),
    ("register", "commands_work", N_("register a unit for a set and year")),
    ("result", "commands_work", N_("record results")),
    ("evidence", "commands_work", N_("evidence files")),
    (
        "history",
        "commands_work",
        N_("who changed what and when, for a unit, an assessment or a criterion"),
    ),
    ("status", "commands_work", N_("a unit's checklist and progress")),
    ("transition", "commands_work", N_("move an assessment to a new state")),
    ("dossier", "commands_dossier", N_("build, sign and verify the recognition dossier")),
    ("sync", "commands_sync", N_("exchange data with other offices by USB")),
    ("appraise", "commands_appraisal", N_("appraise the communes' assessments")),
    ("movement", "commands_movement", N_("the movement: models, figures, roll-up, report")),
    ("report", "commands_report", N_("reports for the commune and the office")),
    ("backups", "commands_lists", N_("list the backups in a folder (e.g. a USB stick)")),
    (
        "unit-list",
        "commands_lists",
        N_("residential areas, agencies, enterprises and schools of a commune, from and to Excel"),
    ),
    (
        "overview",
        "commands_overview",
        N_("units by state and the next deadlines, for a commune, a province or everything"),
    ),
    ("people", "commands_people", N_("the office's officers")),
)


def _pre_language(argv: Sequence[str]) -> str:
    """The language asked for, read before argparse so that help texts are translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return language_from_environment()


def _common_options(*, suppress: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command; after it, absent ones must not reset them."""
    common = argparse.ArgumentParser(add_help=False)
    default: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    common.add_argument(
        "--data-dir", type=Path, help=_("data folder (default: the user's folder)"), **default
    )
    common.add_argument("--lang", choices=["vi", "en"], help=_("language of the output"), **default)
    common.add_argument(
        "-v", "--verbose", action="store_true", help=_("more detail in the log"), **default
    )
    return common


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only the command they name is described in full (the
    others by name and help), so only its module is imported. None: every command in full."""
    common = _common_options(suppress=True)
    parser = argparse.ArgumentParser(
        prog="anninh",
        parents=[_common_options(suppress=False)],
        description=_(
            "An Ninh Desktop on the command line: units, criteria, assessments, evidence."
        ),
    )
    parser.add_argument("--version", action="version", version=f"anninh {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
    wanted = None if argv is None else _command_module(argv)
    registered: set[str] = set()
    for name, module, text in COMMANDS:
        if argv is not None and module != wanted:
            sub.add_parser(name, help=_(text))  # named in the list, never parsed
        elif module not in registered:
            registered.add(module)
            importlib.import_module(f"anninh_desktop.cli.{module}").register(sub, common)
    return parser


def _command_module(argv: Sequence[str]) -> str | None:
    """The module of the command the arguments name (None: none, e.g. `anninh --help`)."""
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--data-dir")
    first.add_argument("--lang")
    first.add_argument("-v", "--verbose", action="store_true")
    first.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        found, _unknown = first.parse_known_args(list(argv))
    except SystemExit:  # the real parser says what is wrong
        return None
    words = [w for w in found.rest if not w.startswith("-")][:1]
    return next((m for name, m, _text in COMMANDS if words and name == words[0]), None)


def _data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir is not None:
        return Path(args.data_dir).expanduser()
    from anninh_desktop.services.workspace import default_data_dir

    return default_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))
    _reconfigure_stdout()
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    data_dir = _data_dir(args)
    log_file = setup_logging(data_dir if _can_log(data_dir) else None, verbose=args.verbose)
    try:
        code = int(args.handler(args, data_dir) or 0)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except UserError as exc:
        warn(exc.message)
        return EXIT_USER_ERROR
    except Cancelled:
        warn(_("Cancelled; nothing was changed."))
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        warn(_("Interrupted."))
        return 130
    except Exception as exc:
        # (storage is imported by the commands that open a data folder, not for `--help`)
        from anninh_desktop.storage.database import DatabaseDamaged, DatabaseTooNew

        if isinstance(exc, DatabaseTooNew):
            warn(
                _(
                    "The data in {path} was written by a newer version of An Ninh Desktop (schema "
                    "{found}, this program knows {supported}). Install the newer version to open "
                    "it."
                ).format(path=exc.path, found=exc.found, supported=exc.supported)
            )
            return EXIT_USER_ERROR
        if isinstance(exc, DatabaseDamaged):
            warn(
                _(
                    "The database {path} cannot be read ({detail}). Restore a backup with "
                    "“anninh restore”."
                ).format(path=exc.path, detail=exc.detail)
            )
            return EXIT_USER_ERROR
        log.exception("unexpected error in %s", args.command)
        warn(
            _(
                "Unexpected error; nothing more was changed. Details are in the log file {path}."
            ).format(path=log_file or "-")
        )
        return EXIT_USER_ERROR


def _stdout_closed() -> int:
    """The reader of the output went away (`anninh status … | head`): nothing to tell anyone.
    Exit 1 as Python does on a broken pipe, with stdout sent to the null device so that the
    interpreter's last flush does not print an error (the Python documentation's advice, see
    the note on SIGPIPE in the `signal` module)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind stdout (tests, embedding)
        pass
    log.info("the output was closed by its reader before the command finished")
    return EXIT_USER_ERROR


def _can_log(data_dir: Path) -> bool:
    return data_dir.exists() or data_dir.parent.exists()


def _reconfigure_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


if __name__ == "__main__":
    raise SystemExit(main())
