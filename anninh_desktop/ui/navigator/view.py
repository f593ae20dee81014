"""Layout of the navigator pane: search box, filters, the unit tree and a one-line summary."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.flow_layout import FlowLayout

NAME_MIN_CHARS = 18  # the state column gives way below this much room for names


class UnitTreeView(QTreeView):
    """The unit tree; says once when it has first been painted (the window's start is measured by
    it, and the rest of the window is built after it).

    A paint override rather than an event filter on the viewport: the first `viewport()` call
    makes PySide6 look up the widget's class among all of QtWidgets (~25 ms), which a start
    should not pay before its first paint.
    """

    firstPainted = Signal()
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painted = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()

    def viewport_width(self) -> int:
        """The viewport's width, without calling `viewport()` (see the class): the room inside
        the frame, less the vertical scroll bar when it is shown beside the rows."""
        width = self.maximumViewportSize().width()
        bar = self.verticalScrollBar()
        always = self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        if not always and bar.isVisibleTo(self):  # (always on: not in maximumViewportSize)
            width -= bar.width()
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()


class NavigatorView(QWidget):
    """Only lays out; NavigatorWidget fills and connects the children."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search units, e.g. chau hung"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search units"))

        self.year_combo = QComboBox(self)
        self.kind_combo = QComboBox(self)
        self.state_combo = QComboBox(self)
        self.unmet_check = QCheckBox(_("Unmet criteria"), self)
        self.unmet_check.setToolTip(_("Units with criteria not met or not assessed yet"))
        self.evidence_check = QCheckBox(_("Lacks evidence"), self)
        self.evidence_check.setToolTip(
            _("Units with a criterion that asks for evidence and has none linked")
        )
        self.all_units_check = QCheckBox(_("All official units"), self)
        self.all_units_check.setToolTip(
            _("Show every province and commune, also those without assessments")
        )
        self.historic_check = QCheckBox(_("Former units"), self)
        self.historic_check.setToolTip(
            _("Show provinces, districts and communes that existed before 1 July 2025")
        )

        for combo in (self.year_combo, self.kind_combo, self.state_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("&Period:"), self.year_combo)
        form.addRow(_("&Kind:"), self.kind_combo)
        form.addRow(_("S&tate:"), self.state_combo)
        checks_box = QWidget(self)
        checks = FlowLayout(checks_box)
        for check in (
            self.unmet_check,
            self.evidence_check,
            self.all_units_check,
            self.historic_check,
        ):
            checks.addWidget(check)

        self.tree = UnitTreeView(self)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAccessibleName(_("Units"))
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setMinimumSectionSize(24)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(form)
        layout.addWidget(checks_box)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)

    def fit_columns(self, state_labels: list[str]) -> None:
        """The name takes the free width; state and progress get the width of their longest text.

        Widths come from the font, not from the rows: measuring thousands of rows costs time at
        start and jumps while the user expands nodes.
        """
        header = self.tree.header()
        metrics = self.tree.fontMetrics()
        pad = 3 * metrics.averageCharWidth()
        state_width = max(metrics.horizontalAdvance(t) for t in [*state_labels, _("State")])
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, min(state_width + pad, 22 * metrics.averageCharWidth()))
        header.resizeSection(2, metrics.horizontalAdvance("888/888 +8") + pad)
        self._state_width = header.sectionSize(1)
        self.tree.resized.connect(self._fit_state_column)
        self._fit_state_column()

    def _fit_state_column(self) -> None:
        """Names first: in a narrow list the state column hides (each row's tooltip and the
        assessment header still say it)."""
        header = self.tree.header()
        metrics = self.tree.fontMetrics()
        room = self.tree.viewport_width() - header.sectionSize(2) - self._state_width
        names = NAME_MIN_CHARS * metrics.averageCharWidth() + 3 * self.tree.indentation()
        header.setSectionHidden(1, room < names)
