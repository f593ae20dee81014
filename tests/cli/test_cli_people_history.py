"""The command line for officers, history, evidence links and versions, overview and work status."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fixtures.cli_runner import Anninh
from fixtures.workspaces import open_folder

from anninh_desktop.domain.assessments import WorkStatus

EN = ("--lang", "en")
AREA = "Ấp Cây Khô"


def _in(folder: Path) -> tuple[str, ...]:
    return ("--data-dir", str(folder), *EN)


@pytest.fixture
def area(run: Anninh, seeded_dir: Path) -> str:
    added = run(
        "units", "add", "--parent", "32092", "--kind", "residential_area",
        "--name", "Cây Khô", "--subtype", "ấp", *_in(seeded_dir),
    )  # fmt: skip
    assert added.code == 0, added.err
    registered = run(
        "register", "Cây Khô", "--set", "tt124-khu-dan-cu", "--year", "2026", *_in(seeded_dir)
    )
    assert registered.code == 0, registered.err
    return AREA


def test_people_add_list_use_and_names_on_changes(run: Anninh, seeded_dir: Path, area: str) -> None:
    added = run(
        "people", "add", "Nguyễn Văn An", "--rank", "Đại úy", "--position", "Trưởng Công an xã",
        "--pin", "2468", *_in(seeded_dir),
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "Added Đại úy Nguyễn Văn An" in added.out
    assert run("people", "add", "Trần Thị Bình", "--pin", "12", *_in(seeded_dir)).code == 1
    listed = run("people", "list", *_in(seeded_dir))
    assert "Nguyễn Văn An" in listed.out and "Trần Thị Bình" not in listed.out  # bad PIN: not added
    assert "yes" in listed.out

    wrong = run("people", "use", "Nguyễn Văn An", "--pin", "0000", *_in(seeded_dir))
    assert wrong.code == 1 and "PIN is not right" in wrong.err
    assert "Nobody" in run("people", "who", *_in(seeded_dir)).out
    used = run("people", "use", "nguyễn văn an", "--pin", "2468", *_in(seeded_dir))
    assert used.code == 0, used.err
    assert run("people", "who", *_in(seeded_dir)).out.strip() == "Đại úy Nguyễn Văn An"

    changed = run("result", "set", area, "4.2", "met", *_in(seeded_dir))
    assert changed.code == 0, changed.err
    history = run("history", area, "-c", "4.2", *_in(seeded_dir))
    assert history.code == 0, history.err
    assert "Đại úy Nguyễn Văn An" in history.out
    assert "Result: Not assessed → Met" in history.out
    assert "The log is intact" in history.out

    assert run("people", "use", "--nobody", *_in(seeded_dir)).code == 0
    run("result", "set", area, "4.5", "met", *_in(seeded_dir))
    ws = open_folder(seeded_dir)
    try:
        names = [e.officer_name for e in ws.store.audit.events() if e.action == "result.update"]
    finally:
        ws.close()
    assert names == ["Đại úy Nguyễn Văn An", ""]

    assert run("people", "edit", "Nguyễn Văn An", "--rank", "Thiếu tá", *_in(seeded_dir)).code == 0
    assert run("people", "pin", "Nguyễn Văn An", "--clear", *_in(seeded_dir)).code == 0
    removed = run("people", "remove", "Nguyễn Văn An", *_in(seeded_dir))
    assert removed.code == 0 and "history keeps their name" in removed.out
    assert "Nguyễn Văn An" in run("people", "list", "--removed", *_in(seeded_dir)).out
    assert run("people", "remove", "Lê Văn Cường", *_in(seeded_dir)).code == 1


def test_check_covers_officers_and_their_events(run: Anninh, seeded_dir: Path, area: str) -> None:
    run("people", "add", "Nguyễn Văn An", "--rank", "Đại úy", *_in(seeded_dir))
    run("people", "use", "Nguyễn Văn An", *_in(seeded_dir))
    run("result", "set", area, "4.2", "met", *_in(seeded_dir))
    clean = run("check", *_in(seeded_dir))
    assert clean.code == 0, clean.out + clean.err
    # an officer's name changed behind the program's back is found
    conn = sqlite3.connect(seeded_dir / "anninh.sqlite3")
    conn.execute("UPDATE officer SET name = 'Người khác'")
    conn.commit()
    conn.close()
    tampered = run("check", *_in(seeded_dir))
    assert tampered.code == 1
    assert "officer" in tampered.out + tampered.err and "name" in tampered.out + tampered.err


def test_result_set_work_status(run: Anninh, seeded_dir: Path, area: str) -> None:
    only_status = run("result", "set", area, "4.1", "--work-status", "done", *_in(seeded_dir))
    assert only_status.code == 0, only_status.err
    assert "4.1: Not assessed" in only_status.out and "Work status: Done" in only_status.out
    both = run(
        "result", "set", area, "4.2", "met", "--work-status", "in_progress", *_in(seeded_dir)
    )
    assert both.code == 0, both.err
    nothing = run("result", "set", area, "4.5", *_in(seeded_dir))
    assert nothing.code == 1 and "Nothing to change" in nothing.err
    bad = run("result", "set", area, "4.5", "--work-status", "finished", *_in(seeded_dir))
    assert bad.code == 2
    ws = open_folder(seeded_dir)
    try:
        unit = ws.store.units.search("cay kho")[0]
        (a,) = ws.store.assessments.for_unit(unit.id)
        results = ws.store.assessments.results(a.id)
    finally:
        ws.close()
    assert results["4.1"].work_status is WorkStatus.DONE
    assert results["4.2"].work_status is WorkStatus.IN_PROGRESS


def test_evidence_list_link_unlink_and_revision(
    run: Anninh, seeded_dir: Path, area: str, tmp_path: Path
) -> None:
    document = tmp_path / "ke-hoach.pdf"
    document.write_bytes(b"%PDF-1.7 ke hoach 1")
    added = run(
        "evidence", "add", area, document, "-c", "4.1", "--title", "Kế hoạch tuần tra",
        *_in(seeded_dir),
    )  # fmt: skip
    assert added.code == 0, added.err
    linked = run(
        "evidence", "link", area, "ke hoach tuan tra", "-c", "4.2", "-c", "4.1", *_in(seeded_dir)
    )
    assert linked.code == 0, linked.err
    assert "Linked “Kế hoạch tuần tra” to 4.2." in linked.out
    assert "was already linked to 4.1" in linked.out
    listed = run("evidence", "list", area, *_in(seeded_dir))
    assert "Kế hoạch tuần tra" in listed.out and "4.1, 4.2" in listed.out
    item_id = listed.out.splitlines()[2].split()[0]

    unlinked = run("evidence", "unlink", area, item_id, "-c", "4.1", *_in(seeded_dir))
    assert unlinked.code == 0 and "Unlinked" in unlinked.out
    again = run("evidence", "unlink", area, item_id, "-c", "4.1", *_in(seeded_dir))
    assert "was not linked to 4.1" in again.out
    assert run("evidence", "link", area, item_id, "-c", "9.9", *_in(seeded_dir)).code == 1
    assert run("evidence", "link", area, "no such thing", "-c", "4.1", *_in(seeded_dir)).code == 1

    newer = tmp_path / "ke-hoach-sua.pdf"
    newer.write_bytes(b"%PDF-1.7 ke hoach 2")
    revised = run("evidence", "revision", area, item_id, newer, *_in(seeded_dir))
    assert revised.code == 0, revised.err
    assert "now has version 2 (ke-hoach-sua.pdf)" in revised.out
    missing = run("evidence", "revision", area, item_id, tmp_path / "nope.pdf", *_in(seeded_dir))
    assert missing.code == 1 and "File not found" in missing.err

    history = run("history", area, "-c", "4.1", "--kind", "evidence", *_in(seeded_dir))
    assert "Evidence unlinked from a criterion" in history.out
    assert "Evidence linked to a criterion" in history.out
    assert "Result changed" not in history.out


def test_history_filters_and_excel(
    run: Anninh, seeded_dir: Path, area: str, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    run("result", "set", area, "4.2", "met", "--note", "Đủ tài liệu", *_in(seeded_dir))
    run("result", "set", area, "4.5", "not_met", "--remediation", "Họp dân", *_in(seeded_dir))
    found = run("history", area, "--search", "hop dan", *_in(seeded_dir))
    assert "Remediation plan: Họp dân" in found.out and "Đủ tài liệu" not in found.out
    none = run("history", area, "--until", "2000-01-01", *_in(seeded_dir))
    assert "No changes recorded" in none.out
    target = tmp_path / "lich-su"
    written = run("history", area, "--assessment", "--xlsx", target, *_in(seeded_dir))
    assert written.code == 0, written.err
    rows = list(
        openpyxl.load_workbook(target.with_suffix(".xlsx")).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "Seq" and any(r[5] == "Criterion 4.5" for r in rows[1:])
    assert run("history", area, "-c", "9.9", *_in(seeded_dir)).code == 1


def test_history_in_vietnamese(run: Anninh, seeded_dir: Path, area: str) -> None:
    run("result", "set", area, "4.2", "met", *_in(seeded_dir))
    shown = run("history", area, "-c", "4.2", "--data-dir", seeded_dir, "--lang", "vi")
    assert "Kết quả: Chưa đánh giá → Đạt" in shown.out
    assert "Nhật ký còn nguyên vẹn" in shown.out


def test_overview_and_its_excel_export(run: Anninh, demo_dir: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    shown = run("overview", "32092", "--year", "2026", *_in(demo_dir))
    assert shown.code == 0, shown.err
    assert shown.out.startswith("Xã Hồ Thị Kỷ, 2026:")
    assert "Not registered" in shown.out and "Days left" in shown.out
    target = tmp_path / "tong-quan.xlsx"
    written = run("overview", "32092", "--year", "2026", "--xlsx", target, *_in(demo_dir))
    assert written.code == 0, written.err
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Units by state", "Criteria", "Deadlines"]
    assert book["Deadlines"].max_row > 1
    everything = run("overview", *_in(demo_dir))
    assert everything.code == 0 and everything.out.startswith("All units, 2026")
    assert run("overview", "no such unit", *_in(demo_dir)).code == 1


def test_history_kinds_are_the_services_categories() -> None:
    from anninh_desktop.cli.history_command import KINDS
    from anninh_desktop.services.history.describe import CATEGORIES

    assert KINDS == tuple(sorted(CATEGORIES))
