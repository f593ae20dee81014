"""Helpers of the sync window tests: two offices (a demo commune, a province) and their cards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_rows import dump_synced

COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ, Cà Mau
COMMUNE_OFFICE = "Công an xã Hồ Thị Kỷ"
PROVINCE_OFFICE = "Phòng PV05 Công an tỉnh Cà Mau"


@dataclass
class Offices:
    a: Workspace  # the commune (demo data)
    p: Workspace  # the province (reference data only)
    folder: Path  # cards and the "USB stick" go below it

    @property
    def a_id(self) -> str:
        return identity.ensure_identity(self.a).installation_id

    @property
    def p_id(self) -> str:
        return identity.ensure_identity(self.p).installation_id


def set_offices(a: Workspace, p: Workspace) -> None:
    commune = a.store.units.by_code(COMMUNE_CODE)
    assert commune is not None and commune.parent_id
    identity.set_office(a, COMMUNE_OFFICE, commune.id)
    identity.set_office(p, PROVINCE_OFFICE, commune.parent_id)


def card_of(ws: Workspace, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.card.json"
    identity.export_card(ws, path)
    return path


def introduce(offices: Offices, *, a_knows_p: bool = True, p_knows_a: bool = True) -> None:
    """Exchange and trust the cards through the services (the dialogs have their own tests)."""
    cards = offices.folder / "cards"
    if p_knows_a:
        identity.import_card(offices.p, card_of(offices.a, cards, "a"), trust=True)
    if a_knows_p:
        identity.import_card(offices.a, card_of(offices.p, cards, "p"), trust=True)


def store_state(ws: Workspace) -> tuple[object, ...]:
    """Every synced table, the blob list and the staging folder's files."""
    temp = ws.store.blobs.temp_dir
    return (
        dump_synced(ws.store.db),
        list(ws.store.blobs.iter_hashes()),
        sorted(p.name for p in temp.iterdir()) if temp.exists() else [],
    )
