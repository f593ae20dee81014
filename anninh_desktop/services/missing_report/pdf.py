"""The "còn thiếu gì" report as an administrative document (Nghị định 30/2020/NĐ-CP), laid out
with the dossier's heading block, styles, signature block and page numbering (services/dossier)."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, LongTable, Paragraph, Spacer

from anninh_desktop.domain.units import Unit
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.content import date_parts
from anninh_desktop.services.dossier.flowables import Heading, LayoutRecord
from anninh_desktop.services.dossier.layout import render
from anninh_desktop.services.dossier.letter import _closing, letter, paragraph_text
from anninh_desktop.services.dossier.office import office_for, unit_chain
from anninh_desktop.services.dossier.styles import FRAME_WIDTH, faces, styles
from anninh_desktop.services.dossier.templates import labels
from anninh_desktop.services.dossier.texts import DocumentText, Signer
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.missing_report.content import MissingItem, MissingReport, Problem
from anninh_desktop.services.missing_report.words import (
    due_text,
    problem_text,
    report_title,
    state_text,
    summary_line,
)
from anninh_desktop.services.workspace import Workspace

KEY = "BC"
ROMAN = ("I", "II", "III", "IV", "V")
CHUNK = 150  # rows per table in the summary and the overdue list
GREY = colors.Color(0.9, 0.9, 0.9)
GROUP = colors.Color(0.95, 0.95, 0.95)
SUMMARY_COLUMNS = (9 * mm, 45 * mm, 30 * mm, 19 * mm, 14 * mm, 17 * mm, 16 * mm, 15 * mm)
DETAIL_COLUMNS = (11 * mm, 56 * mm, 30 * mm, 44 * mm, 24 * mm)
OVERDUE_COLUMNS = (11 * mm, 30 * mm, 44 * mm, 56 * mm, 24 * mm)


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(paragraph_text(text), style)


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


class CancelPoint(Flowable):  # type: ignore[misc]
    """Takes no room; stops the layout when the user cancelled (checked between tables)."""

    def __init__(self, cancel: Callable[[], bool] | None) -> None:
        super().__init__()
        self._cancel = cancel

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        if self._cancel is not None and self._cancel():
            raise Cancelled()
        return 0, 0

    def draw(self) -> None:
        pass


def _chunked(rows: list[list[object]], widths: tuple[float, ...]) -> list[Flowable]:
    """The rows (header first) as tables of at most CHUNK rows, each with the header: a table
    of thousands of rows (a province's summary) would take minutes to split into pages."""
    header, body = rows[0], rows[1:]
    parts = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)] or [[]]
    return [
        LongTable([header, *part], colWidths=widths, repeatRows=1, style=_grid()) for part in parts
    ]


def _criterion(item: MissingItem) -> str:
    return f"{item.ref}. {item.text}"


def _plan(item: MissingItem) -> str:
    parts = [item.remediation or _("(no remediation plan yet)")]
    if item.responsible:
        parts.append(_("In charge: {name}").format(name=item.responsible))
    return "\n".join(parts)


def _multi(text: str, style: object) -> Paragraph:
    return Paragraph("<br/>".join(paragraph_text(line) for line in text.split("\n")), style)


def summary_table(report: MissingReport) -> list[Flowable]:
    s = styles()
    heads = (
        _("Item number"),
        _("Unit"),
        _("Criterion set"),
        _("State"),
        _("Met"),
        _("Not met or not assessed"),
        _("No evidence"),
        _("Overdue"),
    )
    small = ParagraphStyle("missing_header_small", parent=s.cell_header, fontSize=9, leading=11)
    rows: list[list[object]] = [[_p(h, small) for h in heads]]
    for number, section in enumerate(report.sections, start=1):
        rows.append(
            [
                _p(str(number), s.cell_centre),
                _p(section.unit.display_name, s.cell),
                _p(section.set_title, s.cell_small),
                _p(state_text(section.assessment.state), s.cell_centre),
                _p(f"{section.met}/{section.applicable}", s.cell_centre),
                _p(
                    str(section.count(Problem.NOT_MET) + section.count(Problem.NOT_ASSESSED)),
                    s.cell_centre,
                ),
                _p(str(section.count(Problem.NO_EVIDENCE)), s.cell_centre),
                _p(str(section.overdue), s.cell_centre),
            ]
        )
    return _chunked(rows, SUMMARY_COLUMNS)


def overdue_table(report: MissingReport) -> list[Flowable]:
    s = styles()
    heads = (
        _("Item number"),
        _("Unit"),
        _("Criterion"),
        _("Remediation and person in charge"),
        _("Due"),
    )
    rows: list[list[object]] = [[_p(h, s.cell_header) for h in heads]]
    for number, item in enumerate(report.overdue_items, start=1):
        rows.append(
            [
                _p(str(number), s.cell_centre),
                _p(item.unit.display_name, s.cell),
                _p(_criterion(item), s.cell),
                _multi(_plan(item), s.cell),
                _p(due_text(item), s.cell_bold),
            ]
        )
    return _chunked(rows, OVERDUE_COLUMNS)


