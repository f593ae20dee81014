"""Reading a list file (.xlsx or .csv) into rows of text with their row numbers, nothing decided.

A file that cannot be read at all (damaged workbook, unknown encoding, no header with the needed
columns) is refused with a message saying what to do; row-by-row problems are the plan's job.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.unit_lists.columns import (
    COL_KIND,
    COL_NAME,
    COL_SUBTYPE,
    REQUIRED,
    TEMPLATE_HEADERS,
    column_of,
)

log = logging.getLogger(__name__)

MAX_ROWS = 5000
HEADER_SEARCH = 10  # rows looked at for the header
MAX_BYTES = 20 << 20
SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class RawRow:
    number: int  # as the spreadsheet program shows it (header = 1 when it is the first row)
    kind: str
    name: str
    subtype: str


def read_list(path: Path) -> list[RawRow]:
    """The rows of a list file under its header row; blank rows are skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            _("{path} is neither an Excel workbook (.xlsx) nor a CSV file.").format(path=path)
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    if size > MAX_BYTES:
        raise UserError(_("{path} is too large for a list of units.").format(path=path))
    table = _xlsx_cells(path) if suffix == ".xlsx" else _csv_cells(path)
    return _rows(table, path)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(" ".join(str(value).split()))


def _xlsx_cells(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # ~0.4 s: only when a list is read

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors alike: the file is not a workbook
        log.info("cannot open %s as a workbook: %s", path, exc)
        raise UserError(
            _(
                "{path} cannot be read as an Excel workbook (it may be damaged or of another "
                "kind). Open it in Excel and save it again as .xlsx, or use the template."
            ).format(path=path)
        ) from exc
    try:
        sheet = wb.worksheets[0]
        out: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            out.append([_text(v) for v in row])
            if len(out) > MAX_ROWS + 50:
                break
        return out
    except Exception as exc:
        log.info("cannot read the sheet of %s: %s", path, exc)
        raise UserError(
            _(
                "{path} cannot be read as an Excel workbook (it may be damaged or of another "
                "kind). Open it in Excel and save it again as .xlsx, or use the template."
            ).format(path=path)
        ) from exc
    finally:
        wb.close()


def _csv_cells(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258"):  # Excel on a Vietnamese Windows saves either
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes nearly anything
        raise UserError(_("{path} is not a text file.").format(path=path))
    if "\x00" in text:
        raise UserError(_("{path} is not a text file.").format(path=path))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[_text(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]


def _columns(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(row):
        column = column_of(header)
        if column is not None and column not in columns:
            columns[column] = index
    return columns


def _rows(table: list[list[str]], path: Path) -> list[RawRow]:
    filled = [i for i, row in enumerate(table) if any(row)]
    if not filled:
        raise UserError(_("{path} is empty.").format(path=path))
    # The header is the first row naming the needed columns: a title ("DANH SÁCH …") may stand
    # above it, as in most lists typed in Excel.
    header_at = next(
        (i for i in filled[:HEADER_SEARCH] if all(c in _columns(table[i]) for c in REQUIRED)),
        filled[0],
    )
    columns = _columns(table[header_at])
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise UserError(
            _(
                "The first row of {path} must name the columns {expected}; it has: {found}. "
                "Download the template and copy the list into it."
            ).format(
                path=path,
                expected=", ".join(f"“{TEMPLATE_HEADERS[c]}”" for c in REQUIRED),
                found=", ".join(f"“{h}”" for h in table[header_at] if h) or "—",
            )
        )
    body = table[header_at + 1 :]
    if sum(1 for row in body if any(row)) > MAX_ROWS:
        raise UserError(
            _("{path} has more than {count} rows; split the list.").format(
                path=path, count=MAX_ROWS
            )
        )

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    return [
        RawRow(header_at + 2 + i, cell(row, COL_KIND), cell(row, COL_NAME), cell(row, COL_SUBTYPE))
        for i, row in enumerate(body)
        if any(row)
    ]
