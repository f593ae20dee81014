"""`anninh evidence list | link | unlink | revision`: a unit's evidence and its criteria."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.lazy import lazy_module
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

if TYPE_CHECKING:
    from anninh_desktop.domain.evidence import Evidence
    from anninh_desktop.services.workspace import Workspace

# Imported when a command runs (its file checks read PDFs with pypdf).
evidence_service = lazy_module("anninh_desktop.services.evidence_service")


def register(evidence_sub: Any, common: argparse.ArgumentParser) -> None:
    s = evidence_sub.add_parser(
        "list", parents=[common], help=_("a unit's evidence with the criteria it proves")
    )
    add_assessment_arguments(s)
    s.set_defaults(handler=_list)
    for name, helptext, handler in (
        ("link", _("link evidence to criteria"), _link),
        ("unlink", _("unlink evidence from criteria"), _unlink),
    ):
        s = evidence_sub.add_parser(name, parents=[common], help=helptext)
        add_assessment_arguments(s)
        s.add_argument("evidence", help=_("evidence: id (or its first 8 letters) or title"))
        s.add_argument(
            "--criterion",
            "-c",
            action="append",
            required=True,
            dest="refs",
            help=_("criterion ref (repeatable)"),
        )
        s.set_defaults(handler=handler)
    s = evidence_sub.add_parser(
        "revision", parents=[common], help=_("add a new version of an evidence file")
    )
    add_assessment_arguments(s)
    s.add_argument("evidence", help=_("evidence: id (or its first 8 letters) or title"))
    s.add_argument("file", type=Path, help=_("the new file"))
    s.set_defaults(handler=_revision)


def find_evidence(ws: Workspace, unit_id: str, text: str) -> Evidence:
    """An item of the unit's evidence by id, id prefix (8+ letters) or title (diacritics ignored)."""
    items = ws.store.evidence.for_unit(unit_id)
    wanted = text.strip()
    found = [e for e in items if e.id == wanted]
    if not found and len(wanted) >= 8:
        found = [e for e in items if e.id.startswith(wanted.lower())]
    if not found:
        found = [e for e in items if fold(e.title) == fold(wanted)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(
            _("No evidence “{text}” for this unit; see “anninh evidence list”.").format(text=text)
        )
    raise UserError(
        _("Several evidence items match “{text}”; give the id (anninh evidence list).").format(
            text=text
        )
    )


def _list(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        rows = []
        for e in ws.store.evidence.for_unit(a.unit_id):
            refs = ws.store.evidence.linked_refs(e.id, a.id)
            latest = ws.store.evidence.latest_revision(e.id)
            rows.append(
                [
                    e.id[:8],
                    clip(e.title, 46),
                    _(EVIDENCE_KIND_LABELS[e.kind]),
                    str(latest.revision if latest else 0),
                    ", ".join(refs),
                ]
            )
        if not rows:
            say(_("This unit has no evidence yet."))
        else:
            say(table(["id", _("Title"), _("Kind"), _("Version"), _("Criteria")], rows))
    finally:
        ws.close()
    return 0


def _link(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        e = find_evidence(ws, a.unit_id, args.evidence)
        for ref in args.refs:
            if evidence_service.link(ws, e.id, a.id, ref):
                say(_("Linked “{title}” to {ref}.").format(title=e.title, ref=ref))
            else:
                say(_("“{title}” was already linked to {ref}.").format(title=e.title, ref=ref))
    finally:
        ws.close()
    return 0


def _unlink(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        e = find_evidence(ws, a.unit_id, args.evidence)
        for ref in args.refs:
            if evidence_service.unlink(ws, e.id, a.id, ref):
                say(_("Unlinked “{title}” from {ref}.").format(title=e.title, ref=ref))
            else:
                say(_("“{title}” was not linked to {ref}.").format(title=e.title, ref=ref))
    finally:
        ws.close()
    return 0


def _revision(args: argparse.Namespace, data_dir: Path) -> int:
    if not args.file.is_file():
        raise UserError(_("File not found: {path}").format(path=args.file))
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        e = find_evidence(ws, a.unit_id, args.evidence)
        revision = evidence_service.add_revision(ws, e.id, args.file)
        say(
            _("“{title}” now has version {n} ({file}); earlier versions are kept.").format(
                title=e.title, n=revision.revision, file=revision.filename
            )
        )
    finally:
        ws.close()
    return 0
