"""The .xlsx writer: typed cells, bold frozen headers, Vietnamese headers, no half-written files."""

from __future__ import annotations

import errno
from datetime import date, datetime
from pathlib import Path

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from openpyxl import load_workbook

from anninh_desktop import i18n
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.overview_stats import overview_stats, overview_tables
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import (
    Column,
    ColumnKind,
    Table,
    export_tables,
    sheet_name,
    write_atomically,
)


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def _table() -> Table:
    return Table(
        title="Hạn chót: 2026/11",
        columns=(
            Column("Đơn vị", width=30),
            Column("Số", ColumnKind.NUMBER),
            Column("Hạn", ColumnKind.DATE),
            Column("Tỉ lệ", ColumnKind.SHARE),
        ),
        rows=[("Ấp Thị Tường", 3, date(2026, 11, 15), 0.75), ("Xã Hồ Thị Kỷ", 0, None, None)],
    )


def test_cells_keep_their_types(tmp_path: Path) -> None:
    path = export_tables(tmp_path / "out.xlsx", [_table()])
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "Hạn chót- 2026-11"  # ':' and '/' are not allowed in sheet names
    assert [c.value for c in sheet[1]] == ["Đơn vị", "Số", "Hạn", "Tỉ lệ"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 30
    unit, number, deadline, share = sheet[2]
    assert unit.value == "Ấp Thị Tường"
    assert number.value == 3 and number.data_type == "n"
    assert deadline.is_date and deadline.value == datetime(2026, 11, 15)
    assert deadline.number_format == "DD/MM/YYYY"
    assert share.value == 0.75 and share.number_format == "0%"
    assert [c.value for c in sheet[3]][2:] == [None, None]


def test_sheet_names_are_unique_and_short() -> None:
    taken: set[str] = set()
    long = "Tiêu chí khó đạt nhất của bộ tiêu chí khu dân cư"
    first = sheet_name(long, taken)
    second = sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second and second.endswith("(2)")


def test_overview_workbook_has_vietnamese_headers(
    vietnamese, demo_ws: Workspace, tmp_path: Path
) -> None:
    commune = demo_ws.store.units.by_code(MAIN_COMMUNE_CODE)
    assert commune is not None
    stats = overview_stats(demo_ws, commune.id, 2026)
    path = export_tables(tmp_path / "tong-quan.xlsx", overview_tables(stats))
    book = load_workbook(path)
    states, criteria, deadlines = book.worksheets
    headers = [c.value for c in deadlines[1]]
    # Translated by the catalog already:
    assert headers[0] == "Đơn vị" and headers[2] == "Bộ tiêu chí" and headers[3] == "Trạng thái"
    assert headers[4] == "Chưa đạt" and headers[5] == "Chưa đánh giá"
    # The rest go through the same catalog (English until the lead translates them).
    assert headers[6] == _("Deadline") and headers[7] == _("Days left")
    assert [c.value for c in criteria[1]][3] == "Đạt"
    assert deadlines.max_row == len(stats.deadlines) + 1
    assert deadlines.cell(row=2, column=7).is_date
    assert states.cell(row=2, column=1).value == _("Registered")


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old report")

    def fill_the_disk(tmp: Path) -> None:
        tmp.write_bytes(b"half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserError) as raised:
        write_atomically(target, fill_the_disk)
    assert "No space left on device" in raised.value.message
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(
        UserError, match=r"failed \(No such file or directory\)\. Nothing was saved"
    ):
        export_tables(tmp_path / "gone" / "report.xlsx", [_table()])
    assert not (tmp_path / "gone").exists()
