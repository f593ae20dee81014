"""`Báo cáo kết quả thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc`: a commune's or a
province's report for a half-year or a year, as PDF and Excel (docs/movement.md)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.text import fold
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.movement.report_content import ReportContent, build_content
from anninh_desktop.services.movement.report_pdf import render_report
from anninh_desktop.services.movement.report_words import report_words
from anninh_desktop.services.movement.report_xlsx import report_tables, write_report_xlsx
from anninh_desktop.services.movement.rollup import Rollup, compute_rollup, history
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import write_atomically

REPORTS_DIR = "reports"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class MovementReport:
    pdf: Path
    xlsx: Path | None
    pages: int
    sha256: str
    rollup: Rollup


def default_report_path(ws: Workspace, scope_id: str, period: ReportPeriod) -> Path:
    """`<data folder>/reports/bao-cao-phong-trao-<unit>-<period>.pdf` (ASCII only)."""
    unit = ws.store.units.get(scope_id)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(unit.display_name)).strip("-") or "don-vi"
    return ws.root / REPORTS_DIR / f"bao-cao-phong-trao-{slug}-{period.key.lower()}.pdf"


def prepare_report(
    ws: Workspace, scope_id: str, period: ReportPeriod, *, on: date | None = None, notes: str = ""
) -> tuple[Rollup, ReportContent]:
    """The roll-up and everything the report says (no file yet)."""
    rollup = compute_rollup(ws, scope_id, period)
    trend = history(ws, scope_id, period, form=rollup.form)
    content = build_content(
        ws, report_words(), rollup, trend, on=on or ws.clock().date(), notes=notes
    )
    return rollup, content


def build_report(
    ws: Workspace,
    scope_id: str,
    period: ReportPeriod,
    out: Path | None = None,
    *,
    xlsx: Path | None = None,
    on: date | None = None,
    notes: str = "",
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MovementReport:
    """Write the report's PDF (and the Excel workbook when `xlsx` is given); each file appears
    only once complete. A cancel between the steps leaves no file."""

    def step(done: int, text: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, 4, text)

    step(0, "rollup")
    rollup, content = prepare_report(ws, scope_id, period, on=on, notes=notes)
    step(1, "layout")
    words = report_words()
    pdf, pages = render_report(words, content, content.office.name)
    step(2, "pdf")
    target = out or default_report_path(ws, scope_id, period)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = report_tables(words, content, rollup) if xlsx is not None else None
    write_atomically(target, lambda tmp: tmp.write_bytes(pdf))
    if xlsx is not None and tables is not None:
        step(3, "xlsx")
        xlsx.parent.mkdir(parents=True, exist_ok=True)
        write_report_xlsx(xlsx, tables)
    if progress is not None:
        progress(4, 4, "done")
    return MovementReport(target, xlsx, pages, hashlib.sha256(pdf).hexdigest(), rollup)


def export_report_xlsx(
    ws: Workspace, scope_id: str, period: ReportPeriod, path: Path, *, on: date | None = None
) -> Path:
    """Only the report's Excel workbook (the same figures as the PDF)."""
    rollup, content = prepare_report(ws, scope_id, period, on=on)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_report_xlsx(path, report_tables(report_words(), content, rollup))
