"""The "còn thiếu gì" report's files on the demo commune: the PDF in the dossier's administrative
layout with right Vietnamese text, overdue first; the Excel workbook with typed cells; no file on
cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from openpyxl import load_workbook
from pypdf import PdfReader

from anninh_desktop import i18n
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.missing_report.build import build_missing_report, default_report_path
from anninh_desktop.services.missing_report.content import Scope


def _text(path: Path) -> str:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def _overdue_fixture(ws) -> str:
    """Ấp Đường Cuốc (in progress in the demo) gets a plan for 4.4.a, 12 days overdue."""
    commune = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    (unit,) = [u for u in ws.store.units.children(commune.id) if u.display_name == "Ấp Đường Cuốc"]
    (a,) = [a for a in ws.store.assessments.for_unit(unit.id) if a.year == 2026]
    due = date.fromordinal(ws.clock().date().toordinal() - 12)
    assessment_service.update_result(
        ws,
        a.id,
        "4.4.a",
        due_date=due,
        responsible="Nguyễn Văn Ân",
        remediation="Tổ chức họp dân, bổ sung biên bản",
    )
    return commune.id


def test_the_demo_commune_pdf_says_what_is_missing_in_vietnamese(demo_ws, tmp_path) -> None:
    i18n.set_language("vi")
    commune_id = _overdue_fixture(demo_ws)
    built = build_missing_report(
        demo_ws, commune_id, Scope.WITH_UNITS, pdf=tmp_path / "r.pdf", xlsx=tmp_path / "r.xlsx"
    )
    assert built.pages == len(PdfReader(built.pdf).pages) >= 2
    text = _text(built.pdf)
    today = demo_ws.clock().date()
    due = date.fromordinal(today.toordinal() - 12)
    for expected in (
        "CÔNG AN TỈNH CÀ MAU",
        "CÔNG AN XÃ HỒ THỊ KỶ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-CAX",
        f"Hồ Thị Kỷ, ngày {today.day:02d} tháng",
        "BÁO CÁO",
        "Những nội dung còn thiếu — Xã Hồ Thị Kỷ, năm 2026",
        "Tổng hợp theo đơn vị",
        "II. Quá hạn",
        "Nội dung còn thiếu của từng đơn vị",
        "Ấp Lung Lá",
        "Chưa đạt; Thiếu minh chứng (Nghị quyết (NQ), Bản đăng ký)",
        "Nguyễn Văn Ân",
        "Tổ chức họp dân, bổ sung biên bản",
        f"{due:%d/%m/%Y} — quá hạn 12 ngày",
        "Đề nghị Ủy ban nhân dân xã bố trí kinh phí",  # the demo's remediation of criterion 32
        "31/03/2027",
        "TRƯỞNG CÔNG AN XÃ",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    # overdue first: the overdue table comes before the unit-by-unit section
    assert text.index("quá hạn 12 ngày") < text.index("Nội dung còn thiếu của từng đơn vị")
    # the same inputs give the same bytes
    again = build_missing_report(demo_ws, commune_id, Scope.WITH_UNITS, pdf=tmp_path / "2.pdf")
    assert again.sha256 == built.sha256
    assert (tmp_path / "2.pdf").read_bytes() == built.pdf.read_bytes()


def test_the_workbook_lists_overdue_first_with_real_dates(demo_ws, tmp_path) -> None:
    commune_id = _overdue_fixture(demo_ws)
    built = build_missing_report(
        demo_ws, commune_id, Scope.WITH_UNITS, xlsx=tmp_path / "r.xlsx", write_pdf=False
    )
    assert built.pdf is None and not list(tmp_path.glob("*.pdf"))
    wb = load_workbook(built.xlsx)
    assert wb.sheetnames == ["Summary", "What is missing"]
    items = list(wb["What is missing"].iter_rows(values_only=True))
    assert items[0][:3] == ("Unit", "Criterion set", "Criterion")
    first = items[1]
    assert first[0] == "Ấp Đường Cuốc" and first[2] == "4.4.a"
    assert first[6] == "Nguyễn Văn Ân"
    assert first[7].date() == date.fromordinal(demo_ws.clock().date().toordinal() - 12)
    assert first[8] == 12
    assert len(items) - 1 == len(built.report.items)
    summary = list(wb["Summary"].iter_rows(values_only=True))
    assert len(summary) - 1 == len(built.report.sections)
    lung_la = [r for r in summary if r[0] == "Ấp Lung Lá"]
    assert lung_la and lung_la[0][5:8] == (1, 0, 1)  # not met, not assessed, no evidence


def test_default_file_name_and_cancel_leaves_no_file(demo_ws) -> None:
    commune_id = demo_ws.store.units.by_code(MAIN_COMMUNE_CODE).id
    calls: list[str] = []
    with pytest.raises(Cancelled):
        build_missing_report(
            demo_ws,
            commune_id,
            Scope.WITH_UNITS,
            progress=lambda d, t, s: calls.append(s),
            cancel=lambda: "pdf" in calls,
        )
    reports = demo_ws.root / "reports"
    assert not reports.exists() or not list(reports.iterdir())
    built = build_missing_report(demo_ws, commune_id, Scope.WITH_UNITS)
    assert built.pdf == default_report_path(demo_ws, built.report)
    assert built.pdf.name == "con-thieu-gi-xa-ho-thi-ky-va-don-vi-2026.pdf"
    assert built.pdf.is_file()


def test_cancel_while_the_pages_are_laid_out_leaves_no_file(demo_ws, tmp_path) -> None:
    from anninh_desktop.services.missing_report.content import missing_report
    from anninh_desktop.services.missing_report.pdf import render_report

    commune_id = demo_ws.store.units.by_code(MAIN_COMMUNE_CODE).id
    report = missing_report(demo_ws, commune_id, Scope.WITH_UNITS)
    asked: list[int] = []

    def cancel_on_the_third_table() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(Cancelled):
        render_report(demo_ws, report, cancel_on_the_third_table)
    assert len(asked) == 3  # asked between the tables, stopped at once
    calls: list[str] = []
    with pytest.raises(Cancelled):
        build_missing_report(
            demo_ws,
            commune_id,
            Scope.WITH_UNITS,
            pdf=tmp_path / "r.pdf",
            progress=lambda d, t, s: calls.append(s),
            cancel=lambda: "pdf" in calls,  # from the layout on: stopped inside it
        )
    assert not (tmp_path / "r.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
