"""Tables of plain rows written to an Excel workbook (openpyxl), one sheet per table.

Appraisers and leaders keep working in Excel, so cells keep their types: dates are real Excel dates,
shares are numbers shown as percentages, counts are numbers. The file appears only when it is
complete: it is written under a temporary name beside the target and then renamed.
"""

from __future__ import annotations

import enum
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

if TYPE_CHECKING:
    from openpyxl import Workbook

log = logging.getLogger(__name__)

Cell = str | int | float | date | None

# Excel refuses these in sheet names and allows at most 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31


class ColumnKind(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    SHARE = "share"  # a value between 0 and 1, shown as a percentage


_FORMATS = {
    ColumnKind.TEXT: "@",
    ColumnKind.NUMBER: "0",
    ColumnKind.DATE: "DD/MM/YYYY",
    ColumnKind.SHARE: "0%",
}


@dataclass(frozen=True)
class Column:
    header: str  # already translated
    kind: ColumnKind = ColumnKind.TEXT
    width: int = 12  # in characters


@dataclass(frozen=True)
class Table:
    title: str  # already translated; becomes the sheet name
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Cell]]


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name for a title (Excel's forbidden characters and 31-char limit)."""
    base = _SHEET_FORBIDDEN.sub("-", title).strip("'") or "Sheet"
    name = base[:_SHEET_MAX]
    n = 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: _SHEET_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def build_workbook(tables: Sequence[Table]) -> Workbook:
    """A workbook with one sheet per table: bold frozen header row, widths, typed cells."""
    # openpyxl takes ~0.4 s to import: only when a workbook is actually written, not at start-up.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.title, taken))
        ws.append([c.header for c in table.columns])
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for row in table.rows:
            ws.append(list(row))
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            if column.kind is ColumnKind.TEXT:
                continue
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = _FORMATS[column.kind]
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
    return wb


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary path)` and rename the result to `path`; on failure leave no file.

    Raises UserError with a message saying what went wrong (full disk, read-only folder, the file
    open in Excel, a removed USB stick).
    """
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        _discard(tmp)
        log.info("cannot write %s: %s", path, exc)
        raise UserError(
            _(
                "Cannot write “{path}”. Close the file if it is open in another program, "
                "or choose another folder."
            ).format(path=path)
        ) from exc
    except OSError as exc:
        _discard(tmp)
        log.info("cannot write %s: %s", path, exc)
        raise UserError(
            _(
                "Saving “{path}” failed ({reason}). Nothing was saved; check that the disk "
                "has free space and is still connected, then try again."
            ).format(path=path, reason=exc.strerror or exc)
        ) from exc


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:  # the disk may be gone altogether; nothing more can be done
        log.warning("could not remove %s", tmp)


def export_tables(path: Path, tables: Sequence[Table]) -> Path:
    """Write the tables to an .xlsx file at `path` (replaced if it exists); returns the path."""
    wb = build_workbook(tables)
    write_atomically(path, lambda tmp: wb.save(tmp))
    return path
