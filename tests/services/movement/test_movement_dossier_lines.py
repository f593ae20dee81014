"""The commune's dossier Báo cáo draws its movement figures from the same data as the report."""

from __future__ import annotations

from fixtures.movement_data import H1_2025, H1_2026

from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.services.movement import figures
from anninh_desktop.services.movement.dossier_figures import movement_lines


def test_lines_of_the_year_come_from_the_registry_and_the_figures(ws, place) -> None:
    assert H1_2026.year == 2026 and H1_2025.year == 2025
    figures.set_figures(ws, place.main.id, ReportPeriod(2026), {"vu-pham-toi": 6})
    figures.set_figures(ws, place.main.id, ReportPeriod(2025), {"vu-pham-toi": 10})
    lines = movement_lines(ws, place.main.id, 2026)
    assert "- Điểm mô hình đang hoạt động: 2 điểm." in lines
    assert "- Thành viên các tổ: 25 người." in lines
    assert "- Tổ hòa giải: 2 tổ." in lines
    assert "- Vụ phạm tội: 6 vụ, giảm 4 vụ (−40 %) so với cùng kỳ năm trước (10 vụ)." in lines
    assert not any(": 0 " in line for line in lines)  # nothing to say is not said
    assert movement_lines(ws, place.areas[0].id, 2026) == []  # a hamlet's dossier: none
    empty = ws.store.units.by_code("32191")  # a commune of Cà Mau with nothing recorded
    assert movement_lines(ws, empty.id, 2026) == []
