"""File ▸ Back up…: where to, the passphrase (twice), then the backup with progress and Stop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.maintenance import backup_catalog
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.maintenance.run_panel import RunPanel
from anninh_desktop.ui.maintenance.work import backup_task
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskRunner

FOLDER_PURPOSE = "backup"
MIN_PASSPHRASE = 8


class BackupDialog(QDialog):
    def __init__(
        self,
        ws: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self._prefs = preferences
        self.written: Path | None = None
        self.setWindowTitle(_("Back up the data"))
        intro = QLabel(
            _(
                "The backup is one encrypted file holding the assessments, the evidence, this "
                "office's keys and the settings. Put it on a USB stick or another drive, and keep "
                "the passphrase apart from it: without the passphrase it cannot be restored."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.last_label = QLabel(self._last_text(), self)
        self.last_label.setWordWrap(True)
        self.folder_edit = QLineEdit(self)
        last = preferences.last_folder(FOLDER_PURPOSE) if preferences else None
        if last is not None:
            self.folder_edit.setText(str(last))
        browse = QPushButton(_("C&hoose…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reminder_spin = QSpinBox(self)
        self.reminder_spin.setRange(0, backup_catalog.MAX_REMINDER_DAYS)
        self.reminder_spin.setSpecialValueText(_("never"))
        self.reminder_spin.setSuffix(_(" days"))
        self.reminder_spin.setValue(backup_catalog.reminder_days(ws))
        self.reminder_spin.valueChanged.connect(self._on_reminder_spin_valueChanged)
        form = QFormLayout()
        folder_label = QLabel(_("&Folder:"), self)
        folder_label.setBuddy(self.folder_edit)  # a row that is a layout gets no buddy itself
        form.addRow(folder_label, folder_row)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        form.addRow(_("&Again:"), self.repeat_edit)
        form.addRow(_("&Remind me after:"), self.reminder_spin)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.panel = RunPanel(tasks, self)
        self.panel.succeeded.connect(self._on_panel_succeeded)
        self.panel.failed.connect(self._on_panel_finished)
        self.panel.cancelled.connect(self._on_panel_finished)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(
            _("&Back up"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        self.start_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.last_label)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        keep_on_screen(self)  # a laptop at 150 % must still show the buttons

    def _last_text(self) -> str:
        last = backup_catalog.last_backup(self._ws)
        if last is None:
            return _("This data folder has never been backed up.")
        return _("Last backup: {date}, {path}").format(
            date=format_date(last[0].date()), path=last[1]
        )

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Where to put the backup"), self.folder_edit.text()
        )
        if folder:
            self.folder_edit.setText(folder)

    def _on_reminder_spin_valueChanged(self, value: int) -> None:
        backup_catalog.set_reminder_days(self._ws, value)

    def problem_text(self) -> str:
        """Why the backup cannot start yet ("" when it can)."""
        folder = self.folder_edit.text().strip()
        if not folder:
            return _("Choose the folder to put the backup in.")
        target = Path(folder)
        try:
            inside = target.resolve().is_relative_to(self._ws.root.resolve())
        except OSError:
            inside = False
        if inside:
            return _(
                "The backup must go outside the data folder (another drive or a USB stick): a "
                "backup on the same disk is lost with it."
            )
        passphrase = self.passphrase_edit.text()
        if len(passphrase) < MIN_PASSPHRASE:
            return _("The passphrase needs at least {count} characters.").format(
                count=MIN_PASSPHRASE
            )
        if passphrase != self.repeat_edit.text():
            return _("The two passphrases differ.")
        return ""

    def start(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if problem or self.panel.running:
            return
        target = Path(self.folder_edit.text().strip())
        if self._prefs is not None:
            self._prefs.set_last_folder(FOLDER_PURPOSE, target)
        self._set_editable(False)
        self.panel.run(backup_task(self._ws, target, self.passphrase_edit.text()), "backup")

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.folder_edit, self.passphrase_edit, self.repeat_edit):
            widget.setEnabled(editable)
        self.start_button.setEnabled(editable)

    def _on_panel_succeeded(self, path: object) -> None:
        self.written = Path(str(path))
        self._set_editable(True)
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.panel.status.setText(
            _("The backup was written to {path}. Keep the passphrase apart from the drive.").format(
                path=self.written
            )
        )
        self.last_label.setText(self._last_text())
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.close_button.setDefault(True)

    def _on_panel_finished(self, *_args: object) -> None:
        self._set_editable(True)

    def reject(self) -> None:
        if self.panel.running:  # Escape or Close while writing: stop first, the .part goes
            self.panel.cancel()
            return
        super().reject()
