"""The settings dialog: language, this office's role, and where the data folder is.

The dialog stores what the user chose (language in the preferences, the role in the data folder) and
reports it; it does not switch the language itself. The main window does that with
`qt_catalog.apply_language` and rebuilds its parts, after saving any pending edit, so no work is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop import i18n
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.office_settings import office_role, set_office_role
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.icons import standard_icon
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen

# Each language is named in itself, so a user can find theirs whatever the current language.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

ROLE_LABELS = {
    Actor.UNIT: N_("Unit's own office (commune police)"),
    Actor.APPRAISER: N_("Appraising office (province)"),
}


@dataclass(frozen=True)
class SettingsChanges:
    """What the user changed; None for what stayed the same."""

    language: str | None = None
    role: Actor | None = None

    def __bool__(self) -> bool:
        return self.language is not None or self.role is not None


def open_in_file_manager(folder: Path) -> bool:
    """Show a folder in the system's file manager; False when that is not possible."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class SettingsDialog(QDialog):
    """Language, office role and data folder. `exec()`, then read `changes()`."""

    languageChanged = Signal(str)
    roleChanged = Signal(str)

    def __init__(
        self, preferences: Preferences, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._prefs = preferences
        self._ws = workspace
        self._changes = SettingsChanges()
        self._initial_language = (
            i18n.current_language()
        )  # the language in force, not the stored one
        self._initial_role = office_role(workspace)
        self.setWindowTitle(_("Settings"))
        self._build()
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)

    def _build(self) -> None:
        self.language_box = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(self._initial_language))

        self.role_box = QComboBox(self)
        for role, label in ROLE_LABELS.items():
            self.role_box.addItem(_(label), role.value)
        self.role_box.setCurrentIndex(self.role_box.findData(self._initial_role.value))
        role_hint = QLabel(
            _(
                "The unit's own office assesses its units and submits their dossiers; "
                "the appraising office appraises them and records the decision."
            ),
            self,
        )
        role_hint.setWordWrap(True)
        role_hint.setEnabled(False)  # a quieter, secondary text

        self.folder_edit = QLineEdit(str(self._ws.root), self)
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setCursorPosition(0)
        self.open_folder_button = QPushButton(_("Open folder"), self)
        self.open_folder_button.setIcon(standard_icon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.open_folder_button.setToolTip(_("Show the data folder in the file manager"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.open_folder_button)

        form = QFormLayout()
        form.addRow(_("&Language:"), self.language_box)
        form.addRow(_("This &office:"), self.role_box)
        form.addRow("", role_hint)
        form.addRow(_("Data folder:"), folder_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    # -- what was chosen ---------------------------------------------------------------------
    def chosen_language(self) -> str:
        return str(self.language_box.currentData())

    def chosen_role(self) -> Actor:
        return Actor(self.role_box.currentData())

    def changes(self) -> SettingsChanges:
        """What was saved when the user pressed OK (nothing after Cancel)."""
        return self._changes

    # -- slots -------------------------------------------------------------------------------
    def _on_buttons_accepted(self) -> None:
        language = self.chosen_language()
        role = self.chosen_role()
        changes = SettingsChanges(
            language=language if language != self._initial_language else None,
            role=role if role != self._initial_role else None,
        )
        if language != self._prefs.language():
            self._prefs.set_language(language)
        if changes.role is not None:
            set_office_role(self._ws, changes.role)
        self._changes = changes
        self.accept()
        if changes.language is not None:
            self.languageChanged.emit(changes.language)
        if changes.role is not None:
            self.roleChanged.emit(changes.role.value)

    def _on_open_folder_clicked(self) -> None:
        if not open_in_file_manager(self._ws.root):
            self.folder_edit.selectAll()
            self.folder_edit.setFocus()
