"""The template to fill in, and the export of a commune's list in the same columns (so that an
exported list, corrected, can be imported into another data folder)."""

from __future__ import annotations

import csv
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.unit_lists.columns import (
    COL_KIND,
    COL_NAME,
    COL_SUBTYPE,
    KIND_WORDS,
    TEMPLATE_HEADERS,
)
from anninh_desktop.services.unit_lists.plan import current_commune
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import Column, Table, build_workbook, write_atomically

ORDER = (COL_KIND, COL_NAME, COL_SUBTYPE)
WIDTHS = {COL_KIND: 18, COL_NAME: 40, COL_SUBTYPE: 18}
EXAMPLES = (
    ("Khu dân cư", "Tân Điền", "ấp"),
    ("Cơ quan", "Trạm Y tế xã", ""),
    ("Doanh nghiệp", "Công ty TNHH Thủy sản Minh Phú", ""),
    ("Cơ sở giáo dục", "Trường Tiểu học Hồ Thị Kỷ", "Trường tiểu học"),
)


def _columns() -> tuple[Column, ...]:
    return tuple(Column(TEMPLATE_HEADERS[c], width=WIDTHS[c]) for c in ORDER)


def write_template(path: Path) -> Path:
    """An empty list with its header, and a second sheet explaining the columns with examples."""
    help_rows = [
        [_("Kind: one of {kinds}.").format(kinds=", ".join(KIND_WORDS.values()))],
        [_("Name: the unit's name, as it should appear in the dossier.")],
        [_("Subtype (may be left empty): ấp, khóm, tổ dân phố, trường tiểu học…")],
        [_("One unit a row; units the commune already has are recognised and left alone.")],
        [""],
        *[list(e) for e in EXAMPLES],
    ]
    tables = [
        Table(_("List of units"), _columns(), []),
        Table(_("How to fill in"), (Column(_("Explanation"), width=90),), help_rows),
    ]
    return _write(path, tables, [])


def export_list(ws: Workspace, commune_id: str, path: Path) -> int:
    """The commune's current residential areas and establishments, in the template's columns."""
    commune = current_commune(ws, commune_id)
    units = [u for u in ws.store.units.children(commune.id) if u.kind in KIND_WORDS]
    units.sort(key=lambda u: (list(KIND_WORDS).index(u.kind), u.name))
    rows = [[KIND_WORDS[u.kind], u.name, u.subtype] for u in units]
    _write(path, [Table(_("List of units"), _columns(), rows)], rows)
    return len(rows)


def _write(path: Path, tables: list[Table], rows: list[list[str]]) -> Path:
    if path.suffix.lower() == ".csv":

        def write_csv(tmp: Path) -> None:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                out = csv.writer(fh)
                out.writerow([TEMPLATE_HEADERS[c] for c in ORDER])
                out.writerows(rows)

        write_atomically(path, write_csv)
        return path
    wb = build_workbook(tables)
    write_atomically(path, lambda tmp: wb.save(tmp))
    return path
