"""`anninh dossier build`: the recognition dossier of one assessment as one PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.lazy import lazy_function
from anninh_desktop.cli.output import say, warn
from anninh_desktop.i18n import _, ngettext

# Imported when the command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
build_dossier = lazy_function("anninh_desktop.services.dossier", "build_dossier")
completeness_problems = lazy_function("anninh_desktop.services.dossier", "completeness_problems")
evidence_file_warnings = lazy_function("anninh_desktop.services.dossier", "evidence_file_warnings")
warning_text = lazy_function("anninh_desktop.services.evidence_warnings", "warning_text")


def register(dossier_sub: Any, common: argparse.ArgumentParser) -> None:
    p = dossier_sub.add_parser(
        "build", parents=[common], help=_("build the dossier PDF of an assessment")
    )
    add_assessment_arguments(p)
    p.add_argument(
        "--out",
        type=Path,
        help=_("the PDF file to write (default: the dossiers folder of the data folder)"),
    )
    p.set_defaults(handler=_build)


def _build(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        assessment = find_assessment(ws, args)
        for problem in completeness_problems(ws, assessment.id):
            warn(
                _("Note: criterion {ref} requires evidence and has none linked.").format(
                    ref=problem.ref
                )
            )
        for file_warning in evidence_file_warnings(ws, assessment.id):
            warn(
                _("Note: evidence {code} “{title}” ({file}): {explanation}").format(
                    code=file_warning.code,
                    title=file_warning.title,
                    file=file_warning.filename,
                    explanation=warning_text(file_warning.check),
                )
            )
        out = args.out.expanduser() if args.out is not None else None
        built = build_dossier(ws, assessment.id, out)
        say(_("Dossier: {path}").format(path=built.path))
        say(
            ngettext("{count} page", "{count} pages", built.page_count).format(
                count=built.page_count
            )
        )
        say(_("SHA-256: {digest}").format(digest=built.sha256))
        say(_("Numbers: {numbers}").format(numbers=", ".join(built.numbers.values())))
        for message in built.warnings:
            warn(_("Warning: {message}").format(message=message))
    finally:
        ws.close()
    return 0
