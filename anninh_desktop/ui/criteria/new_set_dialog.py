"""Asking for what a province's own set starts with: code, title, unit kinds, province code."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.units import CERTIFIED_KINDS, UNIT_KIND_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_editing import blank_provincial_set
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.screen_fit import keep_on_screen


class NewSetDialog(QDialog):
    """On OK, `result_set` holds a blank version 1; refusals are shown in the dialog."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self.result_set: CriterionSet | None = None
        self.setWindowTitle(_("New provincial criterion set"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("p96-khu-dan-cu-kieu-mau")
        self.title_edit = QLineEdit(self)
        self.province_edit = QLineEdit(self)
        self.province_edit.setPlaceholderText("96")
        self.province_edit.setMaxLength(2)
        self.kind_checks = {
            kind: QCheckBox(_(UNIT_KIND_LABELS[kind]), self) for kind in CERTIFIED_KINDS
        }
        kinds = QVBoxLayout()
        for check in self.kind_checks.values():
            kinds.addWidget(check)
        hint = QLabel(
            _(
                "The code names the set for ever; start it with the province code, "
                "e.g. p96-khu-dan-cu-kieu-mau."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(_("Code"), self.code_edit)
        form.addRow("", hint)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Province code"), self.province_edit)
        form.addRow(_("For"), kinds)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _on_buttons_accepted(self) -> None:
        try:
            self.result_set = blank_provincial_set(
                self._ws,
                self.code_edit.text(),
                self.title_edit.text(),
                [kind for kind, check in self.kind_checks.items() if check.isChecked()],
                self.province_edit.text(),
            )
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return
        self.accept()
