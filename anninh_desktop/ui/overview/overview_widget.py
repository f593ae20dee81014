"""The Overview tab: a province's or commune's dashboard with charts and tables, PNG and .xlsx export."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.formatting import format_number, format_share
from anninh_desktop.services.overview_stats import (
    CriterionShare,
    OverviewStats,
    overview_stats,
    overview_tables,
    state_label,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.services.xlsx_export import export_tables
from anninh_desktop.ui.column_fit import ColumnFitter
from anninh_desktop.ui.overview.bar_chart import Bar, HorizontalBarChart
from anninh_desktop.ui.overview.deadline_model import (
    COL_COMMUNE,
    COL_COUNTDOWN,
    COL_DEADLINE,
    COL_SET,
    COL_STATE,
    COL_UNIT,
    DeadlineSortProxy,
    DeadlineTableModel,
)
from anninh_desktop.ui.tasks import TaskRunner, describe_error

log = logging.getLogger(__name__)

# Colours follow the meaning (green decided well, red decided badly, amber sent back, blues for
# work under way, grey for nothing yet); every bar also carries its label and number as text.
STATE_COLORS: dict[AssessmentState | None, str] = {
    AssessmentState.REGISTERED: "#90a4ae",
    AssessmentState.IN_PROGRESS: "#64b5f6",
    AssessmentState.SELF_ASSESSED: "#1e88e5",
    AssessmentState.SUBMITTED: "#7e57c2",
    AssessmentState.UNDER_APPRAISAL: "#5e35b1",
    AssessmentState.RETURNED: "#f59e0b",
    AssessmentState.RECOGNISED: "#2e7d32",
    AssessmentState.NOT_RECOGNISED: "#c62828",
    None: "#bdbdbd",
}
_FILE_NAME_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def share_color(share: float | None) -> QColor:
    """Red below half, amber below 80 %, green above; grey when nobody has assessed it."""
    if share is None:
        return QColor("#bdbdbd")
    if share < 0.5:
        return QColor("#c62828")
    if share < 0.8:
        return QColor("#f59e0b")
    return QColor("#2e7d32")


class OverviewWidget(QWidget):
    """Dashboard of a scope (a province, a commune, or everything) for one period year."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._stats: OverviewStats | None = None
        self._request = 0  # results of an older request are dropped
        self._build()
        self.loading.hide()
        self._set_loaded(False)

    # view ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.loading = QLabel(_("Loading…"), self)
        self.excel_button = QPushButton(_("Export to Excel…"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.state_chart = HorizontalBarChart(self)
        self.state_chart.setAccessibleName(_("Units by state"))
        self.state_png_button = QPushButton(_("Save chart as PNG…"), self)
        states_box = QGroupBox(_("Units by state"), self)
        states_layout = QVBoxLayout(states_box)
        states_layout.addWidget(self.state_chart)
        states_layout.addStretch(1)
        states_layout.addWidget(self.state_png_button, 0, Qt.AlignmentFlag.AlignRight)

        self.set_combo = QComboBox(self)
        self.set_combo.setAccessibleName(_("Criterion set"))
        self.criteria_chart = HorizontalBarChart(self, label_share=0.6)
        self.criteria_chart.setAccessibleName(_("Hardest criteria"))
        self.criteria_png_button = QPushButton(_("Save chart as PNG…"), self)
        self.criteria_note = QLabel(
            _(
                "Share of the assessed units that meet each criterion, lowest first; "
                "“not applicable” and rows not yet assessed are left out."
            ),
            self,
        )
        self.criteria_note.setWordWrap(True)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.criteria_chart)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        criteria_box = QGroupBox(_("Hardest criteria"), self)
        criteria_layout = QVBoxLayout(criteria_box)
        criteria_layout.addWidget(self.set_combo)
        criteria_layout.addWidget(self.criteria_note)
        criteria_layout.addWidget(scroll, 1)
        criteria_layout.addWidget(self.criteria_png_button, 0, Qt.AlignmentFlag.AlignRight)

        self.deadline_model = DeadlineTableModel(self)
        self.deadline_proxy = DeadlineSortProxy(self)
        self.deadline_proxy.setSourceModel(self.deadline_model)
        self.deadline_table = QTableView(self)
        self.deadline_table.setModel(self.deadline_proxy)
        self.deadline_table.setSortingEnabled(True)
        self.deadline_table.sortByColumn(COL_DEADLINE, Qt.SortOrder.AscendingOrder)
        self.deadline_table.setAlternatingRowColors(True)
        self.deadline_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.deadline_table.verticalHeader().hide()
        self.deadline_table.setWordWrap(False)  # one line a row, long texts end in "…"
        # Unit names whole (up to a long school's name), the set's title takes the rest and is
        # shortened with "…" (whole in its tooltip); in a narrow window the commune, the time
        # left and the state give way, in that order.
        self.deadline_columns = ColumnFitter(
            self.deadline_table,
            main=COL_SET,
            main_chars=24,
            drop_order=(COL_COMMUNE, COL_COUNTDOWN, COL_STATE),
            max_chars={COL_UNIT: 30, COL_COMMUNE: 20},
        )
        deadlines_box = QGroupBox(_("Nearest deadlines with rows not met or not assessed"), self)
        QVBoxLayout(deadlines_box).addWidget(self.deadline_table)

        top_line = QHBoxLayout()
        top_line.addWidget(self.title, 1)
        top_line.addWidget(self.loading)
        top_line.addWidget(self.excel_button)
        charts = QWidget(self)
        charts_layout = QHBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(states_box, 2)
        charts_layout.addWidget(criteria_box, 3)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(charts)
        splitter.addWidget(deadlines_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # On a short screen the dashboard scrolls rather than squeeze its charts and table.
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.addLayout(top_line)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        page = QScrollArea(self)
        page.setWidgetResizable(True)
        page.setFrameShape(QScrollArea.Shape.NoFrame)
        page.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)

        self.set_combo.currentIndexChanged.connect(self._on_set_combo_current_index_changed)
        self.excel_button.clicked.connect(self._on_excel_button_clicked)
        self.state_png_button.clicked.connect(self._on_state_png_button_clicked)
        self.criteria_png_button.clicked.connect(self._on_criteria_png_button_clicked)

    # public ----------------------------------------------------------------------------------
    def show_scope(self, unit_id: str | None, year: int) -> None:
        """Show the dashboard of a province or commune (None: every unit in the data folder)."""
        self._request += 1
        request = self._request
        self.loading.show()
        self.message.clear()
        ws = self._ws

        def load(ctx) -> OverviewStats:
            own = ws.reopen()
            try:
                return overview_stats(own, unit_id, year)
            finally:
                own.close()

        self._tasks.run(
            load,
            name="overview",
            on_success=lambda stats: self._on_loaded(request, stats),
            on_error=lambda exc: self._on_load_failed(request, exc),
        )

    def stats(self) -> OverviewStats | None:
        """The figures on screen (None until the first load finished)."""
        return self._stats

    # loading ---------------------------------------------------------------------------------
    def _on_loaded(self, request: int, stats: OverviewStats) -> None:
        if request != self._request:
            return
        self._stats = stats
        self.loading.hide()
        self.title.setText(stats.scope_name)
        open_count = len(stats.deadlines)
        self.summary.setText(
            " · ".join(
                [
                    _("Period {year}").format(year=stats.year),
                    ngettext("{count} unit", "{count} units", stats.units).format(
                        count=format_number(stats.units)
                    ),
                    ngettext("{count} assessment", "{count} assessments", stats.assessments).format(
                        count=format_number(stats.assessments)
                    ),
                    ngettext(
                        "{count} still open with rows not met or not assessed",
                        "{count} still open with rows not met or not assessed",
                        open_count,
                    ).format(count=format_number(open_count)),
                ]
            )
        )
        self.state_chart.set_bars(
            [
                Bar(
                    label=state_label(b.state),
                    value=b.count,
                    value_text=format_number(b.count),
                    color=QColor(STATE_COLORS[b.state]),
                    tooltip=self._state_tooltip(b.state, b.count),
                )
                for b in stats.states
            ]
        )
        current = self.set_combo.currentData()
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for s in stats.sets:
            self.set_combo.addItem(s.title, s.code)
        index = self.set_combo.findData(current)
        if index < 0 and stats.sets:  # first time: the set most units of the scope work on
            busiest = max(stats.sets, key=lambda s: s.assessments)
            index = self.set_combo.findData(busiest.code)
        self.set_combo.setCurrentIndex(max(index, 0))
        self.set_combo.blockSignals(False)
        self._show_criteria()
        self.deadline_model.set_rows(list(stats.deadlines), stats.today)
        self._set_loaded(True)

    def _on_load_failed(self, request: int, exc: BaseException) -> None:
        if request != self._request:
            return
        self.loading.hide()
        self.message.setText(describe_error(exc))

    def _set_loaded(self, loaded: bool) -> None:
        for button in (self.excel_button, self.state_png_button, self.criteria_png_button):
            button.setEnabled(loaded)
        self.set_combo.setEnabled(loaded and self.set_combo.count() > 0)

    @staticmethod
    def _state_tooltip(state: AssessmentState | None, count: int) -> str:
        if state is None:
            return _(
                "{count} residential areas, agencies, enterprises or schools have no "
                "assessment this period"
            ).format(count=format_number(count))
        return _("{state}: {count} (a unit assessed against two sets counts twice)").format(
            state=state_label(state), count=format_number(count)
        )

    # criteria --------------------------------------------------------------------------------
    def _on_set_combo_current_index_changed(self, _index: int) -> None:
        self._show_criteria()

    def _show_criteria(self) -> None:
        stats = self._stats
        code = self.set_combo.currentData()
        chosen = next((s for s in stats.sets if s.code == code), None) if stats else None
        if chosen is None:
            self.criteria_chart.set_empty_text(_("No assessments in this scope and period"))
            self.criteria_chart.set_bars([], maximum=1.0)
            return
        self.criteria_chart.set_bars([self._criterion_bar(c) for c in chosen.criteria], 1.0)

    @staticmethod
    def _criterion_bar(c: CriterionShare) -> Bar:
        short = " ".join(c.text.split())
        if c.share is None:
            value_text = _("not assessed yet")
        else:
            value_text = _("{share} ({met}/{assessed})").format(
                share=format_share(c.share), met=c.met, assessed=c.assessed
            )
        tooltip = _(
            "{ref}: {text}\nMet {met}, not met {not_met}, not applicable {na}, not assessed {open}"
        ).format(
            ref=c.ref,
            text=short,
            met=c.met,
            not_met=c.not_met,
            na=c.not_applicable,
            open=c.not_assessed,
        )
        return Bar(f"{c.ref}  {short}", c.share or 0.0, value_text, share_color(c.share), tooltip)

    # export ----------------------------------------------------------------------------------
    def _suggested_name(self, what: str, suffix: str) -> str:
        stats = self._stats
        assert stats is not None
        name = f"{what} - {stats.scope_name} - {stats.year}{suffix}"
        return _FILE_NAME_FORBIDDEN.sub("-", name)

    def _ask_save_path(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this); None when the user cancels."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _selected = QFileDialog.getSaveFileName(
            self, caption, str(Path(folder) / suggested), file_filter
        )
        return Path(chosen) if chosen else None

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, _("Saving failed"), message)

    def _on_state_png_button_clicked(self) -> None:
        self._save_chart(self.state_chart, _("Units by state"))

    def _on_criteria_png_button_clicked(self) -> None:
        title = self.set_combo.currentText() or _("Hardest criteria")
        self._save_chart(self.criteria_chart, title)

    def _save_chart(self, chart: HorizontalBarChart, what: str) -> None:
        path = self._ask_save_path(
            _("Save chart as PNG"), self._suggested_name(what, ".png"), _("PNG image (*.png)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        try:
            chart.save_png(path)
        except Exception as exc:  # a message for the user, the details in the log
            log.info("saving chart failed", exc_info=True)
            self._show_error(describe_error(exc))
            return
        self.message.setText(_("Chart saved to {path}").format(path=path))

    def _on_excel_button_clicked(self) -> None:
        if self._stats is None:
            return
        path = self._ask_save_path(
            _("Export to Excel"),
            self._suggested_name(_("Overview"), ".xlsx"),
            _("Excel workbook (*.xlsx)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        tables = overview_tables(self._stats)  # translated here, on the GUI thread
        self.excel_button.setEnabled(False)
        self.message.setText(_("Exporting…"))
        self._tasks.run(
            lambda ctx: export_tables(path, tables),
            name="overview-xlsx",
            on_success=self._on_excel_saved,
            on_error=self._on_excel_failed,
        )

    def _on_excel_saved(self, path: Path) -> None:
        self.excel_button.setEnabled(self._stats is not None)
        self.message.setText(_("Exported to {path}").format(path=path))

    def _on_excel_failed(self, exc: BaseException) -> None:
        self.excel_button.setEnabled(self._stats is not None)
        self.message.clear()
        self._show_error(describe_error(exc))