def detail_tables(report: MissingReport) -> list[Flowable]:
    """One table per assessment with missing items: its header and the unit's row repeat on each
    page it continues on (a single table of thousands of rows lays out in quadratic time)."""
    s = styles()
    heads = (
        _("Item number"),
        _("Criterion"),
        _("What is missing"),
        _("Remediation and person in charge"),
        _("Due"),
    )
    out: list[Flowable] = []
    for section in report.sections:
        if not section.items:
            continue
        title = f"{section.unit.display_name} — {section.set_title}"
        rows: list[list[object]] = [
            [_p(h, s.cell_header) for h in heads],
            [_p(title, s.cell_bold), "", "", "", ""],
        ]
        for number, item in enumerate(section.items, start=1):
            rows.append(
                [
                    _p(str(number), s.cell_centre),
                    _p(_criterion(item), s.cell),
                    _p(problem_text(item), s.cell),
                    _multi(_plan(item), s.cell),
                    _p(due_text(item), s.cell_bold if item.overdue else s.cell),
                ]
            )
        group = [("SPAN", (0, 1), (-1, 1)), ("BACKGROUND", (0, 1), (-1, 1), GROUP)]
        out.append(LongTable(rows, colWidths=DETAIL_COLUMNS, repeatRows=2, style=_grid(group)))
        out.append(Spacer(1, 3 * mm))
    return out


def _office_heading(ws: Workspace, report: MissingReport) -> tuple[Heading, str, str]:
    """The heading block, the signer's title and the place, from the issuing office of the
    scope's unit (the first unit of the report when the scope is every unit)."""
    unit: Unit | None = report.root or (report.sections[0].unit if report.sections else None)
    day = date_parts(report.today)
    if unit is None:
        parent = own = signer = place = ""
        abbreviation = ""
    else:
        office = office_for(unit_chain(ws, unit.id))
        parent, own, signer = office.parent_line, office.own_line, office.commander_title
        place, abbreviation = office.place, office.abbreviation
    heading = Heading(
        parent_line=parent,
        own_line=own,
        motto_country=labels().get("motto_country"),
        motto=labels().get("motto"),
        number_line=_("No.:        /BC-{abbreviation}").format(abbreviation=abbreviation),
        place_date=_("{place}, day {day} month {month} year {year}").format(place=place, **day)
        if place
        else "",
    )
    return heading, signer, place


def report_story(
    ws: Workspace,
    record: LayoutRecord,
    report: MissingReport,
    cancel: Callable[[], bool] | None = None,
) -> list[Flowable]:
    s = styles()
    heading, signer, _place = _office_heading(ws, report)
    title = (_("REPORT"), report_title(report))
    body = (summary_line(report),)
    story = letter(record, KEY, DocumentText(KEY, title, (), body, (), ()), heading, "")
    count = 0

    def section(text: str) -> Paragraph:
        nonlocal count
        count += 1
        return _p(f"{ROMAN[count - 1]}. {text}", s.body_heading)

    story += [section(_("Summary by unit")), *summary_table(report), Spacer(1, 4 * mm)]
    if report.overdue_items:
        story += [
            CondPageBreak(40 * mm),
            section(_("Overdue")),
            *overdue_table(report),
            Spacer(1, 4 * mm),
        ]
    story += [CondPageBreak(40 * mm), section(_("What is missing, unit by unit"))]
    if report.items:
        for flowable in detail_tables(report):
            story += [CancelPoint(cancel), flowable]
    else:
        story.append(_p(_("Nothing is missing."), s.body))
    if report.unregistered:
        story += [CondPageBreak(30 * mm), section(_("Units not registered this year"))]
        names = ", ".join(u.display_name for u in report.unregistered)
        story.append(_p(names + ".", s.body))
    text = DocumentText(
        kind=KEY,
        title=title,
        recipient=(),
        body=body,
        signers=(Signer((signer,), ("……………………………",)),) if signer else (),
        distribution=(_("- The steering committee;"), _("- Filed.")),
    )
    story.append(KeepTogether([Spacer(1, 6 * mm), *_closing(record, KEY, text, _("Recipients:"))]))
    return story


def render_report(
    ws: Workspace, report: MissingReport, cancel: Callable[[], bool] | None = None
) -> tuple[bytes, int]:
    """The PDF bytes and page count (same inputs, same bytes: reportlab's invariant mode);
    Cancelled when `cancel` turns true while the pages are laid out."""
    record = LayoutRecord()
    rendered = render(
        [report_story(ws, record, report, cancel)],
        record,
        {
            "title": report_title(report),
            "author": report.scope_name,
            "subject": report_title(report),
        },
    )
    return rendered.pdf, rendered.pages


__all__ = ["FRAME_WIDTH", "render_report", "report_story"]
