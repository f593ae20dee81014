"""At start: a data folder copied or moved from elsewhere says what it is before anything else.

See services/sync/relocation.py: a copy used beside the original needs its own identity, or the
two would overwrite each other's edits when they exchange data; a moved folder keeps its identity.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace

Choice = Literal["copy", "moved"]


class RelocationQuestion(QMessageBox):
    """ "Copy (own identity)", "Moved here", "Cancel" (the program then quits)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(_("An Ninh Desktop"))
        self.setText(_("This data folder was made on another computer or in another folder."))
        self.setInformativeText(
            _(
                "If the original folder is still used (for example on a second computer of this "
                "office), this copy needs its own identity, so that the two can exchange data "
                "without overwriting each other's work; the other offices then import its new "
                "office card. If the folder was moved here and the original is no longer used, "
                "it keeps its identity."
            )
        )
        self.copy_button = self.addButton(
            _("It is a &copy: give it its own identity"), QMessageBox.ButtonRole.AcceptRole
        )
        self.moved_button = self.addButton(
            _("It was &moved here"), QMessageBox.ButtonRole.AcceptRole
        )
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.copy_button)  # the safe answer when unsure

    def choice(self) -> Choice | None:
        clicked = self.clickedButton()
        if clicked is self.copy_button:
            return "copy"
        if clicked is self.moved_button:
            return "moved"
        return None


def apply_choice(ws: Workspace, choice: Choice) -> None:
    if choice == "copy":
        from anninh_desktop.services.sync.identity import new_installation_id_for_copy

        new_installation_id_for_copy(ws)
    else:
        from anninh_desktop.services.sync.relocation import confirm_moved

        confirm_moved(ws)


def ask_relocation(ws: Workspace, parent: QWidget | None = None) -> bool:
    """Ask and act; False when the user cancelled (the program then quits, nothing changed)."""
    box = RelocationQuestion(parent)
    try:
        box.exec()
        choice = box.choice()
    finally:
        box.deleteLater()
    if choice is None:
        return False
    apply_choice(ws, choice)
    return True
