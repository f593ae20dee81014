"""Entry point of `anninh`: parse arguments, open the data folder, run one command.

Exit codes: 0 ok, 1 a user error (one line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from anninh_desktop import __version__
from anninh_desktop.cli import (
    commands_appraisal,
    commands_data,
    commands_dossier,
    commands_movement,
    commands_overview,
    commands_people,
    commands_sync,
    commands_units,
    commands_work,
)
from anninh_desktop.cli.output import warn
from anninh_desktop.i18n import _, language_from_environment, set_language
from anninh_desktop.logging_setup import setup_logging
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.storage.database import DatabaseDamaged, DatabaseTooNew

log = logging.getLogger(__name__)

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


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


def build_parser() -> argparse.ArgumentParser:
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
    for module in (
        commands_data,
        commands_units,
        commands_work,
        commands_dossier,
        commands_sync,
        commands_appraisal,
        commands_movement,
        commands_overview,
        commands_people,
    ):
        module.register(sub, common)
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir is not None:
        return Path(args.data_dir).expanduser()
    from anninh_desktop.services.workspace import default_data_dir

    return default_data_dir()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))
    _reconfigure_stdout()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad usage (2)
        return int(exc.code or 0)
    data_dir = _data_dir(args)
    log_file = setup_logging(data_dir if _can_log(data_dir) else None, verbose=args.verbose)
    try:
        return int(args.handler(args, data_dir) or 0)
    except UserError as exc:
        warn(exc.message)
        return EXIT_USER_ERROR
    except Cancelled:
        warn(_("Cancelled; nothing was changed."))
        return EXIT_USER_ERROR
    except DatabaseTooNew as exc:
        warn(
            _(
                "The data in {path} was written by a newer version of An Ninh Desktop (schema {found}, "
                "this program knows {supported}). Install the newer version to open it."
            ).format(path=exc.path, found=exc.found, supported=exc.supported)
        )
        return EXIT_USER_ERROR
    except DatabaseDamaged as exc:
        warn(
            _(
                "The database {path} cannot be read ({detail}). Restore a backup with "
                "“anninh restore”."
            ).format(path=exc.path, detail=exc.detail)
        )
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        warn(_("Interrupted."))
        return 130
    except Exception:
        log.exception("unexpected error in %s", args.command)
        warn(
            _(
                "Unexpected error; nothing more was changed. Details are in the log file {path}."
            ).format(path=log_file or "-")
        )
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
