"""The question asked when added files are already evidence of the unit: link the existing item,
add a new item anyway, or cancel the import."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services import evidence_import_report
from anninh_desktop.services.evidence_import import OnDuplicate, PreparedImport


class DuplicateQuestion(QMessageBox):
    """Shown with open(); `choice()` after `finished` says what the user chose."""

    def __init__(self, prepared: PreparedImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        question, files = evidence_import_report.duplicate_question(prepared)
        count = len(prepared.duplicates)
        linkable = bool(prepared.link_to)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(_("Already evidence of this unit"))
        self.setText(question)
        self.setInformativeText(files)
        if linkable:
            link_text = ngettext("Link the existing item", "Link the existing items", count)
        else:
            link_text = ngettext(
                "Keep only the existing item", "Keep only the existing items", count
            )
        self.link_button: QPushButton = self.addButton(link_text, QMessageBox.ButtonRole.AcceptRole)
        self.add_button: QPushButton = self.addButton(
            ngettext("Add anyway as a new item", "Add anyway as new items", count),
            QMessageBox.ButtonRole.ActionRole,
        )
        self.cancel_button: QPushButton = self.addButton(
            _("Cancel"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.link_button)
        self.setEscapeButton(self.cancel_button)

    def choice(self) -> OnDuplicate:
        clicked = self.clickedButton()
        if clicked is self.link_button:
            return OnDuplicate.LINK
        if clicked is self.add_button:
            return OnDuplicate.ADD
        return OnDuplicate.CANCEL
