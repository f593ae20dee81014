"""`anninh dossier drivers` and `anninh dossier tokens`: the token drivers (PKCS#11 modules) found
on this computer, the tokens plugged in, what each says about its PIN tries, and the
certificates on them. The PIN is asked once; a wrong PIN is never tried again by the program.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.dossier_sign import secret
from anninh_desktop.cli.output import say, table, warn
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError


def register(dossier_sub: Any, common: argparse.ArgumentParser) -> None:
    p = dossier_sub.add_parser(
        "drivers", parents=[common], help=_("the token drivers found on this computer")
    )
    p.set_defaults(handler=_drivers)
    p = dossier_sub.add_parser("tokens", parents=[common], help=_("list tokens and certificates"))
    p.add_argument(
        "--pkcs11-module",
        type=Path,
        metavar="PATH",
        help=_("the token's PKCS#11 module (default: the first driver found)"),
    )
    p.add_argument("--token", metavar="LABEL", help=_("token label"))
    p.add_argument("--pin-env", metavar="VAR", help=_("environment variable with the token PIN"))
    p.set_defaults(handler=_tokens)


def _drivers(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.token_modules import find_token_modules, program_bits

    found = find_token_modules()
    if not found:
        say(
            _(
                "No token driver was found. Install your token's software, or give its PKCS#11 "
                "module with --pkcs11-module PATH."
            )
        )
        return 1
    bits = {32: "32-bit", 64: "64-bit"}
    say(
        table(
            [_("Maker"), _("Driver"), _("Found by"), _("Bits")],
            [
                [
                    m.vendor,
                    str(m.path),
                    _("known name") if m.how == "known name" else m.how,
                    bits.get(m.bits or 0, "?")
                    + ("" if m.loadable else " " + _("(cannot be used by this program)")),
                ]
                for m in found
            ],
        )
    )
    say(_("This program is {bits}-bit.").format(bits=program_bits()))
    return 0


def _module(args: argparse.Namespace) -> Path:
    if args.pkcs11_module is not None:
        return Path(args.pkcs11_module)
    from anninh_desktop.services.signing.token_modules import find_token_modules

    usable = [m for m in find_token_modules() if m.loadable]
    if not usable:
        raise UserError(
            _("No token driver was found; give the token's PKCS#11 module with --pkcs11-module.")
        )
    return usable[0].path


def _tokens(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.pkcs11_source import list_token_certificates, list_tokens
    from anninh_desktop.services.signing.token_pins import PinGuard, PinTries, tries_text

    module = _module(args)
    tokens = list_tokens(module)
    if not tokens:
        say(_("No token is plugged in."))
        return 1
    labels = {
        PinTries.UNKNOWN: "—",
        PinTries.LOW: _("few tries left"),
        PinTries.FINAL: _("ONE try left"),
        PinTries.LOCKED: _("locked"),
    }
    say(
        table(
            [_("Slot"), _("Label"), _("Maker"), _("Model"), _("Serial"), _("PIN")],
            [
                [str(t.slot), t.label, t.manufacturer, t.model, t.serial, labels[t.pin_tries]]
                for t in tokens
            ],
        )
    )
    for token in tokens:
        if token.pin_tries in (PinTries.LOW, PinTries.FINAL, PinTries.LOCKED):
            warn(f"{token.label}: {tries_text(token.pin_tries)}")
    pin = secret(args.pin_env, _("Token PIN: "), "--pin-env") if args.pin_env else None
    guard = PinGuard()
    for token in tokens:
        if args.token is not None and token.label != args.token:
            continue
        certs = list_token_certificates(module, slot=token.slot, pin=pin, pin_guard=guard)
        say()
        say(_("Certificates on “{token}”:").format(token=token.label))
        if not certs:
            say(_("No certificate."))
            continue
        say(
            table(
                [_("Label"), _("Signer"), _("Issuer"), _("Valid until")],
                [
                    [c.label, c.info.subject, c.info.issuer, c.info.not_after.date().isoformat()]
                    for c in certs
                ],
            )
        )
    return 0
