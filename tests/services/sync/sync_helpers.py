"""Helpers of the sync tests: two offices, cards, and a full picture of a store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_rows import dump_synced

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
