"""`anninh dossier …`: the group of dossier commands; each part registers its own subcommands.

`dossier_parts` lists the modules that add subcommands (build; signers; sign, verify,
demo-cert; drivers, tokens; trust, online). Each has `register(dossier_sub, common)` taking the
group's subparsers.
"""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any

from anninh_desktop.i18n import _


def dossier_parts() -> list[ModuleType]:
    from anninh_desktop.cli import (
        dossier_build,
        dossier_sign,
        dossier_signers,
        dossier_tokens,
        dossier_trust,
    )

    return [dossier_build, dossier_signers, dossier_sign, dossier_tokens, dossier_trust]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    parts = dossier_parts()
    if not parts:
        return
    p = sub.add_parser(
        "dossier", parents=[common], help=_("build, sign and verify the recognition dossier")
    )
    dossier_sub = p.add_subparsers(dest="dossier_command", required=True)
    for module in parts:
        module.register(dossier_sub, common)
