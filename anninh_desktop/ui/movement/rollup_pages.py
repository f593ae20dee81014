"""Pages that show the roll-up: every figure of the form, the communes of a province, the
exemplary outlook, and the charted figures over the periods."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement_forecast import NEGATIVE, OUTLOOK_LABELS
from anninh_desktop.domain.movement_periods import PeriodKind, ReportPeriod
from anninh_desktop.i18n import _
from anninh_desktop.services.movement import numbers
from anninh_desktop.ui.column_fit import ColumnFitter
from anninh_desktop.ui.movement.table_model import Row, RowsModel, shown_label
from anninh_desktop.ui.movement.work import MovementData
from anninh_desktop.ui.overview.bar_chart import Bar, HorizontalBarChart

PERIOD_COLOURS = ("#c9d6e3", "#8fb0cf", "#4f81b0", "#1f4e79")


def period_name(period: ReportPeriod) -> str:
    if period.kind is PeriodKind.HALF_YEAR:
        return _("first half of {year}").format(year=period.year)
    return _("year {year}").format(year=period.year)


def _table(parent: QWidget, model: RowsModel, stretch: int) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    # A long figure label cut in a narrow column still shows its start (full text: tooltip).
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setTextElideMode(Qt.TextElideMode.ElideRight)  # "Số người tham dự…", not cut off
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table


class RollupPage(QWidget):
    """Every figure: value (done/total and share), same period a year before, change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.model = RowsModel(
            [_("Indicator"), _("Measure"), _("Value"), _("Same period a year before"), _("Change")],
            self,
        )
        self.table = _table(self, self.model, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_data(self, data: MovementData) -> None:
        r = data.rollup
        note = _(
            "{scope}, {period} ({start} – {end}). Blue figures are computed by the program "
            "from its data; shares and changes are computed, never typed."
        ).format(
            scope=r.scope.display_name,
            period=period_name(r.period),
            start=r.start.strftime("%d/%m/%Y"),
            end=r.end.strftime("%d/%m/%Y"),
        )
        if r.offices:
            reporting = r.reporting
            note += " " + _("Communes that reported: {ratio}.").format(
                ratio=numbers.ratio_text(reporting)
            )
        self.note.setText(note)
        rows: list[Row] = []
        by_key = {f.field.key: f for f in r.figures}
        for group in r.form.groups:
            name = shown_label(group.title, group.title_en)
            title = f"{group.number}. {name}" if group.number else name
            rows.append(Row([title, "", "", "", ""], bold=True))
            for field in group.fields:
                f = by_key[field.key]
                value = numbers.ratio_text(f.ratio) if f.ratio else numbers.count_text(f.value)
                change = f.change
                rows.append(
                    Row(
                        [
                            shown_label(field.label, field.label_en),
                            field.measure,
                            value,
                            numbers.count_text(f.previous) if field.compare else "",
                            (
                                f"{numbers.difference_text(change)} ({numbers.relative_text(change)})"
                                if change is not None
                                else ""
                            ),
                        ],
                        payload=field.key,
                        computed=field.computed is not None,
                        tooltips=[
                            _("Computed from the program's data") if field.computed else "",
                        ],
                    )
                )
        self.model.set_rows(rows)


class OfficesPage(QWidget):
    """A province's communes: reported or not, and the charted figures of each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.model = RowsModel([], self)
        self.table = _table(self, self.model, 0)
        self.columns = ColumnFitter(self.table, main=0, main_chars=24, scroll_when_narrow=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_data(self, data: MovementData) -> None:
        r = data.rollup
        charted = [f for f in r.form.fields() if f.chart]
        self.model.set_headers(
            [_("Unit"), _("Reported"), *(shown_label(f.label, f.label_en) for f in charted)]
        )
        # Figure columns narrow (the full label is the header's tooltip); the names stretch
        # and keep their room (the table scrolls sideways when the figures do not fit).
        self.columns.set_max_chars({column: 16 for column in range(2, 2 + len(charted))})
        rows = [
            Row(
                [
                    o.name,
                    _("yes") if o.reported else _("no"),
                    *(numbers.count_text(o.values[f.key]) for f in charted),
                ],
                payload=o.unit_id,
                attention=not o.reported,
            )
            for o in r.offices
        ]
        self.model.set_rows(rows)
        reporting = r.reporting
        self.note.setText(
            _(
                "{done} of {total} communes entered figures for this period; those that did not "
                "are in red."
            ).format(done=reporting.done, total=reporting.total)
        )


class OutlookPage(QWidget):
    """Units building the exemplary title: met/applicable, the forecast, what is lacking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.model = RowsModel(
            [_("Unit"), _("Criterion set"), _("Met"), _("Outlook"), _("Lacking / planned")], self
        )
        self.table = _table(self, self.model, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_data(self, data: MovementData) -> None:
        rows = []
        for o in data.rollup.outlooks:
            f = o.forecast
            detail = []
            if f.lacking:
                detail.append(_("lacking: {refs}").format(refs=", ".join(f.lacking)))
            if f.planned:
                detail.append(_("planned in time: {refs}").format(refs=", ".join(f.planned)))
            if f.open_refs:
                detail.append(_("not yet assessed: {count}").format(count=len(f.open_refs)))
            rows.append(
                Row(
                    [
                        o.unit_name,
                        o.set_title,
                        f"{o.met}/{o.applicable}",
                        _(OUTLOOK_LABELS[f.outlook]),
                        "; ".join(detail),
                    ],
                    payload=o.unit_id,
                    attention=f.outlook in NEGATIVE,
                )
            )
        self.model.set_rows(rows)
        self.note.setText(
            _(
                "A unit is expected to meet the title when every criterion is met, not applicable, "
                "or has a remediation plan due before its period ends."
            )
            if rows
            else _("No unit of this scope builds the exemplary title in this period.")
        )


class TrendPage(QWidget):
    """The charted fields over the periods of the same kind, one small chart each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: dict[str, HorizontalBarChart] = {}
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll)

    def show_data(self, data: MovementData) -> None:
        self.charts.clear()
        body = QWidget()
        column = QVBoxLayout(body)
        charted = [f for f in data.rollup.form.fields() if f.chart]
        for f in charted:
            box = QGroupBox(shown_label(f.label, f.label_en), body)
            chart = HorizontalBarChart(box, label_share=0.3)
            chart.setAccessibleName(f.label)
            bars = []
            for i, (period, values) in enumerate(data.history):
                value = values.get(f.key)
                colour = (
                    PERIOD_COLOURS[-len(data.history) + i]
                    if len(data.history) <= 4
                    else (PERIOD_COLOURS[i % 4])
                )
                bars.append(
                    Bar(
                        period_name(period),
                        float(value or 0),
                        numbers.count_text(value),
                        QColor(colour),
                    )
                )
            chart.set_bars(bars)
            QVBoxLayout(box).addWidget(chart)
            self.charts[f.key] = chart
            column.addWidget(box)
        column.addStretch(1)
        self.scroll.setWidget(body)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignTop)
