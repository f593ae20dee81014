"""Who signs the dossier's documents: the names printed under the signature space.

The templates leave the name as a line of dots ("……………………………") for the office to fill in.
The office keeps its signers' names in the data folder (the commander, the deputy who signs
"KT." for him, the meeting's secretary); a build prints them in place of the dots. When the
commander's name is not set, the first commander signature remembers the certificate's name, so
the next build prints it. A block still without a name is reported as a build warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from anninh_desktop.domain.text import nfc
from anninh_desktop.services.dossier.signer_settings import (
    SignerNames,
    remember_commander,
    save_signer_names,
    signer_names,
)
from anninh_desktop.services.dossier.texts import DocumentText, Signer

__all__ = [
    "SignerNames",
    "fill_signer_names",
    "is_empty_name",
    "remember_commander",
    "save_signer_names",
    "signer_names",
]

# A name line that is only dots, ellipses or underscores: the template's empty name.
_EMPTY_NAME = re.compile(r"^[\s.…_·]*$")
_SECRETARY = "THƯ KÝ"
_DEPUTY_PREFIX = "KT."


def is_empty_name(signer: Signer) -> bool:
    return not signer.name or all(_EMPTY_NAME.match(line) for line in signer.name)


def _name_for(signer: Signer, names: SignerNames) -> str:
    titles = [nfc(t).upper() for t in signer.titles]
    if any(_SECRETARY in t for t in titles):
        return names.secretary
    if any(t.startswith(_DEPUTY_PREFIX) for t in titles):
        return names.deputy
    return names.commander


def fill_signer_names(text: DocumentText, names: SignerNames) -> DocumentText:
    """The document with each empty name (a line of dots) replaced by the office's signer."""
    signers = []
    for signer in text.signers:
        name = _name_for(signer, names)
        if is_empty_name(signer) and name:
            signer = Signer(titles=signer.titles, name=(name,))
        signers.append(signer)
    return replace(text, signers=tuple(signers))
