"""The questions the workflow asks before a step that cannot be taken back by the one who takes it:
a return for correction (its reason, then a confirmation), finishing the self-assessment and
submitting (what they lock). Used by the assessment header and the Appraisal tab alike.

Dialogs open window-modally without blocking (`open()`), so tests and the window keep running;
the caller connects to `accepted` and to the confirmation's buttons.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.ui.screen_fit import keep_on_screen


class ReturnDialog(QDialog):
    """What the unit must correct; "Return for correction" stays disabled until it is said."""

    def __init__(self, unit_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self.setWindowTitle(_("Return for correction"))
        label = QLabel(
            _(
                "Return the assessment of {unit} for correction. Say what the unit must "
                "correct; it sees this text with the assessment:"
            ).format(unit=unit_name),
            self,
        )
        label.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(_("e.g. Add the minutes of the assessment meeting."))
        self.reason.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Return for correction"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel(_("A return needs a reason."), self)
        self.hint.setStyleSheet("QLabel { color: #9a3412; }")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._on_reason_textChanged)
        self._on_reason_textChanged()
        self.reason.setFocus()

    def text(self) -> str:
        return nfc(self.reason.toPlainText().strip())

    def _on_reason_textChanged(self) -> None:
        given = bool(self.text())
        self.ok_button.setEnabled(given)
        self.hint.setVisible(not given)


def confirm_box(
    parent: QWidget, title: str, text: str, yes_text: str, *, warning: bool = False
) -> tuple[QMessageBox, object]:
    """A question with a named "yes" button and Cancel as default (Enter never confirms);
    returns the box and its yes button, to compare with the clicked one."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText(yes_text)
    box.button(QMessageBox.StandardButton.Cancel).setText(_("Cancel"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box, yes


def confirm_return(parent: QWidget, unit_name: str, reason: str) -> tuple[QMessageBox, object]:
    box, yes = confirm_box(
        parent,
        _("Return for correction"),
        _(
            "Return the assessment of {unit} for correction?\n\nThe unit can change its results "
            "again and reads your reason:\n“{reason}”"
        ).format(unit=unit_name, reason=reason),
        _("Return for correction"),
        warning=True,
    )
    return box, yes


def confirm_finish(parent: QWidget, unit_name: str) -> tuple[QMessageBox, object]:
    return confirm_box(
        parent,
        _("Finish self-assessment"),
        _(
            "Finish the self-assessment of {unit}?\n\nIts results and evidence links are then "
            "locked (read-only) until you choose “Reopen for editing”. The dossier's texts can "
            "still be edited until it is submitted."
        ).format(unit=unit_name),
        _("Finish"),
    )


def confirm_submit(parent: QWidget, unit_name: str) -> tuple[QMessageBox, object]:
    return confirm_box(
        parent,
        _("Submit"),
        _(
            "Submit the assessment of {unit}?\n\nAfter submitting, the assessment and its "
            "dossier are read-only until the appraising office returns it for correction."
        ).format(unit=unit_name),
        _("Submit"),
    )
