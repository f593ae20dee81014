"""A commune named as displayed is found even when establishments carry its name in theirs."""

from __future__ import annotations

from pathlib import Path

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.units_service import create_child_unit, find_unit
from anninh_desktop.services.workspace import open_workspace


def test_commune_found_by_displayed_name_despite_namesakes(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "d")
    try:
        commune = ws.store.units.by_code("32092")
        assert commune is not None
        create_child_unit(ws, commune.id, UnitKind.AGENCY, "Trạm Y tế xã Hồ Thị Kỷ")
        create_child_unit(ws, commune.id, UnitKind.AGENCY, "Bưu điện văn hóa xã Hồ Thị Kỷ")
        assert find_unit(ws, "Xã Hồ Thị Kỷ").id == commune.id
        assert find_unit(ws, "xa ho thi ky").id == commune.id
        assert find_unit(ws, "Trạm Y tế xã Hồ Thị Kỷ").kind is UnitKind.AGENCY
    finally:
        ws.close()
