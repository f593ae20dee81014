"""The "Phong trào" view: the movement of a commune or a province for a period.

`MovementWidget(workspace, tasks)` with `show_scope(unit_id, year)` like the Overview tab. Pages:
models and sites (with the dossier check), mass organisations, the period's figures as a form,
the roll-up, the communes of a province, the exemplary outlook, the charts over time; the report
as PDF and Excel. Reading runs on the task runner (its own connection); small edits call the
services directly and reload.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.movement.report import (
    build_report,
    default_report_path,
    export_report_xlsx,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.flow_layout import FlowLayout
from anninh_desktop.ui.movement.figures_page import FiguresPage
from anninh_desktop.ui.movement.organisations_page import OrganisationsPage
from anninh_desktop.ui.movement.rollup_pages import (
    OfficesPage,
    OutlookPage,
    RollupPage,
    TrendPage,
    period_name,
)
from anninh_desktop.ui.movement.sites_page import SitesPage
from anninh_desktop.ui.movement.work import MovementData, load_task
from anninh_desktop.ui.tasks import TaskRunner, describe_error

log = logging.getLogger(__name__)
_FILE_NAME_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


class MovementWidget(QWidget):
    loaded = Signal()  # the pages show the data of the current scope and period

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._scope_id: str | None = None
        self._data: MovementData | None = None
        self._request = 0
        self._build()
        self._set_loaded(False)

    # view -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(_("Choose a commune or a province on the left."), self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setAccessibleName(_("Year"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(_("Whole year"), PeriodKind.YEAR.value)
        self.kind_combo.addItem(_("First half of the year"), PeriodKind.HALF_YEAR.value)
        self.kind_combo.setAccessibleName(_("Period"))
        self.loading = QLabel(_("Loading…"), self)
        self.loading.hide()
        self.pdf_button = QPushButton(_("Report (PDF)…"), self)
        self.xlsx_button = QPushButton(_("Excel…"), self)
        # The title, then the period and the reports; on a narrow tab (1280×720 at 150 % with
        # the unit list shown) the controls wrap to a second line instead of being cut.
        top_box = QWidget(self)
        top = FlowLayout(top_box)
        top.addWidget(self.title)
        top.addWidget(self.loading)
        top.addWidget(QLabel(_("Report period:"), self))
        top.addWidget(self.kind_combo)
        top.addWidget(self.year_spin)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.sites = SitesPage(self._ws, self._tasks, self)
        self.organisations = OrganisationsPage(self._ws, self)
        self.figures = FiguresPage(self._ws, self)
        self.rollup = RollupPage(self)
        self.offices = OfficesPage(self)
        self.outlook = OutlookPage(self)
        self.trend = TrendPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.sites, _("&Models and sites"))
        self.tabs.addTab(self.organisations, _("Mass &organisations"))
        self.tabs.addTab(self.figures, _("&Figures of the period"))
        self.tabs.addTab(self.rollup, _("&Roll-up"))
        self.tabs.addTab(self.offices, _("&Communes"))
        self.tabs.addTab(self.outlook, _("E&xemplary outlook"))
        self.tabs.addTab(self.trend, _("&Trend"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(top_box)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.year_spin.valueChanged.connect(self._on_period_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_period_changed)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        for page in (self.sites, self.organisations):
            page.changed.connect(self.reload)
        self.figures.saved.connect(self.reload)

    # public -----------------------------------------------------------------------------------
    def show_scope(self, unit_id: str | None, year: int) -> None:
        """Show the movement of a commune or a province (None: nothing chosen)."""
        if not self._leave_figures():
            return
        self._scope_id = unit_id
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        self.reload()

    def period(self) -> ReportPeriod:
        return ReportPeriod(self.year_spin.value(), PeriodKind(self.kind_combo.currentData()))

    def set_period(self, period: ReportPeriod) -> None:
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(period.kind.value))
        self.kind_combo.blockSignals(False)
        self.year_spin.setValue(period.year)  # reloads

    def data(self) -> MovementData | None:
        return self._data

    def reload(self) -> None:
        self._request += 1
        request = self._request
        self.message.clear()
        if self._scope_id is None:
            self._data = None
            self.title.setText(_("Choose a commune or a province on the left."))
            self._set_loaded(False)
            return
        self.loading.show()
        self._tasks.run(
            load_task(self._ws, self._scope_id, self.period()),
            name="movement",
            on_success=lambda data: self._on_loaded(request, data),
            on_error=lambda exc: self._on_load_failed(request, exc),
        )

    # loading ----------------------------------------------------------------------------------
    def _on_loaded(self, request: int, data: MovementData) -> None:
        if request != self._request:
            return
        self._data = data
        self.loading.hide()
        self.title.setText(
            _("{scope} — {period}").format(
                scope=data.scope.display_name, period=period_name(data.period)
            )
        )
        for page in (
            self.sites,
            self.organisations,
            self.figures,
            self.rollup,
            self.offices,
            self.outlook,
            self.trend,
        ):
            page.show_data(data)
        self.tabs.setTabVisible(
            self.tabs.indexOf(self.offices), data.scope.kind is UnitKind.PROVINCE
        )
        self._set_loaded(True)
        self.loaded.emit()

    def _on_load_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self.loading.hide()
        self.message.setText(describe_error(exc))

    def _set_loaded(self, loaded: bool) -> None:
        self.pdf_button.setEnabled(loaded)
        self.xlsx_button.setEnabled(loaded)
        self.tabs.setEnabled(loaded)

    def _on_period_changed(self, _value: object = None) -> None:
        if self._leave_figures():
            self.reload()

    def _leave_figures(self) -> bool:
        """Unsaved figures: save them, leave them, or stay (Cancel)."""
        if not self.figures.dirty:
            return True
        answer = self._ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.figures.save()
        return answer == QMessageBox.StandardButton.Discard

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved figures (tests replace this)."""
        return QMessageBox.question(
            self,
            _("Unsaved figures"),
            _("The figures of this period have changed. Save them?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )

    # report -----------------------------------------------------------------------------------
    def _ask_save_path(self, caption: str, suggested: Path, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this); None when the user cancels."""
        chosen, _selected = QFileDialog.getSaveFileName(self, caption, str(suggested), file_filter)
        return Path(chosen) if chosen else None

    def _on_pdf_button_clicked(self) -> None:
        if self._scope_id is None:
            return
        period = self.period()
        suggested = default_report_path(self._ws, self._scope_id, period)
        path = self._ask_save_path(_("Save the report"), suggested, _("PDF document (*.pdf)"))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        ws, scope_id = self._ws, self._scope_id

        def task(ctx) -> object:
            own = ws.reopen()
            try:
                return build_report(
                    own, scope_id, period, path, progress=ctx.progress, cancel=ctx.cancelled
                )
            finally:
                own.close()

        self._start_export(task, _("Writing the report…"), self._on_pdf_written)

    def _on_xlsx_button_clicked(self) -> None:
        if self._scope_id is None:
            return
        period = self.period()
        suggested = default_report_path(self._ws, self._scope_id, period).with_suffix(".xlsx")
        path = self._ask_save_path(_("Export to Excel"), suggested, _("Excel workbook (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        ws, scope_id = self._ws, self._scope_id

        def task(_ctx) -> object:
            own = ws.reopen()
            try:
                return export_report_xlsx(own, scope_id, period, path)
            finally:
                own.close()

        self._start_export(task, _("Exporting…"), self._on_xlsx_written)

    def _start_export(self, task, text: str, done) -> None:
        self.pdf_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)
        self.message.setText(text)
        self._tasks.run(
            task, name="movement-report", on_success=done, on_error=self._on_export_failed
        )

    def _on_pdf_written(self, report) -> None:
        self._set_loaded(self._data is not None)
        self.message.setText(
            _("Report written: {path} ({pages} pages).").format(path=report.pdf, pages=report.pages)
        )

    def _on_xlsx_written(self, path: Path) -> None:
        self._set_loaded(self._data is not None)
        self.message.setText(_("Exported to {path}").format(path=path))

    def _on_export_failed(self, exc: BaseException) -> None:
        self._set_loaded(self._data is not None)
        self.message.clear()
        QMessageBox.warning(self, _("Saving failed"), describe_error(exc))
