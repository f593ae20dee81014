"""The first question of an empty data folder: which office uses this program.

The office is a commune's police (it self-assesses its commune and its units) or a province's
office (it appraises its communes). The answer is the office's identity (name and unit, as in
Sync ▸ This office and other offices): it decides what the office may do, and the window opens on
its unit instead of an empty list.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.sync.unit_chooser import UnitChooser

PROVINCE_OFFICE = "Phòng PV05"  # the province police's movement-building office


def suggested_office_name(ws: Workspace, unit_id: str) -> str:
    """ "Công an xã Hồ Thị Kỷ" for a commune, "Công an tỉnh Cà Mau" for a province."""
    unit = ws.store.units.get(unit_id)
    name = unit.display_name
    return "Công an " + (name[:1].lower() + name[1:]) if name else ""


class OfficeSetupDialog(QDialog):
    """Choose this office's unit (a commune or a province) and its name; saved on "Start"."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self._suggested = ""
        self.setWindowTitle(_("This office"))
        intro = QLabel(
            _(
                "Which office uses this program? Choose your commune (or, for a province's "
                "office, your province): the program opens on it, and it decides what this "
                "office may do."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.chooser = UnitChooser(workspace, self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("e.g. Công an xã Hồ Thị Kỷ"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { color: #b91c1c; }")
        self.message.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("&Unit:"), self.chooser)
        form.addRow(_("Office &name:"), self.name_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Back"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.chooser.unitChosen.connect(self._on_chooser_unitChosen)
        self.name_edit.textEdited.connect(self._update_ok)
        self._update_ok()
        self.chooser.setFocus()

    def unit_id(self) -> str:
        return self.chooser.unit_id()

    def _update_ok(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.unit_id() and self.name_edit.text().strip()))

    def _on_chooser_unitChosen(self, unit_id: str) -> None:
        if unit_id:
            kind = self._ws.store.units.get(unit_id).kind
            suggestion = suggested_office_name(self._ws, unit_id)
            if kind is UnitKind.PROVINCE:  # a name, in Vietnamese whatever the language
                suggestion = f"{PROVINCE_OFFICE} {suggestion}"
            # Follow the unit until the user writes a name of their own.
            if not self.name_edit.text().strip() or self.name_edit.text() == self._suggested:
                self.name_edit.setText(suggestion)
            self._suggested = suggestion
        self._update_ok()

    def _on_buttons_accepted(self) -> None:
        from anninh_desktop.services.sync import identity

        try:
            identity.set_office(self._ws, self.name_edit.text(), self.unit_id())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        self.accept()


def ask_office(workspace: Workspace, parent: QWidget | None = None) -> bool:
    """Ask which office this is and set it up; False when the user went back."""
    dialog = OfficeSetupDialog(workspace, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
