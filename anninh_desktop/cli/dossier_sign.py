"""`anninh dossier sign | verify | demo-cert`: signatures on the command line.

Passwords and PINs are never taken as arguments (they would stay in the shell history and the
process list): they come from an environment variable named with --password-env / --pin-env, or
are asked for when the command runs in a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import say, warn
from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.errors import UserError

ROLE_CHOICES = [r.value for r in SignerRole]
OFFLINE_HELP = N_(
    "do not use the network this time, even if online checks or a timestamp server are set "
    "(anninh dossier online)"
)


def register(dossier_sub: Any, common: argparse.ArgumentParser) -> None:
    p = dossier_sub.add_parser("sign", parents=[common], help=_("sign a PDF (PAdES)"))
    p.add_argument("file", type=Path, help=_("the PDF to sign"))
    p.add_argument("--role", required=True, choices=ROLE_CHOICES, help=_("who signs"))
    p.add_argument("--out", type=Path, help=_("where to write the signed PDF (default: in place)"))
    key = p.add_argument_group(_("the key: a .p12/.pfx file or a token"))
    key.add_argument("--p12", type=Path, help=_("certificate file (.p12, .pfx)"))
    key.add_argument(
        "--password-env", metavar="VAR", help=_("environment variable with the password")
    )
    key.add_argument(
        "--pkcs11-module", type=Path, metavar="PATH", help=_("the token's PKCS#11 module")
    )
    key.add_argument("--token", metavar="LABEL", help=_("token label"))
    key.add_argument("--slot", type=int, help=_("token slot number (instead of --token)"))
    key.add_argument("--pin-env", metavar="VAR", help=_("environment variable with the token PIN"))
    key.add_argument(
        "--key-label", metavar="LABEL", help=_("label of the certificate on the token")
    )
    look = p.add_argument_group(_("appearance (Nghị định 30/2020)"))
    look.add_argument("--signature-image", type=Path, metavar="PNG", help=_("blue signature image"))
    look.add_argument("--seal-image", type=Path, metavar="PNG", help=_("red seal image"))
    look.add_argument("--seal-size-mm", type=float, help=_("the seal's real diameter in mm"))
    look.add_argument(
        "--stamp",
        choices=["image", "text"],
        help=_(
            "image: the images with the name and time (Nghị định 30); text: “Ký bởi / Chức vụ / "
            "Cơ quan / Thời gian ký”"
        ),
    )
    look.add_argument("--title", help=_("Chức vụ in the text stamp when the certificate has none"))
    look.add_argument(
        "--organisation", help=_("Cơ quan in the text stamp when the certificate has none")
    )
    p.add_argument(
        "--accept-incomplete-chain",
        action="store_true",
        help=_(
            "sign even when the certificate chain cannot be completed to a trusted root "
            "(receivers will see the signature as not trusted)"
        ),
    )
    p.add_argument("--offline", action="store_true", help=_(OFFLINE_HELP))
    p.set_defaults(handler=_sign)

    p = dossier_sub.add_parser("verify", parents=[common], help=_("verify the signatures of a PDF"))
    p.add_argument("file", type=Path)
    p.add_argument("--offline", action="store_true", help=_(OFFLINE_HELP))
    p.set_defaults(handler=_verify)

    p = dossier_sub.add_parser(
        "demo-cert", parents=[common], help=_("make a demo certificate to try signing")
    )
    p.add_argument("--name", help=_("the signer's name in the certificate"))
    p.set_defaults(handler=_demo_cert)


def secret(variable: str | None, prompt: str, option: str) -> str:
    if variable:
        value = os.environ.get(variable)
        if value is None:
            raise UserError(_("The environment variable {name} is not set.").format(name=variable))
        return nfc(value)
    if sys.stdin is not None and sys.stdin.isatty():
        return nfc(getpass.getpass(prompt))
    raise UserError(
        _(
            "Give the secret in an environment variable named with {option} VAR; it is never "
            "taken on the command line."
        ).format(option=option)
    )


def _signer_source(args: argparse.Namespace) -> Any:
    from anninh_desktop.services.signing.pkcs11_source import Pkcs11Source
    from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source

    if (args.p12 is None) == (args.pkcs11_module is None):
        raise UserError(_("Choose the key: either --p12 FILE or --pkcs11-module PATH."))
    if args.p12 is not None:
        password = secret(
            args.password_env, _("Password of the certificate file: "), "--password-env"
        )
        return Pkcs12Source(args.p12, password)
    pin = secret(args.pin_env, _("Token PIN: "), "--pin-env")
    return Pkcs11Source(
        args.pkcs11_module,
        pin=pin,
        token_label=args.token,
        slot=args.slot,
        key_label=args.key_label,
    )


def _print_report(report: Any) -> None:
    from anninh_desktop.services.signing.verify_texts import report_lines

    for line in report_lines(report):
        say(line)


def _sign(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.appearance import Appearance, StampKind
    from anninh_desktop.services.signing.chain import IncompleteChain
    from anninh_desktop.services.signing.office_signing import sign_and_verify

    source = _signer_source(args)
    appearance = None
    if args.signature_image or args.seal_image or args.stamp:
        appearance = Appearance(
            signature_image=args.signature_image,
            seal_image=args.seal_image,
            seal_diameter_mm=args.seal_size_mm,
            kind=StampKind(args.stamp or "image"),
            title=args.title or "",
            organisation=args.organisation or "",
        )
    ws = open_ws(data_dir)
    try:
        try:
            outcome = sign_and_verify(
                ws,
                args.file,
                args.out or args.file,
                signer=source,
                role=SignerRole(args.role),
                appearance=appearance,
                accept_incomplete_chain=args.accept_incomplete_chain,
                offline=args.offline,
            )
        except IncompleteChain as exc:
            raise UserError(
                exc.message + " " + _("To sign anyway, add --accept-incomplete-chain.")
            ) from None
    finally:
        ws.close()
    result = outcome.result
    say(
        _("Signed by {signer} into the field “{field}”: {path}").format(
            signer=result.signer, field=result.field_name, path=result.path
        )
    )
    if result.chain:
        say(_("Certificates embedded with it: {names}").format(names=" → ".join(result.chain)))
    if result.timestamp == "added":
        say(_("A timestamp from the timestamp server was added (PAdES-B-T)."))
    elif result.timestamp == "unreachable":
        warn(
            _(
                "The timestamp server did not answer: the signature has no timestamp (its time "
                "is this computer's clock)."
            )
        )
    if outcome.commander_named:
        say(
            _(
                "{name} is now the commander printed under the signatures of the next dossiers "
                "built here (anninh dossier signers to change it)."
            ).format(name=result.signer)
        )
    say()
    _print_report(outcome.report)
    return 0


def _verify(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.office_signing import verify_and_record

    ws = open_ws(data_dir)
    try:
        report = verify_and_record(ws, args.file, offline=args.offline)
    finally:
        ws.close()
    _print_report(report)
    return 0 if report.ok else 1


def _demo_cert(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.signing.demo_cert import DEMO_SIGNER_NAME, make_demo_certificate
    from anninh_desktop.services.signing.trust import trust_store_for

    ws = open_ws(data_dir)
    try:
        demo = make_demo_certificate(
            ws.root, trust_store_for(ws.root), ws.clock(), signer_name=args.name or DEMO_SIGNER_NAME
        )
    finally:
        ws.close()
    say(_("Demo certificate of {name}: {path}").format(name=demo.signer_name, path=demo.p12_path))
    say(_("Its password: {password}").format(password=demo.password))
    say(
        _("Its demo authority is now trusted on this computer only: {fingerprint}").format(
            fingerprint=demo.ca.info.fingerprint_display
        )
    )
    say(_("Try it (the password is asked for):"))
    say(f'  anninh dossier sign FILE.pdf --role commander --p12 "{demo.p12_path}"')
    return 0
