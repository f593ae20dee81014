"""Identity on first need, private keys owner-only, office cards, explicit trust."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity, keys
from anninh_desktop.services.workspace import Workspace


def test_identity_is_made_once_and_keys_stay_private(ws: Workspace, tmp_path: Path) -> None:
    first = identity.ensure_identity(ws)
    assert identity.ensure_identity(ws) == first
    assert re.fullmatch(r"(?:[0-9A-F]{4} ){9}[0-9A-F]{4}", first.fingerprint)
    path = keys.keys_path(ws.root)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    card = tmp_path / "card.json"
    with pytest.raises(UserError, match="office's name and unit"):
        identity.export_card(ws, card)
    commune = ws.store.units.by_code("32092")
    assert commune is not None
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", commune.id)
    identity.export_card(ws, card)
    text = card.read_text(encoding="utf-8")
    private = json.loads(path.read_text())
    assert private["signing_private"] not in text and private["encryption_private"] not in text
    assert json.loads(text)["fingerprint"] == first.fingerprint
    assert "Hồ Thị Kỷ" in text


def test_card_import_trust_and_tampering(ws: Workspace, tmp_path: Path) -> None:
    other_root = tmp_path / "other"
    import shutil

    from fixtures.workspaces import open_folder

    shutil.copytree(ws.root, other_root)
    other = open_folder(other_root)
    try:
        from sync_helpers import new_installation

        new_installation(other)
        province = other.store.units.by_code("96")
        assert province is not None
        identity.set_office(other, "Phòng PV05", province.id)
        card = tmp_path / "p.json"
        identity.export_card(other, card)
    finally:
        other.close()

    peer = identity.import_card(ws, card)
    assert not peer.trusted
    assert identity.trust_peer(ws, peer.installation_id).trusted
    # Importing the same card again keeps the trust; a card with other keys loses it.
    assert identity.import_card(ws, card).trusted

    data = json.loads(card.read_text(encoding="utf-8"))
    for field, value in (("office_name", "Kẻ giả mạo"), ("signing_public", "00" * 32)):
        forged = tmp_path / f"forged-{field}.json"
        forged.write_text(json.dumps({**data, field: value}), encoding="utf-8")
        with pytest.raises(UserError, match="not a valid office card"):
            identity.import_card(ws, forged)
    assert identity.repo(ws).peer(peer.installation_id).office_name == "Phòng PV05"  # type: ignore[union-attr]


def test_the_private_keys_are_parsed_once_while_their_file_stays_the_same(
    ws: Workspace, tmp_path: Path
) -> None:
    first = identity.private_keys(ws)
    assert identity.private_keys(ws) is first  # an export asks three times: parsed once
    path = keys.keys_path(ws.root)
    kept = path.read_bytes()
    # Another office's keys put in place: refused at once, not hidden by the kept ones.
    keys.save(ws.root, keys.generate())
    with pytest.raises(UserError, match="sync keys"):
        identity.private_keys(ws)
    path.write_bytes(kept)
    assert identity.private_keys(ws).signing_public_hex == first.signing_public_hex
    path.unlink()
    with pytest.raises(UserError, match="missing"):
        identity.private_keys(ws)
