"""The names printed under the signature spaces of the dossier's documents (office settings):
the commander, the deputy who signs "KT.", the meeting's secretary. Used by the next build."""

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

from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.signer_settings import (
    SignerNames,
    save_signer_names,
    signer_names,
)
from anninh_desktop.services.workspace import Workspace


class SignersDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.setWindowTitle(_("Signers"))
        names = signer_names(workspace)
        self.commander_edit = QLineEdit(names.commander, self)
        self.deputy_edit = QLineEdit(names.deputy, self)
        self.secretary_edit = QLineEdit(names.secretary, self)
        for edit in (self.commander_edit, self.deputy_edit, self.secretary_edit):
            edit.setPlaceholderText(_("not set: printed as a dotted line"))
            edit.setMinimumWidth(280)
        intro = QLabel(
            _(
                "The names printed under the signature spaces of the Tờ trình, Báo cáo and Biên "
                "bản. The next build uses them; a dossier already built keeps its names."
            ),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Commander (Trưởng Công an):"), self.commander_edit)
        form.addRow(_("&Deputy who signs “KT.”:"), self.deputy_edit)
        form.addRow(_("&Secretary of the meeting:"), self.secretary_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        save_signer_names(
            self._ws,
            SignerNames(
                commander=self.commander_edit.text(),
                deputy=self.deputy_edit.text(),
                secretary=self.secretary_edit.text(),
            ),
        )
        super().accept()
