"""Writing the "còn thiếu gì" report's files: the PDF and, when asked, the Excel workbook. Each
file appears only once complete; a cancel leaves no file."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.missing_report.content import MissingReport, Scope, missing_report
from anninh_desktop.services.missing_report.pdf import render_report
from anninh_desktop.services.missing_report.xlsx import write_report_xlsx
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import write_atomically

log = logging.getLogger(__name__)

REPORTS_DIR = "reports"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuiltReport:
    pdf: Path | None
    xlsx: Path | None
    pages: int
    sha256: str
    report: MissingReport


def _make_folder(path: Path) -> None:
    """The file's folder, made when missing; UserError when it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.info("cannot make %s: %s", path.parent, exc)
        raise UserError(
            _(
                "Cannot save “{path}”: its folder cannot be made ({reason}). Choose another folder."
            ).format(path=path, reason=exc.strerror or exc)
        ) from exc


def default_report_path(ws: Workspace, report: MissingReport, suffix: str = ".pdf") -> Path:
    """`<data folder>/reports/con-thieu-gi-<scope>-<year>.pdf` (ASCII only)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(report.scope_name)).strip("-") or "tat-ca"
    if report.scope is Scope.WITH_UNITS:
        slug += "-va-don-vi"
    return ws.root / REPORTS_DIR / f"con-thieu-gi-{slug}-{report.year}{suffix}"


def build_missing_report(
    ws: Workspace,
    unit_id: str | None,
    scope: Scope = Scope.UNIT,
    *,
    year: int | None = None,
    pdf: Path | None = None,
    xlsx: Path | None = None,
    write_pdf: bool = True,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> BuiltReport:
    """Gather the report and write its PDF (to `pdf`, or the default path) and, when `xlsx` is
    given, its workbook. `write_pdf=False` writes only the workbook."""

    def stop() -> None:
        if cancel is not None and cancel():
            raise Cancelled()

    report = missing_report(ws, unit_id, scope, year=year, progress=progress, cancel=cancel)
    stop()
    total = len(report.sections)
    target: Path | None = None
    pages, digest = 0, ""
    if write_pdf:
        if progress is not None:
            progress(total, total + 1, "pdf")
        data, pages = render_report(ws, report, cancel)
        stop()
        target = pdf or default_report_path(ws, report)
        _make_folder(target)
        write_atomically(target, lambda tmp: tmp.write_bytes(data))
        digest = hashlib.sha256(data).hexdigest()
    if xlsx is not None:
        stop()
        _make_folder(xlsx)
        write_report_xlsx(xlsx, report)
    if progress is not None:
        progress(total + 1, total + 1, "done")
    return BuiltReport(target, xlsx, pages, digest, report)
