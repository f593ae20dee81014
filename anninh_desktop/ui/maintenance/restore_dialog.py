"""File ▸ Restore…: the backup and its passphrase; the backup read through first (nothing changes);
then, confirmed, the data folder restored — what was there kept aside — and the window reopened.

The dialog does not close or open the data folder itself: `close_store` and `reopen` come from the
window's maintenance actions, which own the window's workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.backup_service import BackupInfo, Mode, RestoreResult
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.maintenance.backup_catalog import list_backups
from anninh_desktop.ui.maintenance.run_panel import RunPanel
from anninh_desktop.ui.maintenance.work import restore_task, verify_task
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskRunner

FOLDER_PURPOSE = "backup"


class RestoreDialog(QDialog):
    def __init__(
        self,
        data_dir: Path,
        tasks: TaskRunner,
        preferences: Preferences | None,
        *,
        close_store: Callable[[], None],
        reopen: Callable[[RestoreResult | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._prefs = preferences
        self._close_store = close_store
        self._reopen = reopen
        self.info: BackupInfo | None = None
        self.result: RestoreResult | None = None
        self._restoring = False
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(_("Restore a backup"))
        intro = QLabel(
            _(
                "The backup is read through and checked first; nothing changes until you confirm. "
                "The data now in this folder is then kept aside, not deleted."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.file_edit = QLineEdit(self)
        self.file_edit.setText(self._newest_backup())
        browse = QPushButton(_("C&hoose…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        self.passphrase_edit = QLineEdit(self)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        file_label = QLabel(_("&Backup file:"), self)
        file_label.setBuddy(self.file_edit)  # a row that is a layout gets no buddy itself
        form.addRow(file_label, file_row)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        self.details = QLabel("", self)
        self.details.setWordWrap(True)
        self.replace_radio = QRadioButton(
            _("This computer &replaces the office's old one (the same identity)"), self
        )
        self.copy_radio = QRadioButton(
            _("This is a &copy beside a computer still in use (its own identity)"), self
        )
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.replace_radio)
        self.mode_group.addButton(self.copy_radio)
        self.replace_radio.hide()
        self.copy_radio.hide()
        self.panel = RunPanel(tasks, self)
        self.panel.succeeded.connect(self._on_panel_succeeded)
        self.panel.failed.connect(self._on_panel_ended)
        self.panel.cancelled.connect(self._on_panel_ended)
        self.buttons = QDialogButtonBox(self)
        self.check_button = self.buttons.addButton(
            _("Chec&k the backup"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.check_button.clicked.connect(self.check)
        self.restore_button = self.buttons.addButton(
            _("&Restore…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask_restore)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.check_button.setDefault(True)
        self.file_edit.textChanged.connect(self._on_input_changed)
        self.passphrase_edit.textChanged.connect(self._on_input_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(self.replace_radio)
        layout.addWidget(self.copy_radio)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())
        keep_on_screen(self)  # a laptop at 150 % must still show the buttons

    def _newest_backup(self) -> str:
        folder = self._prefs.last_folder(FOLDER_PURPOSE) if self._prefs else None
        if folder is None or not folder.is_dir():
            return ""
        try:
            found = [b for b in list_backups(folder) if not b.problem]
        except Exception:  # a folder that cannot be listed only means no suggestion
            return ""
        return str(found[0].path) if found else ""

    def _on_browse_clicked(self) -> None:
        start = self.file_edit.text() or str(
            (self._prefs.last_folder(FOLDER_PURPOSE) if self._prefs else None) or ""
        )
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), start, _("An Ninh backups (*.anbak)")
        )
        if path:
            self.file_edit.setText(path)

    def _on_input_changed(self, _text: str) -> None:
        self.info = None  # another file or passphrase: check again before restoring
        self.restore_button.setEnabled(False)
        self.replace_radio.hide()
        self.copy_radio.hide()
        self.details.setText("")

    def check(self) -> None:
        if self.panel.running:
            return
        path = Path(self.file_edit.text().strip())
        if not self.file_edit.text().strip():
            self.details.setText(_("Choose the backup file."))
            return
        if not self.passphrase_edit.text():
            self.details.setText(_("Type the backup's passphrase."))
            return
        self.check_button.setEnabled(False)
        self.panel.run(verify_task(path, self.passphrase_edit.text()), "verify backup")

    def ask_restore(self) -> None:
        """Confirm, then restore (the window's data folder is closed while it runs)."""
        if self.info is None or self.panel.running:
            return
        mode = self.mode()
        if self.info.has_identity and mode is None:
            self.details.setText(_("Say what this computer is (above) before restoring."))
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Restore a backup"),
            _(
                "Replace the data in this program with the backup of {date}?\n\nWhat is there now "
                "is kept aside in the data folder (named “…before-restore-…”), not deleted. The "
                "window opens again on the restored data."
            ).format(date=self._backup_date()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(_("&Restore"))
        box.button(QMessageBox.StandardButton.No).setText(_("Do &not restore"))
        self.confirm_box = box
        box.finished.connect(self._on_confirm_finished)
        box.open()

    def _on_confirm_finished(self, answer: int) -> None:
        self.confirm_box = None
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_now()

    def restore_now(self) -> None:
        assert self.info is not None
        self._close_store()
        self._restoring = True
        for widget in (self.file_edit, self.passphrase_edit, self.replace_radio, self.copy_radio):
            widget.setEnabled(False)
        self.check_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.panel.run(
            restore_task(self._data_dir, self.info.path, self.passphrase_edit.text(), self.mode()),
            "restore",
        )

    def mode(self) -> Mode | None:
        if self.replace_radio.isChecked():
            return "replace"
        if self.copy_radio.isChecked():
            return "copy"
        return None

    def _backup_date(self) -> str:
        if self.info is None:
            return ""
        try:
            from datetime import datetime

            return format_date(datetime.fromisoformat(self.info.created_at).date())
        except ValueError:
            return self.info.created_at

    def _on_panel_succeeded(self, value: object) -> None:
        if isinstance(value, BackupInfo):
            self.info = value
            self.check_button.setEnabled(True)
            self.restore_button.setEnabled(True)
            self.restore_button.setDefault(True)
            text = _("The backup of {date} is whole: evidence files: {count}.").format(
                date=self._backup_date(), count=value.blobs
            )
            if value.has_identity:
                text += " " + _("It holds an office's sync identity: say what this computer is.")
                self.replace_radio.show()
                self.copy_radio.show()
                self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            self.details.setText(text)
            self.panel.status.setText("")
            return
        assert isinstance(value, RestoreResult)
        self.result = value
        self._finish_restore(value)

    def _on_panel_ended(self, *_args: object) -> None:
        self.check_button.setEnabled(True)
        if not self._restoring:
            return
        # Failed or stopped before anything was swapped: the data folder is as it was.
        self._restoring = False
        for widget in (self.file_edit, self.passphrase_edit, self.replace_radio, self.copy_radio):
            widget.setEnabled(True)
        self.close_button.setEnabled(True)
        self.restore_button.setEnabled(self.info is not None)
        self.panel.status.setText(
            self.panel.status.text() + " " + _("Your data is as it was before.")
        )
        self._reopen(None)

    def _finish_restore(self, result: RestoreResult) -> None:
        self._restoring = False
        self.accept()
        self._reopen(result)

    def reject(self) -> None:
        if self.panel.running:  # a restore stops only before anything is swapped
            self.panel.cancel()
            return
        super().reject()
