"""The report "Báo cáo kết quả thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc": PDF in the
dossier's layout with the computed figures, the same bytes twice, Excel with typed cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.movement_data import H1_2026
from openpyxl import load_workbook
from pypdf import PdfReader

from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.movement.report import build_report, default_report_path


def _text(path: Path) -> str:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_commune_report_says_what_the_data_says(ws, place, tmp_path: Path) -> None:
    report = build_report(ws, place.main.id, H1_2026, tmp_path / "bc.pdf", on=date(2026, 5, 20))
    text = _text(report.pdf)
    for expected in (
        "CÔNG AN TỈNH CÀ MAU",
        "CÔNG AN XÃ HỒ THỊ KỶ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: /BC-CAX",
        "Hồ Thị Kỷ, ngày 20 tháng 5 năm 2026",
        "Kết quả thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc 6 tháng đầu năm 2026",
        "từ ngày 16/11/2025 đến ngày 15/05/2026",
        "3/4 (75 %)",  # residential areas registered
        "2/3 (66,7 %)",  # schools registered
        "12/30 (40 %)",  # valuable tip-offs
        "Vụ phạm tội: 5 vụ, giảm 4 vụ (−44,4 %) so với cùng kỳ năm trước (9 vụ)",
        "không phải biểu mẫu chính thức",
        "Khắc phục trong kỳ: 31",
        "TRƯỞNG CÔNG AN XÃ",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert report.pages >= 3
    again = build_report(ws, place.main.id, H1_2026, tmp_path / "bc2.pdf", on=date(2026, 5, 20))
    assert again.sha256 == report.sha256  # same inputs, same bytes


def test_the_province_report_lists_its_communes_and_the_outlook(ws, place, tmp_path) -> None:
    report = build_report(
        ws, place.province.id, H1_2026, tmp_path / "tinh.pdf", xlsx=tmp_path / "tinh.xlsx"
    )
    text = _text(report.pdf)
    assert "BỘ CÔNG AN" in text and "CÔNG AN TỈNH CÀ MAU" in text and "GIÁM ĐỐC" in text
    assert "Số liệu tổng hợp từ báo cáo của 2/" in text
    assert "Vụ phạm tội: 8 vụ, giảm 3 vụ (−27,3 %)" in text
    assert "KẾT QUẢ CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU" in text
    assert "Xã Hồ Thị Kỷ Đã báo cáo" in text
    assert "Dự kiến không đạt" in text and "Còn thiếu: 33" in text
    wb = load_workbook(report.xlsx)
    sheet = wb["Số liệu"]
    rows = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    registered = rows["Khu dân cư đăng ký đạt tiêu chuẩn “An toàn về an ninh, trật tự”"]
    assert registered[4:7] == (5, 6, pytest.approx(5 / 6))
    crime = rows["Vụ phạm tội"]
    assert (crime[4], crime[8], crime[9]) == (8, 11, -3)
    assert crime[10] == pytest.approx(-3 / 11)
    assert sheet.cell(row=2, column=7).number_format == "0.0%"
    offices = list(wb["Các xã, phường, đặc khu"].iter_rows(min_row=2, values_only=True))
    assert ("Xã Hồ Thị Kỷ", "Đã báo cáo") == offices[[o[0] for o in offices].index("Xã Hồ Thị Kỷ")][
        :2
    ]


def test_a_cancelled_report_leaves_no_file_and_the_default_path_is_ascii(ws, place) -> None:
    path = default_report_path(ws, place.main.id, H1_2026)
    assert path.name == "bao-cao-phong-trao-xa-ho-thi-ky-2026-h1.pdf"
    steps: list[int] = []

    def cancel() -> bool:
        return len(steps) >= 2

    with pytest.raises(Cancelled):
        build_report(
            ws, place.main.id, H1_2026, progress=lambda d, t, s: steps.append(d), cancel=cancel
        )
    assert not path.exists()
    if path.parent.exists():
        assert not list(path.parent.iterdir())
