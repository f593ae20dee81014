"""Setting a test data folder up as an office (its sync identity), as Sync ▸ This office does."""

from __future__ import annotations


def set_up_office(ws, kind: str) -> str:
    """Set this data folder up as the office of the demo's province ("province") or of its
    commune Xã Hồ Thị Kỷ ("commune"), as Sync ▸ This office does; returns the office's unit id."""
    from fixtures.workspaces import MAIN_COMMUNE_CODE

    from anninh_desktop.services.sync import identity

    commune = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    if kind == "province":
        identity.set_office(ws, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        return commune.parent_id
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", commune.id)
    return commune.id
