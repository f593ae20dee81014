"""The "còn thiếu gì" dialog: what it covers (the unit, the unit with its units, the office's
whole area) and the year, then Save as PDF, Save as Excel or Print, on a worker with progress and
Stop. Opened from the assessment header, the unit list's context menu and File ▸ What is still
missing."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.missing_report.build import (
    BuiltReport,
    build_missing_report,
    default_report_path,
)
from anninh_desktop.services.missing_report.content import MissingReport, Scope
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner, describe_error

log = logging.getLogger(__name__)


class MissingReportDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        unit_id: str | None,
        year: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws, self._tasks = workspace, tasks
        self._unit = workspace.store.units.get(unit_id) if unit_id else None
        self._handle: TaskHandle | None = None
        self._running = False
        self._scratch: Path | None = None  # the folder of the file being printed
        self.preview: QWidget | None = None
        self.setWindowTitle(_("What is still missing"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Criteria not met or not yet assessed, criteria without the evidence they "
                "require, with the remediation plans, the people in charge and the due dates; "
                "overdue items first."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        scope_box = QWidget(self)
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        name = self._unit.display_name if self._unit else ""
        self.unit_radio = QRadioButton(_("&Only {unit}").format(unit=name), scope_box)
        self.with_units_radio = QRadioButton(
            _("{unit} and &all its units").format(unit=name), scope_box
        )
        self.area_radio = QRadioButton(_("The whole &area of this office"), scope_box)
        self.scope_group = QButtonGroup(self)
        for radio in (self.unit_radio, self.with_units_radio, self.area_radio):
            self.scope_group.addButton(radio)
            scope_layout.addWidget(radio)
        has_children = bool(self._unit and workspace.store.units.children(self._unit.id))
        self.unit_radio.setVisible(self._unit is not None)
        self.with_units_radio.setVisible(has_children)
        if office_unit_id(workspace) is None:
            self.area_radio.setText(_("&Every unit in this data folder"))
        if has_children:
            self.with_units_radio.setChecked(True)
        elif self._unit is not None:
            self.unit_radio.setChecked(True)
        else:
            self.area_radio.setChecked(True)
        form.addRow(_("Covers:"), scope_box)
        self.year_combo = QComboBox(self)
        years = workspace.store.assessments.years() or [workspace.clock().year]
        for y in years:
            self.year_combo.addItem(str(y), y)
        chosen = years.index(year) if year in years else 0
        self.year_combo.setCurrentIndex(chosen)
        form.addRow(_("&Year:"), self.year_combo)
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        self.pdf_button = QPushButton(_("Save as &PDF…"), self)
        self.xlsx_button = QPushButton(_("Save as &Excel…"), self)
        self.print_button = QPushButton(_("P&rint…"), self)
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.hide()
        for button in (self.pdf_button, self.xlsx_button, self.print_button, self.stop_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.stop_button.hide()  # shown while the report is made
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.resize(560, self.sizeHint().height())

    # choices -----------------------------------------------------------------------------------

    def scope(self) -> Scope:
        if self.area_radio.isChecked():
            return Scope.AREA
        if self.with_units_radio.isChecked():
            return Scope.WITH_UNITS
        return Scope.UNIT

    def year(self) -> int:
        return int(self.year_combo.currentData())

    def _suggested(self, suffix: str) -> Path:
        name = self._unit.display_name if self._unit and self.scope() is not Scope.AREA else ""
        stand_in = MissingReport(
            self.scope(), None, name or _("All units"), self.year(), self._ws.clock().date(), (), ()
        )
        return default_report_path(self._ws, stand_in, suffix)

    def _ask_save_path(self, caption: str, suggested: Path, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this); None when the user cancels."""
        chosen, _selected = QFileDialog.getSaveFileName(self, caption, str(suggested), file_filter)
        return Path(chosen) if chosen else None

    # actions -----------------------------------------------------------------------------------

    def _on_pdf_button_clicked(self) -> None:
        path = self._ask_save_path(
            _("Save the report"), self._suggested(".pdf"), _("PDF document (*.pdf)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._start(pdf=path, xlsx=None, done=self._on_saved)

    def _on_xlsx_button_clicked(self) -> None:
        path = self._ask_save_path(
            _("Export to Excel"), self._suggested(".xlsx"), _("Excel workbook (*.xlsx)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self._start(pdf=None, xlsx=path, done=self._on_saved)

    def _on_print_button_clicked(self) -> None:
        self._discard_scratch()
        self._scratch = Path(tempfile.mkdtemp(prefix="anninh-print-"))
        self._start(pdf=self._scratch / "con-thieu-gi.pdf", xlsx=None, done=self._on_printable)

    def _on_stop_button_clicked(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self.message.setText(_("Stopping…"))

    def _start(self, *, pdf: Path | None, xlsx: Path | None, done: Any) -> None:
        ws, scope, year = self._ws, self.scope(), self.year()
        unit_id = self._unit.id if self._unit is not None else None

        def work(ctx: TaskContext) -> BuiltReport:
            own = ws.reopen()
            try:
                return build_missing_report(
                    own,
                    unit_id,
                    scope,
                    year=year,
                    pdf=pdf,
                    xlsx=xlsx,
                    write_pdf=pdf is not None,
                    progress=ctx.progress,
                    cancel=ctx.cancelled,
                )
            finally:
                own.close()

        self._busy(True)
        self.message.setText(_("Gathering what is still missing…"))
        self._running = True
        handle = self._tasks.run(
            work,
            name="missing-report",
            on_success=done,
            on_error=self._on_failed,
            on_progress=self._on_progress,
            on_cancelled=self._on_cancelled,
        )
        self._handle = handle if self._running else None  # an inline runner is done already

    def _busy(self, busy: bool) -> None:
        for widget in (self.pdf_button, self.xlsx_button, self.print_button, self.close_button):
            widget.setEnabled(not busy)
        for radio in (self.unit_radio, self.with_units_radio, self.area_radio, self.year_combo):
            radio.setEnabled(not busy)
        self.stop_button.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish(self) -> None:
        self._running = False
        self._handle = None
        self._busy(False)

    def _counts(self, built: BuiltReport) -> str:
        report = built.report
        return _(
            "{items} items still missing in {assessments} assessments, {overdue} overdue."
        ).format(
            items=len(report.items),
            assessments=len(report.sections),
            overdue=len(report.overdue_items),
        )

    def _on_saved(self, built: BuiltReport) -> None:
        self._finish()
        path = built.pdf or built.xlsx
        self.message.setText(_("Saved to {path}.").format(path=path) + " " + self._counts(built))

    def _on_printable(self, built: BuiltReport) -> None:
        from anninh_desktop.ui.printing.preview import preview_pdf

        self._finish()
        self.message.setText(self._counts(built))
        if built.pdf is not None:
            self.preview = preview_pdf(built.pdf, _("What is still missing"), self)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.message.clear()
        QMessageBox.warning(self, _("The report could not be made"), describe_error(exc))

    def _on_cancelled(self) -> None:
        self._finish()
        self.message.setText(_("Stopped; nothing was saved."))

    def _discard_scratch(self) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def done(self, result: int) -> None:
        if self._handle is not None:  # Esc while it runs: stop, and stay to say so
            self._on_stop_button_clicked()
            return
        self._discard_scratch()
        super().done(result)


def open_missing_report(
    parent: QWidget,
    workspace: Workspace,
    tasks: TaskRunner,
    unit_id: str | None,
    year: int | None = None,
) -> MissingReportDialog:
    """Open the dialog window-modally without blocking; it deletes itself when closed."""
    dialog = MissingReportDialog(workspace, tasks, unit_id, year, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
