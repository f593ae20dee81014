"""`anninh movement …`: the registry, figures, roll-up and report from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

COMMUNE = "32092"
PROVINCE = "96"


@pytest.fixture
def run(run):
    """English messages (the assertions read them)."""
    return lambda *args: run(*args, "--lang", "en")


def _ready(run, data: Path) -> None:
    """A hamlet, a model, a site with a team, and figures of two half-years."""
    assert (
        run(
            "units",
            "--data-dir",
            data,
            "add",
            "--parent",
            COMMUNE,
            "--kind",
            "residential_area",
            "--subtype",
            "ấp",
            "--name",
            "Kinh Xáng Mới",
        ).code
        == 0
    )
    assert (
        run(
            "movement",
            "types",
            "--data-dir",
            data,
            "--add",
            "Tổ tuần tra nhân dân",
            "--field",
            "crime-prevention",
            "--unit",
            COMMUNE,
        ).code
        == 0
    )
    added = run(
        "movement",
        "site",
        "add",
        "--data-dir",
        data,
        "Kinh Xáng Mới",
        "--type",
        "tuan tra",
        "--name",
        "Tổ tuần tra ấp Kinh Xáng Mới",
        "--established",
        "05/01/2024",
    )
    assert added.code == 0, added
    team = run(
        "movement",
        "site",
        "team",
        "--data-dir",
        data,
        "tuần tra ấp Kinh Xáng Mới",
        "--name",
        "Tổ số 1",
        "--members",
        "8",
        "--member",
        "Nguyễn Văn Tư:Tổ trưởng",
    )
    assert team.code == 0, team
    for period, crime in (("2025-H1", 9), ("2026-H1", 5)):
        set_ = run(
            "movement",
            "figures",
            "--data-dir",
            data,
            COMMUNE,
            "--period",
            period,
            "--set",
            f"vu-pham-toi={crime}",
            "--set",
            "tin-bao-toi-pham=20",
        )
        assert set_.code == 0, set_


def test_registry_figures_and_rollup(run, seeded_dir: Path, tmp_path: Path) -> None:
    _ready(run, seeded_dir)
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(b"%PDF-1.4 quyet dinh thanh lap to tuan tra")
    doc = run(
        "movement",
        "site",
        "document",
        "--data-dir",
        seeded_dir,
        "tuần tra",
        scan,
        "--role",
        "founding-decision",
        "--number",
        "12/QĐ-UBND",
        "--date",
        "05/01/2024",
    )
    assert doc.code == 0 and "Founding decision" in doc.out
    sites = run("movement", "sites", "--data-dir", seeded_dir, COMMUNE)
    assert "Tổ tuần tra ấp Kinh Xáng Mới" in sites.out and "1 teams, 8 members" in sites.out
    assert "Missing: Regulations" in sites.out  # the dossier check
    assert "Missing: Founding decision" not in sites.out
    orgs = run(
        "movement",
        "orgs",
        "--data-dir",
        seeded_dir,
        "Kinh Xáng Mới",
        "--add",
        "Tổ hòa giải ấp Kinh Xáng Mới",
        "--kind",
        "mediation-team",
        "--members",
        "6",
    )
    assert orgs.code == 0 and "Tổ hòa giải ấp Kinh Xáng Mới" in orgs.out
    rollup = run(
        "movement",
        "rollup",
        "--data-dir",
        seeded_dir,
        PROVINCE,
        "--period",
        "2026-H1",
        "--by-commune",
    )
    assert rollup.code == 0, rollup
    lines = {line.split("  ")[0]: line for line in rollup.out.splitlines()}
    assert "9 → −4 (−44,4 %)" in lines["Vụ phạm tội"] or "9 → −4 (−44.4 %)" in lines["Vụ phạm tội"]
    assert lines["Tổ hòa giải"].split()[-1] == "1"
    assert "Xã Hồ Thị Kỷ" in rollup.out


def test_state_change_and_its_refusals(run, seeded_dir: Path) -> None:
    _ready(run, seeded_dir)
    refused = run(
        "movement",
        "site",
        "state",
        "--data-dir",
        seeded_dir,
        "tuần tra",
        "struck-off",
        "--on",
        "2026-02-01",
    )
    assert refused.code == 1 and "Say why the site is struck off" in refused.err
    done = run(
        "movement",
        "site",
        "state",
        "--data-dir",
        seeded_dir,
        "tuần tra",
        "struck-off",
        "--on",
        "2026-02-01",
        "--reason",
        "inadequate-dossier",
    )
    assert done.code == 0 and "Struck off" in done.out
    assert run("movement", "sites", "--data-dir", seeded_dir, "nowhere").code == 1
    bad = run("movement", "figures", "--data-dir", seeded_dir, COMMUNE, "--period", "2026-H2")
    assert bad.code == 2 and "2026-H1" in bad.err
    computed = run(
        "movement",
        "figures",
        "--data-dir",
        seeded_dir,
        COMMUNE,
        "--period",
        "2026",
        "--set",
        "so-diem-mo-hinh=3",
    )
    assert computed.code == 1 and "computed by the program" in computed.err


def test_report_pdf_and_excel(run, seeded_dir: Path, tmp_path: Path) -> None:
    _ready(run, seeded_dir)
    notes = tmp_path / "phuong-huong.txt"
    notes.write_text("Tiếp tục nhân rộng mô hình tổ tuần tra nhân dân.\n", encoding="utf-8")
    out, xlsx = tmp_path / "bc.pdf", tmp_path / "bc.xlsx"
    result = run(
        "movement",
        "report",
        "--data-dir",
        seeded_dir,
        COMMUNE,
        "--period",
        "2026-H1",
        "--out",
        out,
        "--xlsx",
        xlsx,
        "--date",
        "2026-05-20",
        "--notes",
        notes,
    )
    assert result.code == 0, result
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    text = text.replace("\u00a0", " ")
    assert "Vụ phạm tội: 5 vụ, giảm 4 vụ (−44,4 %)" in text
    assert "Tiếp tục nhân rộng mô hình tổ tuần tra nhân dân." in text
    assert "Hồ Thị Kỷ, ngày 20 tháng 5 năm 2026" in text
    assert load_workbook(xlsx).sheetnames[0] == "Số liệu"


def test_forms_list_validate_import(run, seeded_dir: Path, tmp_path: Path) -> None:
    listed = run("movement", "form", "--data-dir", seeded_dir, "list")
    assert "phong-trao-mac-dinh" in listed.out
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ncode: x\nversion: 1\ntitle: X\ngroups:\n  - key: a\n", "utf-8")
    checked = run("movement", "form", "--data-dir", seeded_dir, "validate", bad)
    assert checked.code == 1 and "bad.yaml:" in checked.err
