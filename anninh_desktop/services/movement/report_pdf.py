"""The movement report as an administrative document (Nghị định 30/2020/NĐ-CP), laid out with the
dossier's own heading block, styles, signature block and page numbering (services/dossier)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, LongTable, Paragraph, Spacer

from anninh_desktop.services.dossier.flowables import Heading, LayoutRecord
from anninh_desktop.services.dossier.layout import render
from anninh_desktop.services.dossier.letter import _closing, letter, paragraph_text
from anninh_desktop.services.dossier.styles import FRAME_WIDTH, faces, styles
from anninh_desktop.services.dossier.templates import labels
from anninh_desktop.services.dossier.texts import DocumentText, Signer
from anninh_desktop.services.movement import report_charts
from anninh_desktop.services.movement.report_content import ReportContent
from anninh_desktop.services.movement.report_words import ReportWords

KEY = "BC"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
FIGURE_COLUMNS = (9 * mm, 66 * mm, 20 * mm, 30 * mm, 18 * mm, 22 * mm)
OUTLOOK_COLUMNS = (9 * mm, 36 * mm, 40 * mm, 17 * mm, 24 * mm, 39 * mm)
GREY = colors.Color(0.9, 0.9, 0.9)
GROUP = colors.Color(0.95, 0.95, 0.95)


def _p(text: str, style: object) -> Paragraph:
    # "44,4 %" never breaks before its "%"
    return Paragraph(paragraph_text(text.replace(" %", "\u00a0%")), style)


def _header_small() -> ParagraphStyle:
    return ParagraphStyle(
        "movement_header_small", parent=styles().cell_header, fontSize=8.5, leading=10
    )


def _small() -> ParagraphStyle:
    return ParagraphStyle("movement_small", parent=styles().cell, fontSize=8.5, leading=10)


def _grid(extra: list[tuple[object, ...]] | None = None) -> list[tuple[object, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), faces().regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ]


class _Sections:
    """Numbers the body's sections I, II, III… in the order they appear."""

    def __init__(self) -> None:
        self.count = 0

    def heading(self, text: str) -> Paragraph:
        number = ROMAN[self.count] if self.count < len(ROMAN) else str(self.count + 1)
        self.count += 1
        return _p(f"{number}. {text}", styles().body_heading)


def figures_table(words: ReportWords, content: ReportContent) -> LongTable:
    s = styles()
    header = [
        _p(words.get(k), s.cell_header)
        for k in ("col_no", "col_item", "col_measure", "col_value", "col_previous", "col_change")
    ]
    rows: list[list[object]] = [header]
    commands: list[tuple[object, ...]] = []
    for group in content.groups:
        title = f"{group.number}. {group.title}" if group.number else group.title
        commands += [
            ("SPAN", (0, len(rows)), (-1, len(rows))),
            ("BACKGROUND", (0, len(rows)), (-1, len(rows)), GROUP),
        ]
        rows.append([_p(title, s.cell_bold), "", "", "", "", ""])
        for line in group.lines:
            rows.append(
                [
                    _p(str(line.number), s.cell_centre),
                    _p(line.figure.field.label, s.cell),
                    _p(line.figure.field.measure, s.cell_centre),
                    _p(line.value_text, s.cell_centre),
                    _p(line.previous_text, s.cell_centre),
                    _p(line.change_text, s.cell_centre),
                ]
            )
    return LongTable(rows, colWidths=FIGURE_COLUMNS, repeatRows=1, style=_grid(commands))


def offices_table(words: ReportWords, content: ReportContent) -> LongTable:
    s = styles()
    n = len(content.office_columns)
    rest = FRAME_WIDTH - 9 * mm - 40 * mm - 25 * mm
    widths = (9 * mm, 40 * mm, 25 * mm, *([rest / n] * n)) if n else (9 * mm, 131 * mm, 25 * mm)
    header = [
        _p(words.get("col_no"), s.cell_header),
        _p(words.get("col_office"), s.cell_header),
        _p(words.get("col_reported"), s.cell_header),
        *(_p(c, _header_small()) for c in content.office_columns),
    ]
    rows: list[list[object]] = [header]
    for i, line in enumerate(content.office_lines, start=1):
        rows.append(
            [
                _p(str(i), s.cell_centre),
                _p(line.name, s.cell),
                _p(words.get("reported_yes" if line.reported else "reported_no"), s.cell_centre),
                *(_p(v, s.cell_centre) for v in line.values),
            ]
        )
    rows.append(
        [
            "",
            _p(words.get("total_row"), s.cell_bold),
            "",
            *(_p(v, s.cell_bold) for v in content.office_totals),
        ]
    )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=_grid())


