"""`anninh report missing`: the list in the terminal, the PDF and the Excel workbook."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader


def test_report_missing_for_the_demo_commune_with_its_units(run, demo_dir, tmp_path) -> None:
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    r = run(
        "report", "missing", "32092", "--with-units", "--data-dir", demo_dir, "--lang", "en",
        "--pdf", pdf, "--xlsx", xlsx,
    )  # fmt: skip
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0] == "Xã Hồ Thị Kỷ — 2026"
    assert "4 criteria not met, 25 not assessed yet, 2 without the evidence" in lines[1]
    assert any(line.startswith("Ấp Lung Lá") and "Not met; No evidence" in line for line in lines)
    assert f"Report written: {pdf}" in r.out
    assert len(PdfReader(pdf).pages) >= 2
    assert load_workbook(xlsx).sheetnames == ["Summary", "What is missing"]


def test_report_missing_for_one_unit_in_vietnamese(run, demo_dir) -> None:
    r = run("report", "missing", "Ấp Lung Lá", "--data-dir", demo_dir, "--lang", "vi")
    assert r.code == 0, r
    assert r.out.splitlines()[0] == "Ấp Lung Lá — 2026"
    assert "Chưa đạt; Thiếu minh chứng" in r.out
    assert "Xã Hồ Thị Kỷ" not in r.out
    assert not list(demo_dir.glob("reports/*"))  # no file unless asked for


def test_report_missing_needs_a_unit_or_the_area(run, demo_dir) -> None:
    r = run("report", "missing", "--data-dir", demo_dir, "--lang", "en")
    assert r.code == 1
    assert "--area" in r.err
    area = run("report", "missing", "--area", "--data-dir", demo_dir, "--lang", "en")
    assert area.code == 0, area
    assert area.out.splitlines()[0] == "All units — 2026"
