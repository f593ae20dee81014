"""Helpers of the sync tests: two offices, cards, and a full picture of a store."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.services.sync import container, identity, keys
from anninh_desktop.services.sync.payload import (
    Entry,
    Manifest,
    blob_entry,
    manifest_bytes,
    rows_entry,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import set_meta
from anninh_desktop.storage.sync_rows import current_counter, dump_synced

COMMUNE_CODE = "32092"


@dataclass
class Offices:
    a: Workspace  # Công an xã Hồ Thị Kỷ
    p: Workspace  # PV05, Công an tỉnh Cà Mau
    a_id: str
    p_id: str
    usb: Path


def commune_and_province(ws: Workspace) -> tuple[str, str]:
    row = ws.store.db.execute(
        "SELECT id, parent_id FROM unit WHERE code = ? AND kind = 'commune' AND valid_to IS NULL",
        [COMMUNE_CODE],
    ).fetchone()
    return row[0], row[1]


def new_installation(ws: Workspace) -> None:
    """A copied template folder shares the template's installation id: give this one its own."""
    with transaction(ws.store.db):
        set_meta(ws.store.db, "installation_id", uuid.uuid4().hex)


def introduce(x: Workspace, y: Workspace, folder: Path, *, trust: bool = True) -> None:
    """Exchange office cards between x and y."""
    folder.mkdir(parents=True, exist_ok=True)
    cx, cy = folder / "x.card.json", folder / "y.card.json"
    identity.export_card(x, cx)
    identity.export_card(y, cy)
    identity.import_card(y, cx, trust=trust)
    identity.import_card(x, cy, trust=trust)


def store_state(ws: Workspace) -> tuple[object, ...]:
    """Every synced and sync table, the blob list and the files in the blob temp folder."""
    temp = ws.store.blobs.temp_dir
    return (
        dump_synced(ws.store.db),
        list(ws.store.blobs.iter_hashes()),
        sorted(p.name for p in temp.iterdir()) if temp.exists() else [],
    )


def craft_package(
    sender: Workspace,
    recipient: Workspace,
    path: Path,
    *,
    tables: dict[str, list[dict[str, object]]] | None = None,
    blobs: dict[str, bytes] | None = None,
    entry_edit: Callable[[list[Entry]], list[Entry]] | None = None,
    payload_edit: Callable[[str, bytes], bytes] | None = None,
    signer: Workspace | None = None,
    chunk_size: int = 4096,
) -> Path:
    """A package signed by `sender` for `recipient`, built by hand (for malicious variants).

    `entry_edit` may rewrite the manifest's entries (names, sizes) and `payload_edit` the bytes of
    an entry, after the manifest was computed from the honest data. `signer`: the office whose
    own keys sign it (a forgery in `sender`'s name when it is another office).
    """
    me = identity.ensure_identity(sender)
    them = identity.ensure_identity(recipient)
    pairs = keys.load((signer or sender).root)
    assert pairs is not None
    package_id = os.urandom(16).hex()
    entries: list[Entry] = []
    data: dict[str, bytes] = {}
    for table, rows in (tables or {}).items():
        entry, stored = rows_entry(table, rows)
        entries.append(entry)
        data[entry.name] = stored
    for sha, content in (blobs or {}).items():
        entry = blob_entry(sha, len(content))
        entries.append(entry)
        data[entry.name] = content
    names = [e.name for e in entries]
    if entry_edit is not None:
        entries = entry_edit(entries)
    manifest = Manifest(
        format=container.FORMAT,
        package_id=package_id,
        sender=me.installation_id,
        recipient=them.installation_id,
        upto=current_counter(sender.store.db),
        since=0,
        created_at="2026-03-02T09:00:00+07:00",
        entries=tuple(entries),
    )
    key, sealing = container.seal_for_recipient(
        keys.encryption_public(them.encryption_public),
        package_id,
        me.installation_id,
        them.installation_id,
    )
    header = {
        "package_id": package_id,
        "sender": me.installation_id,
        "recipient": them.installation_id,
        **sealing,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        writer = container.ContainerWriter(out, header, key, pairs.signing, chunk_size=chunk_size)
        writer.write(manifest_bytes(manifest))
        for name in names:
            content = data[name]
            if payload_edit is not None:
                content = payload_edit(name, content)
            writer.write(content)
        writer.close()
    return path
