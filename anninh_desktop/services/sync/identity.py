"""This office's sync identity (created on first need), office cards, peers and trust."""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature

from anninh_desktop.domain.sync_vectors import canonical_json
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import keys, relocation
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import installation_id, next_stamp, set_meta
from anninh_desktop.storage.sync_repo import IdentityRecord, PeerRecord, SyncRepository
from anninh_desktop.storage.sync_rows import restamp_rows

log = logging.getLogger(__name__)

CARD_FORMAT = 1
CARD_KEY = "anninh_office_card"


@dataclass(frozen=True)
class Identity:
    installation_id: str
    office_name: str
    office_unit_id: str
    signing_public: str
    encryption_public: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing_public, self.encryption_public)


@dataclass(frozen=True)
class OfficeCard:
    installation_id: str
    office_name: str
    office_unit_id: str
    signing_public: str
    encryption_public: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing_public, self.encryption_public)

    def fields(self) -> dict[str, object]:
        return {
            CARD_KEY: CARD_FORMAT,
            "installation_id": self.installation_id,
            "office_name": self.office_name,
            "office_unit_id": self.office_unit_id,
            "signing_public": self.signing_public,
            "encryption_public": self.encryption_public,
        }


def repo(ws: Workspace) -> SyncRepository:
    return SyncRepository(ws.store.db)


def ensure_identity(ws: Workspace) -> Identity:
    """The identity; on first need the key pairs are made and the private keys saved."""
    r = repo(ws)
    record = r.identity()
    if record is None:
        pairs = keys.load(ws.root) or keys.generate()
        keys.save(ws.root, pairs)
        with transaction(ws.store.db):
            installation_id(ws.store.db)
            if r.identity() is None:
                r.create_identity(
                    IdentityRecord(
                        office_name="",
                        office_unit_id="",
                        signing_public=pairs.signing_public_hex,
                        encryption_public=pairs.encryption_public_hex,
                        created_at=ws.clock().isoformat(),
                    )
                )
        record = r.identity()
        assert record is not None
        relocation.record_place(ws)
        log.info("created the sync identity of %s", ws.root)
    return Identity(
        installation_id=installation_id(ws.store.db),
        office_name=record.office_name,
        office_unit_id=record.office_unit_id,
        signing_public=record.signing_public,
        encryption_public=record.encryption_public,
    )


# The key pairs last made, with what they were made from: (keys file, its bytes, the identity's
# public signing key). An export signs its rows, its audit claim and its acknowledgements; an
# import decrypts, then acknowledges: each asks for the keys, parsed once while the file's bytes
# and the identity stay the same.
_last_keys: tuple[tuple[str, bytes, str], keys.KeyPairs] | None = None


def private_keys(ws: Workspace) -> keys.KeyPairs:
    """The private keys, checked against the identity's public keys."""
    global _last_keys
    ident = ensure_identity(ws)
    path = keys.keys_path(ws.root)
    try:
        source: tuple[str, bytes, str] | None = (str(path), path.read_bytes(), ident.signing_public)
    except OSError:
        source = None
    if source is not None and _last_keys is not None and _last_keys[0] == source:
        return _last_keys[1]
    pairs = keys.load(ws.root)
    if pairs is None or pairs.signing_public_hex != ident.signing_public:
        raise UserError(
            _(
                "The sync keys of this data folder are missing ({path}); restore them from a "
                "backup of the data folder."
            ).format(path=keys.keys_path(ws.root))
        )
    _last_keys = (source, pairs) if source is not None else None
    return pairs


def new_installation_id_for_copy(ws: Workspace) -> Identity:
    """Make this data folder a new installation: new id and new key pairs, same office.

    For a copy of another PC's data folder (a second PC of the same office): without it both PCs
    would write under one id and their edits would look ordered instead of concurrent. The other
    offices must import the new office card.

    Edits made on the copy before this (with the command line, which does not ask) carry the old
    id: every row the old id changed since the folder was last seen at its own place is stamped
    anew with the new id, so it meets the original's edits of the same rows as a concurrent
    version (a conflict when they differ), never as an older or newer one. A copy is never silent.
    """
    old_id = installation_id(ws.store.db)
    since = relocation.place_counter(ws)
    pairs = keys.generate()
    keys.save(ws.root, pairs)
    with transaction(ws.store.db):
        set_meta(ws.store.db, "installation_id", uuid.uuid4().hex)
        if repo(ws).identity() is not None:
            repo(ws).set_keys(pairs.signing_public_hex, pairs.encryption_public_hex)
        stamp = next_stamp(ws.store.db)
        moved = restamp_rows(ws.store.db, old_id, stamp.columns(), since)
        ws.record(
            stamp,
            "sync.copy",
            "installation",
            stamp.installation,
            {"installation": old_id},
            {"installation": stamp.installation, "rows": moved, "since": since},
        )
    ident = ensure_identity(ws)
    relocation.record_place(ws)
    log.info(
        "%s is now installation %s (%d rows changed here since %d now carry it)",
        ws.root,
        ident.installation_id,
        moved,
        since,
    )
    return ident


