"""The settings dialog: language, which office this is, and where the data folder is.

The dialog stores what the user chose (the language, in the preferences) and reports it; it does
not switch the language itself. The main window does that with `qt_catalog.apply_language` and
rebuilds its parts, after saving any pending edit, so no work is lost.

Which office this is (a commune's or a province's, and so what it may do) is not a setting: it
is the office's identity, set up once (first start, or Sync ▸ This office and other offices); the
dialog only shows it.
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
from anninh_desktop.i18n import _
from anninh_desktop.services.office_settings import office_name, office_role, office_unit_id
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.icons import standard_icon
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen

# Each language is named in itself, so a user can find theirs whatever the current language.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass(frozen=True)
class SettingsChanges:
    """What the user changed; None for what stayed the same."""

    language: str | None = None

    def __bool__(self) -> bool:
        return self.language is not None


def open_in_file_manager(folder: Path) -> bool:
    """Show a folder in the system's file manager; False when that is not possible."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class SettingsDialog(QDialog):
    """Language, this office (shown) and data folder. `exec()`, then read `changes()`."""

    languageChanged = Signal(str)

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

        self.office_label = QLabel(self._office_text(), self)
        self.office_label.setWordWrap(True)
        office_hint = QLabel(
            _(
                "Which office this is decides what it may do: a commune's office self-assesses "
                "its units; a province's office appraises its communes. It is set up with the "
                "office's name and unit in Sync ▸ This office and other offices."
            ),
            self,
        )
        office_hint.setWordWrap(True)
        office_hint.setEnabled(False)  # a quieter, secondary text

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
        form.addRow(_("This office:"), self.office_label)
        form.addRow("", office_hint)
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

    def _office_text(self) -> str:
        unit_id = office_unit_id(self._ws)
        if unit_id is None:
            return _("Not set up as an office yet: it keeps the self-assessments of its units.")
        unit = self._ws.store.units.get(unit_id).display_name
        name = office_name(self._ws) or unit
        if office_role(self._ws) is Actor.APPRAISER:
            return _("{name} ({unit}): appraising office").format(name=name, unit=unit)
        return _("{name} ({unit}): the unit's own office").format(name=name, unit=unit)

    def changes(self) -> SettingsChanges:
        """What was saved when the user pressed OK (nothing after Cancel)."""
        return self._changes

    # -- slots -------------------------------------------------------------------------------
    def _on_buttons_accepted(self) -> None:
        language = self.chosen_language()
        changes = SettingsChanges(
            language=language if language != self._initial_language else None,
        )
        if language != self._prefs.language():
            self._prefs.set_language(language)
        self._changes = changes
        self.accept()
        if changes.language is not None:
            self.languageChanged.emit(changes.language)

    def _on_open_folder_clicked(self) -> None:
        if not open_in_file_manager(self._ws.root):
            self.folder_edit.selectAll()
            self.folder_edit.setFocus()
