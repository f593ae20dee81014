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


def test_the_dossier_report_carries_the_lines(ws, place) -> None:
    from anninh_desktop.services.dossier.texts import default_text

    figures.set_figures(ws, place.main.id, ReportPeriod(2026), {"vu-pham-toi": 6})
    [assessment] = [a for a in ws.store.assessments.for_unit(place.main.id) if a.year == 2026]
    text = default_text(ws, assessment.id, "BC")
    assert "**III. KẾT QUẢ THỰC HIỆN PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC**" in text
    for line in movement_lines(ws, place.main.id, 2026):
        assert line in text
    hamlet = ws.store.assessments.for_unit(place.areas[0].id)[0]
    assert "Chưa có số liệu phong trào của kỳ này trong chương trình." in default_text(
        ws, hamlet.id, "BC"
    )
