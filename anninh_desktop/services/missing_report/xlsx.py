"""The "còn thiếu gì" report as an Excel workbook: a summary sheet and one row per missing item
(typed cells: real dates, numbers), written with `services/xlsx_export.py`."""

from __future__ import annotations

from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.missing_report.content import MissingReport, Problem
from anninh_desktop.services.missing_report.words import problem_text, state_text
from anninh_desktop.services.xlsx_export import Column, ColumnKind, Table, export_tables


def report_tables(report: MissingReport) -> list[Table]:
    summary = Table(
        title=_("Summary"),
        columns=(
            Column(_("Unit"), width=34),
            Column(_("Criterion set"), width=40),
            Column(_("State"), width=18),
            Column(_("Met"), ColumnKind.NUMBER, width=8),
            Column(_("Applicable"), ColumnKind.NUMBER, width=10),
            Column(_("Not met"), ColumnKind.NUMBER, width=10),
            Column(_("Not assessed"), ColumnKind.NUMBER, width=12),
            Column(_("No evidence"), ColumnKind.NUMBER, width=12),
            Column(_("Overdue"), ColumnKind.NUMBER, width=10),
        ),
        rows=[
            (
                s.unit.display_name,
                s.set_title,
                state_text(s.assessment.state),
                s.met,
                s.applicable,
                s.count(Problem.NOT_MET),
                s.count(Problem.NOT_ASSESSED),
                s.count(Problem.NO_EVIDENCE),
                s.overdue,
            )
            for s in report.sections
        ],
    )
    # overdue first across the whole scope, then unit by unit as in the PDF
    ordered = list(report.overdue_items) + [i for i in report.items if not i.overdue]
    items = Table(
        title=_("What is missing"),
        columns=(
            Column(_("Unit"), width=30),
            Column(_("Criterion set"), width=30),
            Column(_("Criterion"), width=10),
            Column(_("Text"), width=60),
            Column(_("What is missing"), width=30),
            Column(_("Remediation"), width=40),
            Column(_("Person in charge"), width=20),
            Column(_("Due"), ColumnKind.DATE, width=12),
            Column(_("Days overdue"), ColumnKind.NUMBER, width=10),
        ),
        rows=[
            (
                i.unit.display_name,
                i.set_title,
                i.ref,
                i.text,
                problem_text(i),
                i.remediation,
                i.responsible,
                i.due_date,
                i.overdue_days or None,
            )
            for i in ordered
        ],
    )
    tables = [summary, items]
    if report.unregistered:
        tables.append(
            Table(
                title=_("Not registered"),
                columns=(Column(_("Unit"), width=40), Column(_("Code"), width=12)),
                rows=[(u.display_name, u.code) for u in report.unregistered],
            )
        )
    return tables


def write_report_xlsx(path: Path, report: MissingReport) -> Path:
    return export_tables(path, report_tables(report))