def outlook_table(words: ReportWords, content: ReportContent) -> LongTable:
    s = styles()
    header = [
        _p(words.get(k), s.cell_header)
        for k in ("col_no", "col_office", "col_set", "col_met", "col_outlook", "col_detail")
    ]
    rows: list[list[object]] = [header]
    for i, line in enumerate(content.outlook_lines, start=1):
        rows.append(
            [
                _p(str(i), s.cell_centre),
                _p(line.unit_name, s.cell),
                _p(line.set_title, _small()),
                _p(line.met, s.cell_centre),
                _p(line.outlook, s.cell_centre),
                _p(line.detail, s.cell),
            ]
        )
    return LongTable(rows, colWidths=OUTLOOK_COLUMNS, repeatRows=1, style=_grid())


def _chart(caption: str, drawing: Flowable, heading: Flowable | None = None) -> list[Flowable]:
    """A chart with its caption (and the section heading before the first chart) on one page."""
    s = styles()
    head = [heading] if heading is not None else []
    return [
        KeepTogether([*head, _p(caption, s.caption), Spacer(1, 2 * mm), drawing]),
        Spacer(1, 5 * mm),
    ]


def report_story(
    record: LayoutRecord, words: ReportWords, content: ReportContent
) -> list[Flowable]:
    """Every flowable of the report, from the heading block to the signature."""
    s = styles()
    office = content.office
    heading = Heading(
        parent_line=office.parent_line,
        own_line=office.own_line,
        motto_country=labels().get("motto_country"),
        motto=labels().get("motto"),
        number_line=content.number_line,
        place_date=content.place_date,
    )
    text = DocumentText(
        kind=KEY,
        title=(content.title, content.summary),
        recipient=(),
        body=tuple(content.intro),
        signers=(Signer((office.signer,), (words.get("signer_name_placeholder"),)),),
        distribution=tuple(content.recipients),
    )
    heading_text = words.get("recipients_heading")
    story = letter(record, KEY, DocumentText(KEY, text.title, (), text.body, (), ()), heading, "")
    sections = _Sections()
    story += [sections.heading(words.get("section_results")), figures_table(words, content)]
    story += [Spacer(1, 4 * mm), sections.heading(words.get("section_comparison"))]
    story += [_p(line, s.body) for line in content.comparison]
    drawings: list[tuple[str, Flowable]] = []
    if content.shares:
        drawings.append(("chart_shares", report_charts.shares_chart(content.shares)))
    if content.compared:
        drawings.append(
            (
                "chart_comparison",
                report_charts.comparison_chart(
                    content.compared,
                    words.get("chart_this_period"),
                    words.get("chart_previous_period"),
                ),
            )
        )
    if content.history and any(values for _p2, values in content.history):
        drawings.append(("chart_history", report_charts.history_chart(content.history)))
    for number, (key, drawing) in enumerate(drawings, start=1):
        heading_flow = sections.heading(words.get("section_charts")) if number == 1 else None
        story += _chart(words.get(key, number=number), drawing, heading_flow)
    if content.office_lines:
        story += [
            CondPageBreak(50 * mm),
            sections.heading(words.get("section_offices")),
            offices_table(words, content),
            Spacer(1, 4 * mm),
        ]
    story += [CondPageBreak(40 * mm), sections.heading(words.get("section_outlook"))]
    story.append(_p(content.outlook_summary, s.body))
    if content.outlook_lines:
        story += [outlook_table(words, content), Spacer(1, 4 * mm)]
    # The last section and the signature on one page: a signature never stands alone.
    ending: list[Flowable] = [sections.heading(words.get("section_next"))]
    ending += [_p(line, s.body) for line in content.next_lines]
    ending.append(Spacer(1, 6 * mm))
    ending += _closing(record, KEY, text, heading_text)
    story.append(KeepTogether(ending))
    return story


def render_report(words: ReportWords, content: ReportContent, author: str) -> tuple[bytes, int]:
    """The PDF bytes and page count (same inputs, same bytes: reportlab's invariant mode)."""
    record = LayoutRecord()
    rendered = render(
        [report_story(record, words, content)],
        record,
        {"title": content.document_title, "author": author, "subject": content.summary},
    )
    return rendered.pdf, rendered.pages
