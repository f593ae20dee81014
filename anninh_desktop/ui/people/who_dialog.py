"""Who is working: asked at start when the office has officers, and from File ▸ Change officer.

The officer this Windows user chose last time is preselected; an officer with a PIN types it.
"Nobody" is allowed: changes then name the Windows user only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins, session
from anninh_desktop.services.workspace import Workspace


class WhoIsWorkingDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("who_is_working_dialog")
        self._ws = ws
        self.setWindowTitle(_("Who is working?"))
        intro = QLabel(
            _("Changes you make are recorded with your name. Choose yourself in the list."),
            self,
        )
        intro.setWordWrap(True)
        self.officer_combo = QComboBox(self)
        for o in people.officers(ws):
            text = f"{o.label} — {o.position}" if o.position else o.label
            self.officer_combo.addItem(text, o.id)
        current = ws.officer or session.remembered_officer(ws)
        if current is not None:
            self.officer_combo.setCurrentIndex(max(self.officer_combo.findData(current.id), 0))
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(pins.MAX_DIGITS)
        self.pin_label = QLabel(_("&PIN"), self)
        self.pin_label.setBuddy(self.pin_edit)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(_("&Officer"), self.officer_combo)
        form.addRow(self.pin_label, self.pin_edit)
        buttons = QDialogButtonBox(self)
        self.start_button = QPushButton(_("&Start work"), self)
        self.start_button.setDefault(True)
        self.nobody_button = QPushButton(_("&Not now"), self)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.nobody_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.officer_combo.currentIndexChanged.connect(lambda _i: self._update_pin())
        self._update_pin()
        self.setMinimumWidth(440)

    def _update_pin(self) -> None:
        officer_id = self.officer_combo.currentData()
        needed = bool(officer_id) and pins.has_pin(self._ws, str(officer_id))
        self.pin_edit.clear()
        self.pin_edit.setVisible(needed)
        self.pin_label.setVisible(needed)
        if needed:
            self.pin_edit.setFocus()

    def accept(self) -> None:
        officer_id = self.officer_combo.currentData()
        if not officer_id:
            super().reject()
            return
        try:
            session.start_work(self._ws, str(officer_id), self.pin_edit.text())
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            self.pin_edit.selectAll()
            return
        super().accept()

    def reject(self) -> None:
        session.stop_work(self._ws)
        super().reject()
