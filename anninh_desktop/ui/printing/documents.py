"""What File ▸ Print prints: the checklist of the open assessment, the overview of the chosen
scope, or a PDF file (a dossier). The PDF is made on a worker (TaskRunner) into a scratch folder,
then shown in the print preview; the scratch folder goes when the preview closes."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.printing.preview import PdfPrintPreview, preview_pdf
from anninh_desktop.ui.tasks import TaskContext, TaskRunner, describe_error

log = logging.getLogger(__name__)

MakePdf = Callable[[Workspace], tuple[bytes, int]]


class PrintJob:
    """One printout: made on a worker, then previewed; `preview` is the open dialog."""

    def __init__(self, parent: QWidget, title: str) -> None:
        self.parent, self.title = parent, title
        self.preview: PdfPrintPreview | None = None
        self.scratch = Path(tempfile.mkdtemp(prefix="anninh-print-"))

    def start(self, workspace: Workspace, tasks: TaskRunner, make: MakePdf) -> None:
        target = self.scratch / "print.pdf"

        def work(ctx: TaskContext) -> Path:
            ctx.progress(0, 0, _("Preparing the printout…"))
            own = workspace.reopen()
            try:
                data, _pages = make(own)
            finally:
                own.close()
            target.write_bytes(data)
            return target

        tasks.run(work, name="print", on_success=self._show, on_error=self._failed)

    def _show(self, path: Path) -> None:
        self.preview = preview_pdf(path, self.title, self.parent)
        if self.preview is None:
            self.discard()
        else:
            self.preview.finished.connect(lambda _result: self.discard())

    def _failed(self, exc: BaseException) -> None:
        self.discard()
        log.info("printout failed", exc_info=exc)
        QMessageBox.warning(self.parent, _("Printing failed"), describe_error(exc))

    def discard(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def print_checklist(
    parent: QWidget, workspace: Workspace, tasks: TaskRunner, assessment_id: str
) -> PrintJob:
    from anninh_desktop.services.printouts.checklist import checklist_pdf

    assessment = workspace.store.assessments.get(assessment_id)
    unit = workspace.store.units.get(assessment.unit_id)
    job = PrintJob(parent, _("Checklist — {unit}").format(unit=unit.display_name))
    job.start(workspace, tasks, lambda ws: checklist_pdf(ws, assessment_id))
    return job


def print_overview(
    parent: QWidget, workspace: Workspace, tasks: TaskRunner, unit_id: str | None, year: int
) -> PrintJob:
    from anninh_desktop.services.overview_stats import overview_stats, overview_tables
    from anninh_desktop.services.printouts.tables import tables_pdf

    stats = overview_stats(workspace, unit_id, year)
    tables = overview_tables(stats)  # translated here, on the GUI thread
    title = _("Overview")
    scope = _("{scope}, {year}").format(scope=stats.scope_name, year=year)
    job = PrintJob(parent, title)
    job.start(workspace, tasks, lambda _ws: tables_pdf(title, scope, tables))
    return job


def print_pdf_file(parent: QWidget, path: Path, title: str) -> PdfPrintPreview | None:
    """A PDF already on disk (the dossier): straight to the preview."""
    return preview_pdf(path, title, parent)
