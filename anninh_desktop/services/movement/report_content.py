"""What the movement report says, worked out once from a roll-up; the PDF and the Excel file are
two ways of laying it out. Every number here comes from the roll-up (computed, never typed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.domain.movement_forecast import Outlook
from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.dossier.content import date_parts
from anninh_desktop.services.dossier.office import office_for, running_name, unit_chain
from anninh_desktop.services.movement.numbers import (
    count_text,
    difference_text,
    ratio_text,
    relative_text,
)
from anninh_desktop.services.movement.report_words import ReportWords
from anninh_desktop.services.movement.rollup import FieldFigure, Rollup
from anninh_desktop.services.workspace import Workspace

VI = "vi_VN"  # the report is a Vietnamese document whatever the window's language
MAX_REFS = 8


@dataclass(frozen=True)
class Office:
    parent_line: str
    own_line: str
    name: str
    abbreviation: str
    place: str
    signer: str


@dataclass(frozen=True)
class FigureLine:
    number: int
    figure: FieldFigure
    value_text: str
    previous_text: str
    change_text: str


@dataclass(frozen=True)
class GroupBlock:
    number: str
    title: str
    lines: tuple[FigureLine, ...]


@dataclass(frozen=True)
class OfficeLine:
    name: str
    reported: bool
    values: tuple[str, ...]


@dataclass(frozen=True)
class OutlookLine:
    unit_name: str
    set_title: str
    met: str
    outlook: str
    detail: str


@dataclass
class ReportContent:
    period_label: str
    office: Office
    number_line: str
    place_date: str
    title: str
    summary: str
    intro: list[str]
    groups: list[GroupBlock]
    comparison: list[str]
    office_columns: list[str] = field(default_factory=list)
    office_lines: list[OfficeLine] = field(default_factory=list)
    office_totals: tuple[str, ...] = ()
    outlook_summary: str = ""
    outlook_lines: list[OutlookLine] = field(default_factory=list)
    next_lines: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    document_title: str = ""
    # chart data: (label, share) ; (label, previous, current) ; (period label, [(label, value)])
    shares: list[tuple[str, float]] = field(default_factory=list)
    compared: list[tuple[str, int, int]] = field(default_factory=list)
    history: list[tuple[str, list[tuple[str, int | None]]]] = field(default_factory=list)


def period_label(words: ReportWords, period: ReportPeriod) -> str:
    key = "period_half_year" if period.kind is PeriodKind.HALF_YEAR else "period_year"
    return words.get(key, year=period.year)


def report_office(ws: Workspace, words: ReportWords, scope_id: str) -> Office:
    """The issuing office: the commune's police, or the province's police for a province."""
    unit = ws.store.units.get(scope_id)
    if unit.kind is UnitKind.PROVINCE:
        name = nfc(unit.name)
        return Office(
            parent_line=words.get("office_parent_province"),
            own_line=words.get("office_own_province", province_upper=unit.display_name.upper()),
            name=words.get("office_name_province", province_name=running_name(unit)),
            abbreviation=words.get("abbreviation_province"),
            place=name if name and not name.isdigit() else unit.display_name,
            signer=words.get("signer_province"),
        )
    o = office_for(unit_chain(ws, scope_id))
    return Office(o.parent_line, o.own_line, o.name, o.abbreviation, o.place, o.commander_title)


def _change_text(words: ReportWords, f: FieldFigure) -> str:
    change = f.change
    if change is None or change.difference is None:
        return words.get("change_unknown")
    diff = change.difference
    if diff == 0:
        return words.get("change_same")
    values = {
        "diff": count_text(abs(diff), VI),
        "measure": f.field.measure,
        "relative": relative_text(change, VI),
    }
    key = "change_less" if diff < 0 else "change_more"
    if change.relative is None:
        key += "_no_share"
    return words.get(key, **values)


def comparison_line(words: ReportWords, f: FieldFigure) -> str:
    """ "- Vụ phạm tội: 5 vụ, giảm 4 vụ (−44,4 %) so với cùng kỳ năm trước (9 vụ)." """
    values = {
        "label": f.field.label,
        "value": count_text(f.value, VI),
        "measure": f.field.measure,
        "change": _change_text(words, f),
        "previous": count_text(f.previous, VI),
    }
    key = "comparison_item" if f.previous is not None else "comparison_item_unknown"
    return words.get(key, **values)


def _figure_line(number: int, f: FieldFigure) -> FigureLine:
    ratio = f.ratio
    if ratio is not None:
        value = ratio_text(ratio, VI)
    else:
        value = count_text(f.value, VI)
    change = f.change
    return FigureLine(
        number=number,
        figure=f,
        value_text=value,
        previous_text=count_text(f.previous, VI) if f.field.compare else "",
        change_text=(
            f"{difference_text(change, VI)} ({relative_text(change, VI)})"
            if change is not None and change.relative is not None
            else (difference_text(change, VI) if change is not None else "")
        ),
    )


def _refs(refs: tuple[str, ...]) -> str:
    shown = ", ".join(refs[:MAX_REFS])
    return shown + (", …" if len(refs) > MAX_REFS else "")


def build_content(
    ws: Workspace,
    words: ReportWords,
    rollup: Rollup,
    history: list[tuple[ReportPeriod, dict[str, int | None]]],
    *,
    on: date,
    notes: str = "",
) -> ReportContent:
    scope = rollup.scope
    office = report_office(ws, words, scope.id)
    label = period_label(words, rollup.period)
    content = ReportContent(
        period_label=label,
        office=office,
        number_line=words.get("number", abbreviation=office.abbreviation),
        place_date=words.get("place_date", place=office.place, **date_parts(on)),
        title=words.get("title"),
        summary=words.get("summary", period_label=label),
        intro=[],
        groups=[],
        comparison=[],
    )
    content.intro.append(
        words.get(
            "intro",
            office_name=office.name,
            period_label=label,
            start=rollup.start.strftime("%d/%m/%Y"),
            end=rollup.end.strftime("%d/%m/%Y"),
            scope_name=running_name(scope),
        )
    )
    if scope.kind is UnitKind.PROVINCE:
        reporting = rollup.reporting
        missing = [o.name for o in rollup.offices if o.kind is UnitKind.COMMUNE and not o.reported]
        missing_text = (
            ", ".join(missing)
            if len(missing) <= 10
            else words.get("reporting_many_missing", count=len(missing))
        )
        content.intro.append(
            words.get(
                "reporting",
                done=reporting.done,
                total=reporting.total,
                share=ratio_text(reporting, VI).split("(")[-1].rstrip(")"),
                missing=missing_text,
            )
        )
    form = rollup.form
    content.intro.append(
        words.get("form_note", form_title=form.title, version=form.version, document=form.document)
    )
    if not form.official:
        content.intro.append(words.get("form_unofficial"))

    number = 0
    by_key = {f.field.key: f for f in rollup.figures}
    for group in form.groups:
        lines = []
        for f in group.fields:
            number += 1
            lines.append(_figure_line(number, by_key[f.key]))
        content.groups.append(GroupBlock(group.number, group.title, tuple(lines)))

    for f in rollup.figures:
        ratio = f.ratio
        if ratio is not None and ratio.share is not None:
            content.shares.append((f.field.label, ratio.share))
        if f.field.compare and f.value is not None:
            content.comparison.append(comparison_line(words, f))
            if f.previous is not None:
                content.compared.append((f.field.label, f.previous, f.value))
    if not content.comparison:
        content.comparison.append(words.get("comparison_none"))

    charted = [f for f in form.fields() if f.chart]
    for p, values in history:
        content.history.append(
            (period_label(words, p), [(f.label, values.get(f.key)) for f in charted])
        )

    if scope.kind is UnitKind.PROVINCE:
        content.office_columns = [f.label for f in charted]
        for o in rollup.offices:
            if o.kind is not UnitKind.COMMUNE and not o.reported:
                continue
            content.office_lines.append(
                OfficeLine(
                    o.name, o.reported, tuple(count_text(o.values[f.key], VI) for f in charted)
                )
            )
        content.office_totals = tuple(count_text(by_key[f.key].value, VI) for f in charted)

    _outlook(words, rollup, content)
    content.next_lines = [p.strip() for p in notes.splitlines() if p.strip()] or [
        words.get("next_placeholder")
    ]
    recipients_key = (
        "recipients_province" if scope.kind is UnitKind.PROVINCE else "recipients_commune"
    )
    content.recipients = words.lines(
        recipients_key, scope_running=running_name(scope), abbreviation=office.abbreviation
    )
    content.document_title = words.get(
        "document_title", period_label=label, scope_name=scope.display_name
    )
    return content


def _outlook(words: ReportWords, rollup: Rollup, content: ReportContent) -> None:
    rows = rollup.outlooks
    if not rows:
        content.outlook_summary = words.get("outlook_none")
        return
    count = {o: sum(1 for r in rows if r.forecast.outlook is o) for o in Outlook}
    undetermined = count[Outlook.UNDETERMINED]
    content.outlook_summary = words.get(
        "outlook_summary",
        registered=len({r.unit_id for r in rows}),
        achieved=count[Outlook.ACHIEVED],
        expected=count[Outlook.EXPECTED],
        not_expected=count[Outlook.NOT_EXPECTED] + count[Outlook.FAILED],
        undetermined=str(undetermined) if undetermined else "",
    )
    for r in rows:
        f = r.forecast
        parts = []
        if f.lacking:
            parts.append(words.get("outlook_lacking", refs=_refs(f.lacking)))
        if f.planned:
            parts.append(words.get("outlook_planned", refs=_refs(f.planned)))
        if f.open_refs:
            parts.append(words.get("outlook_open", refs=_refs(f.open_refs)))
        content.outlook_lines.append(
            OutlookLine(
                unit_name=r.unit_name,
                set_title=r.set_title,
                met=f"{r.met}/{r.applicable}",
                outlook=words.get(f"outlook_{f.outlook.value}"),
                detail="; ".join(parts),
            )
        )
