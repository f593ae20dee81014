"""The two questions of the appraising office: why return, and the decision (number, date, who)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.workflow_dialogs import ReturnDialog

__all__ = ["DecisionDialog", "ReturnDialog"]


class DecisionDialog(QDialog):
    def __init__(self, unit_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self.setWindowTitle(_("Record the decision"))
        intro = QLabel(_("The decision on {unit}:").format(unit=unit_name), self)
        self.recognised = QRadioButton(_("Recognised"), self)
        self.not_recognised = QRadioButton(_("Not recognised"), self)
        self.recognised.setChecked(True)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(_("e.g. 125/QĐ-CAT"))
        self.on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.decided_by = QLineEdit(self)
        form = QFormLayout()
        form.addRow(self.recognised)
        form.addRow(self.not_recognised)
        form.addRow(_("Decision number"), self.number)
        form.addRow(_("Decision date"), self.on)
        form.addRow(_("Decided by"), self.decided_by)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[bool, str, date, str]:
        """(recognised, number, date, decided by)."""
        return (
            self.recognised.isChecked(),
            self.number.text(),
            self.on.date().toPython(),  # type: ignore[return-value]
            self.decided_by.text(),
        )
