"""`anninh dossier trust list | add FILE… | remove FINGERPRINT`: the trust store of the data folder.

Roots, intermediate certificates and revocation lists (CRLs) are imported from files (.cer, .crt,
.pem, .p7b, .crl), e.g. from a USB stick; each certificate is listed with its validity and SHA-256
fingerprint, each list with its dates.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.output import say, table, warn
from anninh_desktop.i18n import _, ngettext


def register(dossier_sub: Any, common: argparse.ArgumentParser) -> None:
    p = dossier_sub.add_parser(
        "trust",
        parents=[common],
        help=_("the trust store: root and intermediate certificates, revocation lists"),
    )
    ts = p.add_subparsers(dest="trust_command", required=True)
    ts.add_parser(
        "list", parents=[common], help=_("list the certificates and revocation lists")
    ).set_defaults(handler=_trust_list)
    a = ts.add_parser(
        "add",
        parents=[common],
        help=_("import certificates and revocation lists (.cer .crt .pem .p7b .crl)"),
    )
    a.add_argument("files", type=Path, nargs="+", metavar="FILE")
    a.set_defaults(handler=_trust_add)
    r = ts.add_parser("remove", parents=[common], help=_("remove something you imported"))
    r.add_argument("fingerprint", help=_("its SHA-256 fingerprint (at least 8 digits)"))
    r.set_defaults(handler=_trust_remove)

    o = dossier_sub.add_parser(
        "online",
        parents=[common],
        help=_("options when this computer is online: revocation checks, timestamp server"),
    )
    o.add_argument(
        "--check-revocation",
        choices=["on", "off"],
        help=_("ask the certificate authorities (OCSP, CRL download) when signing and verifying"),
    )
    tsa = o.add_mutually_exclusive_group()
    tsa.add_argument("--tsa-url", metavar="URL", help=_("the timestamp server (RFC 3161)"))
    tsa.add_argument("--no-tsa", action="store_true", help=_("sign without a timestamp"))
    o.set_defaults(handler=_online)


def _kind_label(entry: Any) -> str:
    from anninh_desktop.services.signing.trust import StoredCrl, TrustKind

    if isinstance(entry, StoredCrl):
        return _("revocation list")
    return _("root") if entry.kind is TrustKind.ROOT else _("intermediate")


def entry_row(entry: Any) -> list[str]:
    """[kind, name, source, valid from, valid until, SHA-256]: one line of the list."""
    from anninh_desktop.services.signing.trust import StoredCrl

    sources = {"bundled": _("shipped"), "user": _("imported")}
    if isinstance(entry, StoredCrl):
        return [
            _kind_label(entry),
            entry.issuer,
            sources[entry.source],
            entry.this_update.date().isoformat(),
            entry.next_update.date().isoformat() if entry.next_update else "—",
            entry.fingerprint_display,
        ]
    return [
        _kind_label(entry),
        entry.info.subject,
        sources[entry.source],
        entry.info.not_before.date().isoformat(),
        entry.info.not_after.date().isoformat(),
        entry.info.fingerprint_display,
    ]


def _trust_list(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.trust import trust_store_for

    store = trust_store_for(data_dir)
    entries: list[Any] = [*store.certificates(), *store.crls()]
    if not entries:
        say(_("The trust store is empty: no root certificate is trusted yet."))
        return 0
    say(
        table(
            [
                _("Kind"),
                _("Name"),
                _("Source"),
                _("Valid from"),
                _("Valid until"),
                _("SHA-256 fingerprint"),
            ],
            [entry_row(e) for e in entries],
        )
    )
    roots = len(store.roots())
    say(ngettext("{count} trusted root.", "{count} trusted roots.", roots).format(count=roots))
    return 0


def _trust_add(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.trust import StoredCrl, TrustKind, trust_store_for
    from anninh_desktop.services.signing.trust_import import import_trust_files

    result = import_trust_files(trust_store_for(data_dir), args.files)
    for entry in result.added:
        if isinstance(entry, StoredCrl):
            say(
                _("Revocation list of {issuer} of {date} imported ({count} revoked).").format(
                    issuer=entry.issuer,
                    date=entry.this_update.date().isoformat(),
                    count=entry.revoked_count,
                )
            )
            continue
        if entry.kind is TrustKind.ROOT:
            say(_("Trusted root from now on: {name}").format(name=entry.info.subject))
        else:
            say(_("Intermediate certificate imported: {name}").format(name=entry.info.subject))
        say(
            "  "
            + _("SHA-256 fingerprint: {fingerprint}").format(
                fingerprint=entry.info.fingerprint_display
            )
        )
    for entry in result.present:
        name = entry.issuer if isinstance(entry, StoredCrl) else entry.info.subject
        say(_("Already in the trust store: {name}").format(name=name))
    for note in result.notes:
        warn(note)
    if result.roots_added:
        say(_("Compare each root's fingerprint with the one its issuer publishes."))
    return 0 if result.added or result.present else 1


def _trust_remove(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.trust import trust_store_for
    from anninh_desktop.services.signing.trust_import import entry_name, remove_entry

    entry = remove_entry(trust_store_for(data_dir), args.fingerprint)
    say(_("Removed from the trust store: {name}").format(name=entry_name(entry)))
    return 0


def _online(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import replace

    from anninh_desktop.cli.context import open_ws
    from anninh_desktop.services.signing.online import online_settings, save_online_settings

    ws = open_ws(data_dir)
    try:
        settings = online_settings(ws)
        if args.check_revocation is not None:
            settings = replace(settings, check_revocation=args.check_revocation == "on")
        if args.tsa_url is not None:
            settings = replace(settings, tsa_url=args.tsa_url)
        if args.no_tsa:
            settings = replace(settings, tsa_url="")
        if args.check_revocation is not None or args.tsa_url is not None or args.no_tsa:
            settings = save_online_settings(ws, settings)
    finally:
        ws.close()
    say(
        _("Revocation asked online: {state}").format(
            state=_("on") if settings.check_revocation else _("off")
        )
    )
    say(
        _("Timestamp server: {url}").format(url=settings.tsa_url)
        if settings.tsa_url
        else _("Timestamp server: none (signatures carry this computer's time)")
    )
    return 0
