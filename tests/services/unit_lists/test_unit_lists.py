"""Lists of units from Excel/CSV: read, planned row by row, imported all or nothing, exported."""

from __future__ import annotations

import errno
import unicodedata
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE, table_counts
from openpyxl import Workbook, load_workbook

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.unit_lists import apply, files
from anninh_desktop.services.unit_lists.plan import RowStatus, plan_import
from anninh_desktop.services.unit_lists.reader import read_list
from anninh_desktop.services.workspace import Workspace


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _cp1258(text: str) -> bytes:
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258")
            out += parts[-1].encode("cp1258")
    return out


def _commune(ws: Workspace):
    return ws.store.units.by_code(MAIN_COMMUNE_CODE)


def _children(ws: Workspace) -> list[tuple[str, str, str]]:
    return sorted(
        (u.kind.value, u.name, u.subtype) for u in ws.store.units.children(_commune(ws).id)
    )


def test_every_row_is_planned_with_its_problem_and_duplicates_ignore_diacritics(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "ds.xlsx",
        [
            ["DANH SÁCH KHU DÂN CƯ, CƠ QUAN, DOANH NGHIỆP, NHÀ TRƯỜNG"],  # a title above
            ["Loai", "TEN", "Phân loại"],  # headers without marks, any case
            ["Khu dân cư", "Tân Điền", "ấp"],
            ["khu dan cu", "ap ba dieu", ""],  # "Ấp Bà Điều" is already there
            ["Doanh nghiệp", "Công ty TNHH Mới", ""],
            ["Doanh nghiep", "CÔNG TY TNHH MỚI", ""],  # repeats row 5
            ["Trường", "", ""],  # no name
            ["Chợ", "Chợ xã", ""],  # not a kind
            [None, None, None],  # blank: skipped
            ["Cơ sở giáo dục", "Trường Mầm non Sao Mai", "trường mầm non"],
        ],
    )
    plan = plan_import(demo_ws, _commune(demo_ws).id, read_list(path))
    by_row = {r.number: r for r in plan.rows}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 10]
    assert by_row[3].status is RowStatus.NEW and by_row[3].kind is UnitKind.RESIDENTIAL_AREA
    assert by_row[4].status is RowStatus.EXISTS and "Ấp Bà Điều" in by_row[4].message
    assert by_row[5].status is RowStatus.NEW and by_row[5].kind is UnitKind.ENTERPRISE
    assert by_row[6].status is RowStatus.REPEATED and "row 5" in by_row[6].message
    assert by_row[7].status is RowStatus.PROBLEM and "name is empty" in by_row[7].message
    assert by_row[8].status is RowStatus.PROBLEM and "“Chợ” is not a kind" in by_row[8].message
    assert by_row[10].status is RowStatus.NEW and by_row[10].kind is UnitKind.SCHOOL
    before = _children(demo_ws)
    with pytest.raises(UserError, match="problems"):
        apply.import_plan(demo_ws, plan)  # nothing until the file is right
    assert _children(demo_ws) == before


def test_a_clean_list_imports_in_one_step_and_again_adds_nothing(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "ds.csv"
    # Excel's CSV on a Vietnamese Windows: cp1258 (tone marks as combining marks), semicolons.
    path.write_bytes(
        _cp1258("Loại;Tên;Phân loại\nKhu dân cư;Tân Điền;ấp\nCơ quan;Trạm Y tế xã Hồ Thị Kỷ;\n")
    )
    commune = _commune(demo_ws)
    plan = plan_import(demo_ws, commune.id, read_list(path))
    assert [r.status for r in plan.rows] == [RowStatus.NEW, RowStatus.EXISTS]
    audit_before = demo_ws.store.audit.count() if hasattr(demo_ws.store.audit, "count") else None
    made = apply.import_plan(demo_ws, plan)
    assert [(u.name, u.subtype, u.parent_id) for u in made] == [("Tân Điền", "ấp", commune.id)]
    assert ("residential_area", "Tân Điền", "ấp") in _children(demo_ws)
    if audit_before is not None:
        assert demo_ws.store.audit.count() == audit_before + 1
    again = plan_import(demo_ws, commune.id, read_list(path))
    assert [r.status for r in again.rows] == [RowStatus.EXISTS, RowStatus.EXISTS]
    assert apply.import_plan(demo_ws, plan) == []  # a plan applied twice creates nothing twice


def test_an_import_that_fails_half_way_leaves_nothing(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _xlsx(
        tmp_path / "ds.xlsx",
        [["Loại", "Tên"], *[["Khu dân cư", f"Tổ {i}"] for i in range(1, 6)]],
    )
    plan = plan_import(demo_ws, _commune(demo_ws).id, read_list(path))
    counts = table_counts(demo_ws.root / "anninh.sqlite3")
    save = demo_ws.store.units.save
    calls = []

    def save_then_fail(unit, stamp):
        calls.append(unit)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        save(unit, stamp)

    monkeypatch.setattr(demo_ws.store.units, "save", save_then_fail)
    with pytest.raises(OSError):
        apply.import_plan(demo_ws, plan)
    monkeypatch.undo()
    assert table_counts(demo_ws.root / "anninh.sqlite3") == counts
    assert not any(u.name.startswith("Tổ ") for u in demo_ws.store.units.children(plan.commune_id))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 this is no workbook", "cannot be read as an Excel workbook"),
        (b"", "cannot be read as an Excel workbook"),
    ],
)
def test_a_damaged_workbook_is_refused_with_what_to_do(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_list(path)


def test_wrong_columns_name_what_is_expected(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "ds.xlsx", [["STT", "Họ và tên", "Địa chỉ"], [1, "Nguyễn Văn A", "x"]])
    with pytest.raises(UserError) as info:
        read_list(path)
    assert "“Loại”, “Tên”" in info.value.message and "“Họ và tên”" in info.value.message
    other = tmp_path / "ds.pdf"
    other.write_bytes(b"%PDF")
    with pytest.raises(UserError, match="neither an Excel workbook"):
        read_list(other)


def test_the_export_reads_back_as_the_same_list(demo_ws: Workspace, tmp_path: Path) -> None:
    commune = _commune(demo_ws)
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"xuat{suffix}"
        count = files.export_list(demo_ws, commune.id, path)
        assert count == len(demo_ws.store.units.children(commune.id))
        plan = plan_import(demo_ws, commune.id, read_list(path))
        assert len(plan.rows) == count
        assert all(r.status is RowStatus.EXISTS for r in plan.rows)


def test_the_template_reads_as_an_empty_list_and_explains_itself(tmp_path: Path) -> None:
    path = files.write_template(tmp_path / "mau.xlsx")
    assert read_list(path) == []
    wb = load_workbook(path)
    assert [c.value for c in wb.worksheets[0][1]] == ["Loại", "Tên", "Phân loại"]
    assert len(wb.worksheets) == 2


def test_an_export_to_a_full_disk_leaves_no_file(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl.workbook.workbook as wbmod

    def full(self, filename):
        Path(filename).write_bytes(b"part")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wbmod.Workbook, "save", full)
    usb = tmp_path / "usb"
    usb.mkdir()
    with pytest.raises(UserError, match="free space"):
        files.export_list(demo_ws, _commune(demo_ws).id, usb / "xuat.xlsx")
    assert list(usb.iterdir()) == []
