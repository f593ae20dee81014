"""The criterion-by-criterion self-assessment table and the evidence index."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, TableStyle

from anninh_desktop.domain.assessments import Result, ResultValue
from anninh_desktop.domain.criteria import CriterionLevel
from anninh_desktop.domain.text import nfc
from anninh_desktop.services.dossier.facts import DossierFacts, EvidenceEntry, day_text
from anninh_desktop.services.dossier.flowables import LayoutRecord, Mark, StartDocument
from anninh_desktop.services.dossier.letter import paragraph_text
from anninh_desktop.services.dossier.styles import faces, styles
from anninh_desktop.services.dossier.templates import Phrases

TABLE_COLUMNS = (20 * mm, 67 * mm, 20 * mm, 35 * mm, 23 * mm)
INDEX_COLUMNS = (14 * mm, 67 * mm, 24 * mm, 46 * mm, 14 * mm)  # a hash in two lines of 32
HEADER_GREY = colors.Color(0.9, 0.9, 0.9)

_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
    ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]

RESULT_KEYS = {
    ResultValue.MET: "result_met",
    ResultValue.NOT_MET: "result_not_met",
    ResultValue.NOT_APPLICABLE: "result_not_applicable",
    ResultValue.NOT_ASSESSED: "result_not_assessed",
}


def _grid() -> list[tuple[object, ...]]:
    # The font also for empty cells (reportlab would set Helvetica, a font never embedded).
    return [("FONTNAME", (0, 0), (-1, -1), faces().regular), *_GRID]


def criterion_key(ref: str) -> str:
    return f"criterion:{ref}"


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(paragraph_text(nfc(text)), style)


def _titles(labels: Phrases, key: str, subtitle: str, values: Mapping[str, str]) -> list[Flowable]:
    s = styles()
    return [
        _p(labels.get(f"{key}_title"), s.title),
        _p(labels.get(f"{key}_subtitle", **values), s.subtitle),
        Spacer(1, 4 * mm),
    ] + ([_p(subtitle, s.cell)] if subtitle else [])


def _note(result: Result, labels: Phrases) -> list[Paragraph]:
    s = styles()
    parts = []
    if result.figures.strip():
        parts.append(labels.get("note_figures", figures=result.figures.strip()))
    if result.value is ResultValue.NOT_APPLICABLE and result.na_reason.strip():
        parts.append(labels.get("note_reason", reason=result.na_reason.strip()))
    if result.value is ResultValue.NOT_MET and result.remediation.strip():
        parts.append(labels.get("note_remediation", remediation=result.remediation.strip()))
        if result.due_date:
            parts.append(labels.get("note_due_date", due_date=day_text(result.due_date)))
        if result.responsible.strip():
            parts.append(labels.get("note_responsible", responsible=result.responsible.strip()))
    if result.note.strip():
        parts.append(result.note.strip())
    return [_p(part, s.cell) for part in parts]


def assessment_table(
    record: LayoutRecord, facts: DossierFacts, labels: Phrases, values: Mapping[str, str]
) -> list[Flowable]:
    """Title, scope and the table (its header row repeats on every page)."""
    s = styles()
    header = [
        _p(labels.get(k), s.cell_header)
        for k in (
            "table_col_ref",
            "table_col_text",
            "table_col_result",
            "table_col_note",
            "table_col_evidence",
        )
    ]
    rows: list[list[object]] = [header]
    commands: list[tuple[object, ...]] = _grid()
    for row in facts.rows:
        c = row.criterion
        shown = c.number if c.level is CriterionLevel.GROUP else c.ref  # group refs are internal
        ref_cell = [
            Mark(record, criterion_key(c.ref)),
            _p(shown, s.cell_bold if c.level is CriterionLevel.GROUP else s.cell),
        ]
        indent = row.depth * 3 * mm
        if c.level is CriterionLevel.GROUP or row.result is None:
            style = s.cell_bold if c.level is CriterionLevel.GROUP else s.cell
            text = Paragraph(
                paragraph_text(nfc(c.text)), style.clone("indented", leftIndent=indent)
            )
            rows.append([ref_cell, text, "", "", ""])
            number = len(rows) - 1
            commands.append(("SPAN", (1, number), (4, number)))
            continue
        r = row.result
        rows.append(
            [
                ref_cell,
                Paragraph(paragraph_text(nfc(c.text)), s.cell.clone("indented", leftIndent=indent)),
                _p(labels.get(RESULT_KEYS[r.value]), s.cell_centre),
                _note(r, labels),
                _p(", ".join(row.evidence_codes), s.cell),
            ]
        )
    table = LongTable(
        rows, colWidths=TABLE_COLUMNS, repeatRows=1, style=TableStyle(commands), splitInRow=1
    )
    scope = labels.get("table_scope", **values) + " " + labels.get("table_summary", **values)
    return [
        StartDocument(record, "table"),
        *_titles(labels, "table", scope, values),
        Spacer(1, 3 * mm),
        table,
    ]


def _hash_lines(sha256: str) -> str:
    return sha256[:32] + "\n" + sha256[32:] if sha256 else ""


def _item_cell(entry: EvidenceEntry, labels: Phrases, problem: str) -> list[Paragraph]:
    s = styles()
    e = entry.evidence
    kind_key = f"kind_{e.kind.value}"
    details = [
        labels.get(kind_key) if kind_key in labels else e.kind.value,
        e.number.strip(),
        day_text(e.issue_date),
        e.issuer.strip(),
    ]
    cell = [
        _p(e.title, s.cell_bold),
        _p("; ".join(d for d in details if d), s.cell),
    ]
    if entry.revision is not None:
        cell.append(_p(labels.get("index_file", filename=entry.revision.filename), s.cell))
    if problem:
        cell.append(
            Paragraph(
                paragraph_text(labels.get("index_problem", problem=problem)),
                s.cell.clone("it", fontName=s.subtitle.fontName),
            )
        )
    return cell


def evidence_index(
    record: LayoutRecord,
    facts: DossierFacts,
    labels: Phrases,
    values: Mapping[str, str],
    starts: Mapping[str, int],
    problems: Mapping[str, str],
) -> list[Flowable]:
    """The index of evidence items with the dossier page where each starts (`starts`: code → page)."""
    s = styles()
    out: list[Flowable] = [StartDocument(record, "index"), *_titles(labels, "index", "", values)]
    if not facts.evidence:
        return [*out, _p(labels.get("index_empty"), s.body)]
    header = [
        _p(labels.get(k), s.cell_header)
        for k in (
            "index_col_code",
            "index_col_item",
            "index_col_criteria",
            "index_col_hash",
            "index_col_page",
        )
    ]
    rows: list[list[object]] = [header]
    # Short cells are plain strings (many times faster to lay out than paragraphs; an index
    # of a few hundred items is laid out twice).
    for entry in facts.evidence:
        sha = entry.revision.sha256 if entry.revision else ""
        refs = ", ".join(entry.refs)
        rows.append(
            [
                entry.code,
                _item_cell(entry, labels, problems.get(entry.code, "")),
                _p(refs, s.cell) if len(refs) > 12 else refs,
                _hash_lines(sha),
                str(starts.get(entry.code, "")),
            ]
        )
    small = styles().cell_small
    commands = [
        *_grid(),
        ("FONTSIZE", (0, 1), (-1, -1), s.cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), s.cell.leading),
        ("FONTSIZE", (3, 1), (3, -1), small.fontSize),
        ("LEADING", (3, 1), (3, -1), small.leading),
        ("TOPPADDING", (3, 1), (3, -1), 3),
        ("ALIGN", (4, 1), (4, -1), "CENTER"),
    ]
    table = LongTable(
        rows, colWidths=INDEX_COLUMNS, repeatRows=1, style=TableStyle(commands), splitInRow=1
    )
    return [*out, table]
