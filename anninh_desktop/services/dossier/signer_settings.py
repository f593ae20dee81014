"""The names of the office's signers, kept in the data folder (see signers.py for their use)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from anninh_desktop.domain.text import nfc
from anninh_desktop.services.workspace import Workspace

_KEYS = {
    "commander": "dossier.signer.commander",
    "deputy": "dossier.signer.deputy",
    "secretary": "dossier.signer.secretary",
}


@dataclass(frozen=True)
class SignerNames:
    commander: str = ""  # Trưởng Công an (signs the Tờ trình and Báo cáo, chairs the meeting)
    deputy: str = ""  # Phó Trưởng Công an, who signs "KT. TRƯỞNG CÔNG AN"
    secretary: str = ""  # the meeting's secretary (Biên bản: THƯ KÝ)


def signer_names(ws: Workspace) -> SignerNames:
    return SignerNames(**{field: ws.store.meta(key, "") or "" for field, key in _KEYS.items()})


def save_signer_names(ws: Workspace, names: SignerNames) -> SignerNames:
    clean = SignerNames(**{field: " ".join(nfc(getattr(names, field)).split()) for field in _KEYS})
    for field, key in _KEYS.items():
        ws.store.set_meta(key, getattr(clean, field))
    return clean


def remember_commander(ws: Workspace, name: str) -> bool:
    """Keep the certificate's name as the commander's when none is set; True when kept."""
    current = signer_names(ws)
    if current.commander or not name.strip():
        return False
    save_signer_names(ws, replace(current, commander=name))
    return True
