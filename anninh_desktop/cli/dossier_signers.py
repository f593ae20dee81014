"""`anninh dossier signers [--commander NAME] [--deputy NAME] [--secretary NAME]`: the names
printed under the signature spaces of the dossier's documents (kept in the data folder)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import say
from anninh_desktop.i18n import _


def register(dossier_sub: Any, common: argparse.ArgumentParser) -> None:
    p = dossier_sub.add_parser(
        "signers", parents=[common], help=_("the signers' names printed in the documents")
    )
    p.add_argument("--commander", metavar="NAME", help=_("the commander (Trưởng Công an)"))
    p.add_argument("--deputy", metavar="NAME", help=_("the deputy who signs “KT.”"))
    p.add_argument("--secretary", metavar="NAME", help=_("the meeting's secretary (Biên bản)"))
    p.set_defaults(handler=_signers)


def _signers(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.dossier.signer_settings import save_signer_names, signer_names

    ws = open_ws(data_dir)
    try:
        names = signer_names(ws)
        changes = {
            field: getattr(args, field)
            for field in ("commander", "deputy", "secretary")
            if getattr(args, field) is not None
        }
        if changes:
            names = save_signer_names(ws, replace(names, **changes))
    finally:
        ws.close()
    unset = _("(not set: printed as a dotted line)")
    say(_("Commander: {name}").format(name=names.commander or unset))
    say(_("Deputy (KT.): {name}").format(name=names.deputy or unset))
    say(_("Secretary: {name}").format(name=names.secretary or unset))
    if changes:
        say(_("The next dossier built prints these names."))
    return 0
