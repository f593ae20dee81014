"""The reminder window: deadlines (overdue first, then the nearest) and, when due, a backup."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.deadline_reminders import DeadlineGroup
from anninh_desktop.services.formatting import countdown, format_date
from anninh_desktop.ui.screen_fit import keep_on_screen

COL_DUE, COL_LEFT, COL_WHAT, COL_SET, COL_UNITS = range(5)
OVERDUE = QColor("#b00020")
SOON_DAYS = 7
MAX_NAMES = 15  # in a row's tooltip
UNITS_WIDTH = 180


class ReminderDialog(QDialog):
    backupRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reminders"))
        self.setWindowFlag(Qt.WindowType.Tool, True)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.heading = QLabel("", self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [_("Due"), _("Time left"), _("What is due"), _("Criterion set"), _("Units")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The deadline's wording and the set's title share the width; no sideways scrolling.
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_UNITS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_UNITS, UNITS_WIDTH)  # the names are in the tooltip
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.backup_label = QLabel("", self)
        self.backup_label.setWordWrap(True)
        self.backup_button = QPushButton(_("&Back up now…"), self)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_label, 1)
        backup_row.addWidget(self.backup_button)
        self.backup_box = QWidget(self)
        self.backup_box.setLayout(backup_row)
        self.not_today = QCheckBox(_("&Do not remind me again today"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.backup_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.not_today, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.resize(900, 380)
        keep_on_screen(self)  # a laptop at 150 % must still show the buttons

    def show_items(self, groups: list[DeadlineGroup], today: date, backup_text: str) -> None:
        overdue = sum(1 for g in groups if g.days_left(today) < 0)
        if not groups:
            self.heading.setText(_("No deadline of the office's assessments in the coming weeks."))
        elif overdue:
            self.heading.setText(
                _("{overdue} of the {count} nearest deadlines have passed.").format(
                    overdue=overdue, count=len(groups)
                )
            )
        else:
            self.heading.setText(_("The nearest deadlines of the office's assessments:"))
        self.table.setVisible(bool(groups))
        self.table.setRowCount(len(groups))
        for row, g in enumerate(groups):
            left = g.days_left(today)
            names = ", ".join(g.units[:MAX_NAMES])
            if len(g.units) > MAX_NAMES:
                names += " " + _("and {count} more").format(count=len(g.units) - MAX_NAMES)
            cells = [
                format_date(g.due),
                countdown(g.due, today),
                g.label,
                f"{g.set_title} ({g.year})",
                names if len(g.units) <= 2 else _("{count} units").format(count=len(g.units)),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(names if col == COL_UNITS else text)
                if left < 0:
                    item.setForeground(QBrush(OVERDUE))
                if col == COL_LEFT and left <= SOON_DAYS:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        self.backup_label.setText(backup_text)
        self.backup_box.setVisible(bool(backup_text))

    def _on_backup_button_clicked(self) -> None:
        self.backupRequested.emit()
        self.close()
