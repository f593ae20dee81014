"""One officer's name, rank, position and optional PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.officers import RANKS, Officer
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins
from anninh_desktop.services.workspace import Workspace


class OfficerForm(QDialog):
    """Add an officer (`officer` None) or change one; saves through the services on OK."""

    def __init__(
        self, ws: Workspace, officer: Officer | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self._officer = officer
        self.saved: Officer | None = None
        self.setWindowTitle(_("Add an officer") if officer is None else _("Change an officer"))
        self.name_edit = QLineEdit(self)
        self.rank_combo = QComboBox(self)
        self.rank_combo.setEditable(True)
        self.rank_combo.addItems(["", *RANKS])
        self.position_edit = QLineEdit(self)
        self.position_edit.setPlaceholderText(_("e.g. Deputy head of the commune police"))
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(pins.MAX_DIGITS)
        has_pin = officer is not None and pins.has_pin(ws, officer.id)
        self.pin_edit.setPlaceholderText(
            _("unchanged") if has_pin else _("none (optional, 4 to 8 digits)")
        )
        self.clear_pin_box = QCheckBox(_("Remove the PIN"), self)
        self.clear_pin_box.setVisible(has_pin)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        if officer is not None:
            self.name_edit.setText(officer.name)
            self.rank_combo.setCurrentText(officer.rank)
            self.position_edit.setText(officer.position)

        form = QFormLayout()
        form.addRow(_("Full &name"), self.name_edit)
        form.addRow(_("&Rank"), self.rank_combo)
        form.addRow(_("&Position"), self.position_edit)
        form.addRow(_("P&IN"), self.pin_edit)
        form.addRow("", self.clear_pin_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        pin = self.pin_edit.text().strip()
        try:
            if pin:
                pins.check_form(pin)  # told before anything is saved
            if self._officer is None:
                saved = people.add_officer(
                    self._ws,
                    self.name_edit.text(),
                    self.rank_combo.currentText(),
                    self.position_edit.text(),
                )
            else:
                saved = people.update_officer(
                    self._ws,
                    self._officer.id,
                    name=self.name_edit.text(),
                    rank=self.rank_combo.currentText(),
                    position=self.position_edit.text(),
                )
            if pin:
                pins.set_pin(self._ws, saved.id, pin)
            elif self.clear_pin_box.isChecked():
                pins.set_pin(self._ws, saved.id, None)
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return
        self.saved = saved
        super().accept()