def set_office(ws: Workspace, name: str, unit_id: str) -> Identity:
    """Name and unit of this office, e.g. "Công an xã Hồ Thị Kỷ" and the commune's unit id."""
    ensure_identity(ws)
    name = nfc(name.strip())
    if not name:
        raise UserError(_("Give the office name, e.g. “Công an xã …”."))
    if ws.store.db.execute("SELECT 1 FROM unit WHERE id = ?", [unit_id]).fetchone() is None:
        raise UserError(_("Unknown unit: {unit}").format(unit=unit_id))
    with transaction(ws.store.db):
        repo(ws).set_office(name, unit_id)
    return ensure_identity(ws)


def require_office(ws: Workspace) -> Identity:
    """The identity of an office that may exchange packages (named, and not an undecided copy)."""
    ident = ensure_identity(ws)
    relocation.require_not_relocated(ws)
    if not ident.office_unit_id:
        raise UserError(
            _("Set this office's name and unit first: “anninh sync identity --name … --unit …”.")
        )
    return ident


def own_card(ws: Workspace) -> OfficeCard:
    ident = require_office(ws)
    return OfficeCard(
        ident.installation_id,
        ident.office_name,
        ident.office_unit_id,
        ident.signing_public,
        ident.encryption_public,
    )


def export_card(ws: Workspace, path: Path) -> OfficeCard:
    """Write this office's card (public keys only, self-signed) to `path`."""
    card = own_card(ws)
    fields = card.fields()
    signature = private_keys(ws).signing.sign(canonical_json(fields).encode("utf-8"))
    data = {**fields, "fingerprint": card.fingerprint, "signature": signature.hex()}
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    return card


def read_card(path: Path) -> OfficeCard:
    """A card file, its self-signature checked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {
            k: data[k]
            for k in (
                CARD_KEY,
                "installation_id",
                "office_name",
                "office_unit_id",
                "signing_public",
                "encryption_public",
            )
        }
        card = OfficeCard(
            installation_id=str(fields["installation_id"]),
            office_name=nfc(str(fields["office_name"])),
            office_unit_id=str(fields["office_unit_id"]),
            signing_public=str(fields["signing_public"]),
            encryption_public=str(fields["encryption_public"]),
        )
        if fields[CARD_KEY] != CARD_FORMAT:
            raise ValueError("format")
        keys.encryption_public(card.encryption_public)
        keys.signing_public(card.signing_public).verify(
            bytes.fromhex(data["signature"]), canonical_json(fields).encode("utf-8")
        )
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, InvalidSignature) as exc:
        raise UserError(
            _("{path} is not a valid office card (damaged or edited).").format(path=path)
        ) from exc
    return card


def import_card(ws: Workspace, path: Path, *, trust: bool = False) -> PeerRecord:
    """Store the office of a card as a peer; trusted only when asked (after seeing the fingerprint).

    A card whose keys differ from the ones stored for that office makes it untrusted again.
    """
    card = read_card(path)
    ident = ensure_identity(ws)
    if card.installation_id == ident.installation_id:
        raise UserError(_("This is the card of this office itself."))
    r = repo(ws)
    old = r.peer(card.installation_id)
    same_keys = old is not None and (old.signing_public, old.encryption_public) == (
        card.signing_public,
        card.encryption_public,
    )
    peer = PeerRecord(
        installation_id=card.installation_id,
        office_name=card.office_name,
        office_unit_id=card.office_unit_id,
        signing_public=card.signing_public,
        encryption_public=card.encryption_public,
        fingerprint=card.fingerprint,
        trusted=trust or (same_keys and old is not None and old.trusted),
        acked_seq=0,
        last_export_seq=0,
        added_at=ws.clock().isoformat(),
    )
    with transaction(ws.store.db):
        r.save_peer(peer)
    found = r.peer(card.installation_id)
    assert found is not None
    return found


def trust_peer(ws: Workspace, peer_id: str, trusted: bool = True) -> PeerRecord:
    r = repo(ws)
    if r.peer(peer_id) is None:
        raise UserError(_("Unknown office: {peer}; import its card first.").format(peer=peer_id))
    with transaction(ws.store.db):
        r.set_trusted(peer_id, trusted)
    found = r.peer(peer_id)
    assert found is not None
    return found


def find_peer(ws: Workspace, key: str) -> PeerRecord:
    """A peer by installation id or a unique prefix of it."""
    peers = [p for p in repo(ws).peers() if p.installation_id.startswith(key.lower())]
    if len(peers) != 1:
        raise UserError(_("Unknown office: {peer}; see “anninh sync peers”.").format(peer=key))
    return peers[0]
