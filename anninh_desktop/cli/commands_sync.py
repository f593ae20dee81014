"""`anninh sync identity | card export | card import | peers | trust | export | import | ack`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anninh_desktop.cli import commands_sync_conflicts
from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import say, table
from anninh_desktop.domain.units import display_name
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace

if TYPE_CHECKING:
    from anninh_desktop.services.sync.reading import SyncPreview


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help=_("exchange data with other offices by USB"))
    cs = p.add_subparsers(dest="sync_command", required=True)

    i = cs.add_parser("identity", parents=[common], help=_("show or set this office's identity"))
    i.add_argument("--name", help=_("office name, e.g. “Công an xã …”"))
    i.add_argument("--unit", help=_("the office's unit: code, name or id"))
    i.add_argument(
        "--new-copy",
        action="store_true",
        help=_("this folder was copied from another PC: give it its own id and keys"),
    )
    i.add_argument(
        "--moved",
        action="store_true",
        help=_("this folder was moved here (the original is not used any more): keep its identity"),
    )
    i.set_defaults(handler=_identity)

    card = cs.add_parser("card", parents=[common], help=_("office cards (public keys)"))
    cc = card.add_subparsers(dest="card_command", required=True)
    ce = cc.add_parser("export", parents=[common], help=_("write this office's card to a file"))
    ce.add_argument("file", type=Path)
    ce.set_defaults(handler=_card_export)
    ci = cc.add_parser("import", parents=[common], help=_("add another office from its card"))
    ci.add_argument("file", type=Path)
    ci.add_argument(
        "--trust", action="store_true", help=_("trust it (after comparing the fingerprint)")
    )
    ci.set_defaults(handler=_card_import)

    pe = cs.add_parser("peers", parents=[common], help=_("list the known offices"))
    pe.set_defaults(handler=_peers)

    t = cs.add_parser(
        "trust", parents=[common], help=_("trust an office after checking its fingerprint")
    )
    t.add_argument("peer", help=_("office id (or its first digits)"))
    t.set_defaults(handler=_trust)

    e = cs.add_parser("export", parents=[common], help=_("write a package for an office"))
    e.add_argument("--peer", required=True, help=_("office id (or its first digits)"))
    e.add_argument(
        "--to", dest="target", type=Path, required=True, help=_("folder, e.g. a USB stick")
    )
    e.add_argument(
        "--passphrase-file", type=Path, help=_("encrypt with the passphrase in this file")
    )
    e.set_defaults(handler=_export)

    im = cs.add_parser("import", parents=[common], help=_("check a package, show it, apply it"))
    im.add_argument("file", type=Path)
    im.add_argument("--yes", action="store_true", help=_("apply after showing the preview"))
    im.add_argument("--passphrase-file", type=Path, help=_("the passphrase agreed with the sender"))
    im.set_defaults(handler=_import)

    u = cs.add_parser("undo", parents=[common], help=_("undo the last import"))
    u.add_argument("--yes", action="store_true", help=_("undo it (without: only say what it was)"))
    u.set_defaults(handler=_undo)

    a = cs.add_parser("ack", parents=[common], help=_("import an acknowledgement file"))
    a.add_argument("file", type=Path)
    a.set_defaults(handler=_ack)

    commands_sync_conflicts.register(cs, common)


def _passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8").strip("\r\n")
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if not text:
        raise UserError(_("The passphrase file {path} is empty.").format(path=path))
    return text


def _unit_name(ws: Workspace, unit_id: str | None) -> str:
    if not unit_id:
        return "-"
    try:
        return ws.store.units.get(unit_id).display_name
    except KeyError:
        return unit_id[:12]


def _identity(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity, relocation
    from anninh_desktop.services.units_service import find_unit

    ws = open_ws(data_dir)
    try:
        if args.new_copy:
            identity.new_installation_id_for_copy(ws)
        elif args.moved:
            relocation.confirm_moved(ws)
        elif relocation.relocated(ws):
            say(
                _(
                    "This data folder was copied or moved from another computer or folder: add "
                    "--new-copy if the original is still used, --moved if it is not."
                )
            )
        if args.name is not None or args.unit is not None:
            current = identity.ensure_identity(ws)
            unit_id = find_unit(ws, args.unit).id if args.unit else current.office_unit_id
            identity.set_office(ws, args.name or current.office_name, unit_id)
        ident = identity.ensure_identity(ws)
        say(_("Office: {name}").format(name=ident.office_name or "-"))
        say(_("Unit: {unit}").format(unit=_unit_name(ws, ident.office_unit_id)))
        say(_("Office id: {id}").format(id=ident.installation_id))
        say(_("Fingerprint: {fingerprint}").format(fingerprint=ident.fingerprint))
    finally:
        ws.close()
    return 0


def _card_export(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity

    ws = open_ws(data_dir)
    try:
        card = identity.export_card(ws, args.file)
        say(_("Office card written to {path}").format(path=args.file))
        say(_("Fingerprint: {fingerprint}").format(fingerprint=card.fingerprint))
    finally:
        ws.close()
    return 0


def _card_import(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity

    ws = open_ws(data_dir)
    try:
        peer = identity.import_card(ws, args.file, trust=args.trust)
        say(_("Office: {name} ({id})").format(name=peer.office_name, id=peer.installation_id))
        say(_("Unit: {unit}").format(unit=_unit_name(ws, peer.office_unit_id)))
        say(_("Fingerprint: {fingerprint}").format(fingerprint=peer.fingerprint))
        if peer.trusted:
            say(_("This office is trusted."))
        else:
            say(
                _(
                    "Not trusted yet: compare the fingerprint with the office (by phone or in "
                    "person), then run “anninh sync trust {id}”."
                ).format(id=peer.installation_id[:8])
            )
    finally:
        ws.close()
    return 0


def _peers(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity

    ws = open_ws(data_dir)
    try:
        peers = identity.repo(ws).peers()
        if not peers:
            say(_("No other office yet; import an office card with “anninh sync card import”."))
            return 0
        rows = [
            [
                p.installation_id[:8],
                p.office_name,
                _unit_name(ws, p.office_unit_id),
                _("yes") if p.trusted else _("no"),
                str(p.acked_seq),
                p.fingerprint,
            ]
            for p in peers
        ]
        say(
            table(
                [
                    _("Id"),
                    _("Office"),
                    _("Unit"),
                    _("Trusted"),
                    _("Acknowledged"),
                    _("Fingerprint"),
                ],
                rows,
            )
        )
    finally:
        ws.close()
    return 0


def _trust(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity

    ws = open_ws(data_dir)
    try:
        peer = identity.trust_peer(ws, identity.find_peer(ws, args.peer).installation_id)
        say(
            _("{office} is trusted (fingerprint {fingerprint}).").format(
                office=peer.office_name, fingerprint=peer.fingerprint
            )
        )
    finally:
        ws.close()
    return 0


def _export(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync import identity
    from anninh_desktop.services.sync.export import export_package

    passphrase = _passphrase(args.passphrase_file)
    ws = open_ws(data_dir)
    try:
        peer = identity.find_peer(ws, args.peer)
        out = export_package(ws, peer.installation_id, args.target, passphrase=passphrase)
        say(
            _("Package for {office} written to {path}").format(
                office=peer.office_name, path=out.path
            )
        )
        say(
            _("{rows} rows, {blobs} evidence files, {size} bytes").format(
                rows=sum(out.rows.values()), blobs=out.blobs, size=out.size
            )
        )
    finally:
        ws.close()
    return 0


def _import(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync.apply import apply_package
    from anninh_desktop.services.sync.reading import read_package

    passphrase = _passphrase(args.passphrase_file)
    ws = open_ws(data_dir)
    try:
        preview = read_package(ws, args.file, passphrase=passphrase)
        try:
            _show_preview(ws, preview)
            if not args.yes:
                say(_("Nothing was changed; add --yes to apply."))
                return 0
            result = apply_package(ws, preview)
        finally:
            preview.discard()
        if result.applied:
            say(
                ngettext(
                    "Applied. {conflicts} conflict kept for review.",
                    "Applied. {conflicts} conflicts kept for review.",
                    result.conflicts,
                ).format(conflicts=result.conflicts)
            )
        else:
            say(_("This package was applied before; nothing changed."))
        say(_("Acknowledgement for the sender: {path}").format(path=result.ack_path))
    finally:
        ws.close()
    return 0


def _show_preview(ws: Workspace, preview: SyncPreview) -> None:
    say(
        _("Package from {office}, made {at}").format(
            office=preview.sender.office_name, at=preview.manifest.created_at
        )
    )
    if preview.already_applied:
        say(_("This package was applied before."))
    for text in preview.history_texts():
        say(_("Warning: {text}").format(text=text))
    counts = preview.counts()
    # Units this office does not know yet are named from the package's own unit rows.
    names = {
        str(c.row["id"]): display_name(str(c.row.get("subtype") or ""), str(c.row.get("name")))
        for c in preview.plan.changes
        if c.table == "unit"
    }

    def name(unit: str | None) -> str:
        shown = _unit_name(ws, unit)
        return names.get(unit or "", shown) if unit and shown == unit[:12] else shown

    units = sorted({u for _t, u in counts}, key=name)
    rows = []
    for unit in units:
        total: dict[str, int] = {}
        for (_t, u), c in counts.items():
            if u == unit:
                for k, v in c.items():
                    total[k] = total.get(k, 0) + v
        rows.append(
            [
                name(unit) if unit else _("Criterion sets"),
                str(total.get("new", 0)),
                str(total.get("updated", 0)),
                str(total.get("unchanged", 0)),
                str(total.get("conflict", 0)),
            ]
        )
    say(table([_("Unit"), _("New"), _("Updated"), _("Unchanged"), _("Conflicts")], rows))
    blobs = sum(1 for e in preview.manifest.entries if e.kind == "blob")
    say(_("{count} evidence files").format(count=blobs))
    _show_notable(ws, preview)


def _show_notable(ws: Workspace, preview: SyncPreview) -> None:
    """Every change of state, decision, verdict, parent unit or deletion, field by field."""
    from anninh_desktop.services.sync.notable import notable_lines

    lines = notable_lines(ws, preview)
    if not lines:
        return
    say("")
    say(_("Changes that matter:"))
    rows = [
        [
            ("! " if line.locked else "* " if line.needs_appraiser else "  ") + line.unit,
            line.subject,
            line.field,
            line.before,
            line.after,
            line.author + (" " + _("(conflict)") if line.conflict else ""),
        ]
        for line in lines
    ]
    say(table([_("Unit"), _("What"), _("Field"), _("Before"), _("After"), _("Made by")], rows))
    if any(line.locked for line in lines):
        say(
            _(
                "! a result changed after its assessment was submitted or decided here; return "
                "the assessment if the change is not expected."
            )
        )
    if any(line.needs_appraiser for line in lines):
        say(
            _(
                "* needs the appraising office's authority: the office named made the change "
                "and signed it, and it appraises the unit."
            )
        )


def _undo(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync.undo import last_import, undo_last_import

    ws = open_ws(data_dir)
    try:
        info = last_import(ws)
        if info is None:
            say(_("There is no import to undo."))
            return 0
        say(
            ngettext(
                "Last import: the package from {office}, applied {at}, {rows} row.",
                "Last import: the package from {office}, applied {at}, {rows} rows.",
                info.rows,
            ).format(office=info.sender_name, at=info.applied_at, rows=info.rows)
        )
        if not info.undoable:
            raise UserError(_("It can no longer be undone: {reason}").format(reason=info.reason))
        if not args.yes:
            say(_("Nothing was changed; add --yes to undo it."))
            return 0
        done = undo_last_import(ws)
        say(
            _(
                "Undone: {rows} rows are as they were before it, {conflicts} conflicts it had "
                "found removed. The package may be imported again; {office} will send those "
                "rows again after the next package this office sends it."
            ).format(rows=done.rows, conflicts=done.conflicts_removed, office=done.sender_name)
        )
    finally:
        ws.close()
    return 0


def _ack(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.sync.acks import import_ack

    ws = open_ws(data_dir)
    try:
        ack = import_ack(ws, args.file)
        if ack.advanced:
            say(
                _("{office} acknowledged everything up to {upto}.").format(
                    office=ack.office_name, upto=ack.upto
                )
            )
        else:
            say(
                _("{office} had acknowledged this already; nothing changed.").format(
                    office=ack.office_name
                )
            )
    finally:
        ws.close()
    return 0
