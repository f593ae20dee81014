"""Ack files: "I applied package P from you, up to your counter N", signed by the importer."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature

from anninh_desktop.domain.sync_vectors import canonical_json
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import keys, relocation
from anninh_desktop.services.sync.identity import ensure_identity, private_keys, repo
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction

ACK_FORMAT = 1
ACK_KEY = "anninh_ack"
ACK_SUFFIX = ".ansack"
MAX_ACK_SIZE = 64 << 10


@dataclass(frozen=True)
class AckResult:
    peer_id: str
    office_name: str
    package_id: str
    upto: int
    advanced: bool


def write_ack(ws: Workspace, package_id: str, sender_id: str, upto: int, folder: Path) -> Path:
    ident = ensure_identity(ws)
    fields = {
        ACK_KEY: ACK_FORMAT,
        "package_id": package_id,
        "from": ident.installation_id,
        "to": sender_id,
        "upto": upto,
    }
    signature = private_keys(ws).signing.sign(canonical_json(fields).encode("utf-8"))
    path = folder / f"anninh-ack-{package_id[:8]}{ACK_SUFFIX}"
    tmp = folder / f".{path.name}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump({**fields, "signature": signature.hex()}, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            _(
                "The package was applied, but the acknowledgement could not be written to "
                "{path}: {reason}. Import the package again to write it."
            ).format(path=folder, reason=exc.strerror or exc)
        ) from exc
    return path


def import_ack(ws: Workspace, path: Path) -> AckResult:
    """Check an ack file from a peer and advance that peer's watermark (never backwards)."""
    ident = ensure_identity(ws)
    relocation.require_not_relocated(ws)
    try:
        if path.stat().st_size > MAX_ACK_SIZE:
            raise ValueError("size")
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {k: data[k] for k in (ACK_KEY, "package_id", "from", "to", "upto")}
        signature = bytes.fromhex(data["signature"])
        upto = fields["upto"]
        if fields[ACK_KEY] != ACK_FORMAT or not isinstance(upto, int) or upto < 0:
            raise ValueError("format")
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise UserError(_("{path} is not a valid acknowledgement file.").format(path=path)) from exc
    if fields["to"] != ident.installation_id:
        raise UserError(
            _("{path} acknowledges a package of another office; nothing changed.").format(path=path)
        )
    peer = repo(ws).peer(str(fields["from"]))
    if peer is None or not peer.trusted:
        raise UserError(
            _("{path} comes from an office this office does not trust; nothing changed.").format(
                path=path
            )
        )
    try:
        keys.signing_public(peer.signing_public).verify(
            signature, canonical_json(fields).encode("utf-8")
        )
    except InvalidSignature as exc:
        raise UserError(
            _(
                "{path} is damaged or forged (its signature does not match); nothing changed."
            ).format(path=path)
        ) from exc
    with transaction(ws.store.db):
        advanced = repo(ws).advance_ack(peer.installation_id, upto)
        relocation.note_at_home(ws)
    return AckResult(
        peer.installation_id, peer.office_name, str(fields["package_id"]), upto, advanced
    )
