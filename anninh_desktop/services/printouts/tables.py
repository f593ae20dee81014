"""Tables (the same `xlsx_export.Table`s the Excel exports write) as a PDF for printing: a title,
a line saying what it covers, and each table with its header row repeated on every page, in the
dossier's fonts and page geometry. The overview prints this way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, Spacer

from anninh_desktop.services.dossier.flowables import LayoutRecord, StartDocument
from anninh_desktop.services.dossier.layout import render
from anninh_desktop.services.dossier.letter import paragraph_text
from anninh_desktop.services.dossier.styles import FRAME_WIDTH, faces, styles
from anninh_desktop.services.formatting import format_date, format_number, format_share
from anninh_desktop.services.xlsx_export import Cell, ColumnKind, Table

GREY = colors.Color(0.9, 0.9, 0.9)


def cell_text(value: Cell, kind: ColumnKind) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if kind is ColumnKind.SHARE and isinstance(value, int | float):
        return format_share(float(value))
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def _small() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    s = styles()
    cell = ParagraphStyle("printout_cell", parent=s.cell, fontSize=9, leading=11)
    figure = ParagraphStyle("printout_figure", parent=s.cell_centre, fontSize=9, leading=11)
    header = ParagraphStyle("printout_header", parent=s.cell_header, fontSize=9, leading=11)
    return cell, figure, header


def table_flowable(table: Table) -> LongTable:
    cell, figure, header = _small()
    total = sum(c.width for c in table.columns) or 1
    widths = [FRAME_WIDTH * c.width / total for c in table.columns]
    rows: list[list[object]] = [
        [Paragraph(paragraph_text(c.header), header) for c in table.columns]
    ]
    for row in table.rows:
        rows.append(
            [
                Paragraph(
                    paragraph_text(cell_text(value, column.kind)),
                    cell if column.kind is ColumnKind.TEXT else figure,
                )
                for value, column in zip(row, table.columns, strict=False)
            ]
        )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), faces().regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    return LongTable(rows, colWidths=widths, repeatRows=1, style=style)


def tables_pdf(title: str, scope: str, tables: Sequence[Table]) -> tuple[bytes, int]:
    """The PDF bytes and page count of the tables under a title."""
    s = styles()
    record = LayoutRecord()
    story: list[Flowable] = [
        StartDocument(record, "printout"),
        Paragraph(paragraph_text(title), s.title),
        Paragraph(paragraph_text(scope), s.subtitle),
        Spacer(1, 4 * mm),
    ]
    for table in tables:
        story += [
            CondPageBreak(30 * mm),
            Paragraph(paragraph_text(table.title), s.caption),
            Spacer(1, 2 * mm),
        ]
        story += [table_flowable(table), Spacer(1, 5 * mm)] if table.rows else []
    rendered = render([story], record, {"title": title, "subject": scope})
    return rendered.pdf, rendered.pages
