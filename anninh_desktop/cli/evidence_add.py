"""`anninh evidence add`: files and folders as evidence of a unit, linked to criteria.

Each file is checked on arrival (an empty or wrong-type file is refused and nothing of it is
stored; an encrypted, cut-short or damaged one is added with a warning). A file whose content is
already evidence of the unit is not added twice unless asked: `--if-duplicate link` (the default)
links the existing item to the criteria instead, `add` adds a new item anyway, `cancel` adds
nothing at all. Exit code 1 when a file was refused or the import cancelled.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.lazy import lazy_module
from anninh_desktop.cli.output import say, warn
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import OnDuplicate
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError

if TYPE_CHECKING:
    from anninh_desktop.services.evidence_import import ImportOutcome
    from anninh_desktop.services.evidence_rows import EvidenceMetadata

# Imported when the command runs, not when the parser is built (anninh_desktop/cli/lazy.py): the
# file checks read PDFs with pypdf.
evidence_import = lazy_module("anninh_desktop.services.evidence_import")
evidence_import_report = lazy_module("anninh_desktop.services.evidence_import_report")
evidence_service = lazy_module("anninh_desktop.services.evidence_service")

EXIT_REFUSED = 1


def register(evidence_sub: Any, common: argparse.ArgumentParser, date_type: Any) -> None:
    a = evidence_sub.add_parser(
        "add", parents=[common], help=_("add files or folders as evidence of criteria")
    )
    add_assessment_arguments(a)
    a.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=_("a file or a folder (searched for files); several may be given"),
    )
    a.add_argument(
        "--criterion",
        "-c",
        action="append",
        default=[],
        dest="refs",
        help=_("criterion ref to link (repeatable)"),
    )
    a.add_argument("--title", default="", help=_("title (one file only; default: its name)"))
    a.add_argument(
        "--kind",
        choices=[k.value for k in EvidenceKind],
        help=_("kind (default: guessed from each file name: pictures are photos)"),
    )
    a.add_argument("--number", default="", help=_("document number, e.g. 12/KH-UBND"))
    a.add_argument("--date", type=date_type, help=_("issue date"))
    a.add_argument("--issuer", default="")
    a.add_argument(
        "--if-duplicate",
        choices=[choice.value for choice in OnDuplicate],
        default=OnDuplicate.LINK.value,
        help=_(
            "when a file is already evidence of the unit: link the existing item to the criteria "
            "(link, the default), add a new item anyway (add), or add nothing at all (cancel)"
        ),
    )
    a.set_defaults(handler=_evidence_add)


def _evidence_add(args: argparse.Namespace, data_dir: Path) -> int:
    for path in args.files:
        if not path.exists():
            raise UserError(_("File not found: {path}").format(path=path))
    files = evidence_service.collect_files(args.files)
    if not files:
        raise UserError(_("There are no files to add in what you chose."))
    if args.title and len(files) > 1:
        raise UserError(
            _("--title names one file; {count} files were given.").format(count=len(files))
        )
    choice = OnDuplicate(args.if_duplicate)
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        link_to = [(a.id, ref) for ref in args.refs]
        prepared = evidence_import.prepare(ws, a.unit_id, files, link_to=link_to)
        for refusal in prepared.refused:
            warn(refusal.message)
        if choice is OnDuplicate.CANCEL and prepared.duplicates:
            for item in prepared.duplicates:
                warn(evidence_import_report.duplicate_line(prepared, item))
            warn(_("Nothing was added (--if-duplicate cancel)."))
            return EXIT_REFUSED
        outcome = evidence_import.commit(
            ws, prepared, choice, meta_for=lambda path: _metadata(args, path)
        )
    finally:
        ws.close()
    _report(outcome, args.refs)
    return EXIT_REFUSED if outcome.refused else 0


def _metadata(args: argparse.Namespace, path: Path) -> EvidenceMetadata:
    from anninh_desktop.services.evidence_rows import EvidenceMetadata

    kind = EvidenceKind(args.kind) if args.kind else evidence_service.guess_kind(path)
    return EvidenceMetadata(
        title=args.title or path.stem,
        kind=kind,
        number=args.number,
        issue_date=args.date,
        issuer=args.issuer,
    )


def _report(outcome: ImportOutcome, refs: list[str]) -> None:
    for item in outcome.added:
        say(
            ngettext(
                "Added “{title}” (id {id}), linked to {count} criterion",
                "Added “{title}” (id {id}), linked to {count} criteria",
                len(refs),
            ).format(title=item.title, id=item.id, count=len(refs))
        )
    for incoming, holder, _fresh in outcome.linked:
        line = _("“{file}” is already the evidence “{title}”.").format(
            file=incoming.path.name, title=holder.title
        )
        if refs:
            say(
                _(
                    "{line} Linked it (id {id}) to {criteria} instead of adding a copy; "
                    "--if-duplicate add adds a new item."
                ).format(
                    line=line, id=holder.id, criteria=evidence_import_report.criteria_text(refs)
                )
            )
        else:
            say(
                _("{line} Nothing added for it; --if-duplicate add adds a new item.").format(
                    line=line
                )
            )
    for line in evidence_import_report.details(
        evidence_import.ImportOutcome(warnings=outcome.warnings)
    ):
        warn(_("Warning: {message}").format(message=line))
    if outcome.refused and (outcome.added or outcome.linked):
        warn(evidence_import_report.summary(outcome, refs))
