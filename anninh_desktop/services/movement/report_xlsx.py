"""The movement report's figures as an Excel workbook: every figure with its total, share, the same
period a year before and the change, the communes of a province, the exemplary outlook, the trend.

Cells keep their types (counts are numbers, shares are numbers shown as percentages with one
decimal), so an appraiser can keep computing in Excel.
"""

from __future__ import annotations

from pathlib import Path

from anninh_desktop.services.movement.numbers import count_text, ratio_text
from anninh_desktop.services.movement.report_content import VI, ReportContent
from anninh_desktop.services.movement.report_words import ReportWords
from anninh_desktop.services.movement.rollup import Rollup
from anninh_desktop.services.xlsx_export import (
    Column,
    ColumnKind,
    Table,
    build_workbook,
    write_atomically,
)

SHARE_FORMAT = "0.0%"


def report_tables(words: ReportWords, content: ReportContent, rollup: Rollup) -> list[Table]:
    w = words.get
    figure_rows = []
    for group in content.groups:
        for line in group.lines:
            f = line.figure
            ratio, change = f.ratio, f.change
            figure_rows.append(
                [
                    f"{group.number}. {group.title}" if group.number else group.title,
                    line.number,
                    f.field.label,
                    f.field.measure,
                    f.value,
                    f.total,
                    ratio.share if ratio is not None else None,
                    ratio_text(ratio, VI) if ratio is not None else count_text(f.value, VI),
                    f.previous if f.field.compare else None,
                    change.difference if change is not None else None,
                    change.relative if change is not None else None,
                ]
            )
    tables = [
        Table(
            w("sheet_figures"),
            (
                Column(w("col_group"), width=34),
                Column(w("col_no"), ColumnKind.NUMBER, 5),
                Column(w("col_item"), width=60),
                Column(w("col_measure"), width=12),
                Column(w("col_value"), ColumnKind.NUMBER, 10),
                Column(w("col_total"), ColumnKind.NUMBER, 10),
                Column(w("col_share"), ColumnKind.SHARE, 9),
                Column(w("col_result_text"), width=20),
                Column(w("col_previous"), ColumnKind.NUMBER, 12),
                Column(w("col_difference"), ColumnKind.NUMBER, 11),
                Column(w("col_relative"), ColumnKind.SHARE, 12),
            ),
            figure_rows,
        )
    ]
    charted = [f for f in rollup.form.fields() if f.chart]
    compared = [f for f in rollup.form.fields() if f.compare]
    if rollup.scope.kind.value == "province":
        rows = []
        for o in rollup.offices:
            rows.append(
                [
                    o.name,
                    w("reported_yes" if o.reported else "reported_no"),
                    *(o.values[f.key] for f in charted),
                    *(o.previous.get(f.key) for f in compared),
                ]
            )
        tables.append(
            Table(
                w("sheet_offices"),
                (
                    Column(w("col_office"), width=28),
                    Column(w("col_reported"), width=13),
                    *(Column(f.label, ColumnKind.NUMBER, 14) for f in charted),
                    *(
                        Column(f"{f.label} ({w('col_previous')})", ColumnKind.NUMBER, 14)
                        for f in compared
                    ),
                ),
                rows,
            )
        )
    tables.append(
        Table(
            w("sheet_outlook"),
            (
                Column(w("col_office"), width=28),
                Column(w("col_set"), width=40),
                Column(w("col_met"), width=11),
                Column(w("col_outlook"), width=22),
                Column(w("col_detail"), width=60),
            ),
            [[o.unit_name, o.set_title, o.met, o.outlook, o.detail] for o in content.outlook_lines],
        )
    )
    if content.history:
        labels = [label for label, _v in content.history[0][1]]
        tables.append(
            Table(
                w("sheet_history"),
                (
                    Column(w("col_period"), width=24),
                    *(Column(label, ColumnKind.NUMBER, 16) for label in labels),
                ),
                [[p, *(v for _l, v in values)] for p, values in content.history],
            )
        )
    return tables


def write_report_xlsx(path: Path, tables: list[Table]) -> Path:
    """Write the workbook atomically; shares get one decimal ("77,4 %" in a Vietnamese Excel)."""
    wb = build_workbook(tables)
    for sheet, table in zip(wb.worksheets, tables, strict=True):
        for index, column in enumerate(table.columns, start=1):
            if column.kind is ColumnKind.SHARE:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = SHARE_FORMAT
    write_atomically(path, lambda tmp: wb.save(tmp))
    return path
