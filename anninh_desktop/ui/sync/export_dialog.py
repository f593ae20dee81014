"""Sync ▸ Export for another office: the office, the USB stick (or a folder), optional passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.export import ExportResult
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.evidence.file_size import format_size
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.sync.drives import Drive, removable_drives
from anninh_desktop.ui.sync.texts import unit_label
from anninh_desktop.ui.sync.work import export_task
from anninh_desktop.ui.tasks import TaskHandle, TaskRunner, describe_error

EXPORT_FOLDER = "sync_export"
PATH_ROLE = Qt.ItemDataRole.UserRole


class ExportDialog(QDialog):
    """Writes one package for a trusted office on the task runner, with progress and Stop."""

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._prefs = preferences
        self.handle: TaskHandle | None = None
        self.result: ExportResult | None = None
        self.setWindowTitle(_("Export for another office"))
        self._build()
        self._load_peers()
        self.refresh_drives()
        self._update()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.peer_combo = QComboBox(self)
        form.addRow(_("&Office:"), self.peer_combo)
        self.no_peer_label = QLabel(
            _("No trusted office yet: add one in Sync ▸ This office and other offices."), self
        )
        self.no_peer_label.setWordWrap(True)
        form.addRow(self.no_peer_label)
        self.drive_list = QListWidget(self)
        self.drive_list.setMaximumHeight(120)
        form.addRow(_("&Write to:"), self.drive_list)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(_("&Refresh the drives"), self)
        self.folder_button = QPushButton(_("Other &folder…"), self)
        row.addWidget(self.refresh_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        form.addRow(row)
        self.passphrase_check = QCheckBox(
            _("Protect with a &passphrase agreed with the office (instead of its key)"), self
        )
        form.addRow(self.passphrase_check)
        self.passphrase_edit = QLineEdit(self)
        self.repeat_edit = QLineEdit(self)
        for edit in (self.passphrase_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Passphrase:"), self.passphrase_edit)
        form.addRow(_("&Again:"), self.repeat_edit)
        layout.addLayout(form)

        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("&Export"), self)
        self.export_button.setDefault(True)
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.hide()
        self.close_button = QPushButton(_("Close"), self)
        buttons.addStretch(1)
        for b in (self.export_button, self.stop_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.resize(620, 460)

        self.peer_combo.currentIndexChanged.connect(self._update)
        self.drive_list.currentItemChanged.connect(self._update)
        self.refresh_button.clicked.connect(self.refresh_drives)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.passphrase_check.toggled.connect(self._update)
        self.passphrase_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self.export_button.clicked.connect(self.start_export)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        self.close_button.clicked.connect(self.reject)

    def _load_peers(self) -> None:
        self.peer_combo.clear()
        for p in identity.repo(self._ws).peers():
            if p.trusted:
                label = f"{p.office_name} — {unit_label(self._ws, p.office_unit_id)}"
                self.peer_combo.addItem(label, p.installation_id)
        self.no_peer_label.setVisible(self.peer_combo.count() == 0)

    # ---------------------------------------------------------------- targets
    def refresh_drives(self) -> None:
        current = self.target()
        self.drive_list.clear()
        for drive in removable_drives():
            self._add_target(drive)
        last = self._prefs.last_folder(EXPORT_FOLDER) if self._prefs is not None else None
        if last is not None and self._find(last) is None:
            self._add_target(Drive(last, last.name or str(last), -1))
        keep = self._find(current) or self._find(last)
        if keep is not None:
            self.drive_list.setCurrentItem(keep)
        elif self.drive_list.count() == 1:
            self.drive_list.setCurrentRow(0)
        if self.drive_list.count() == 0:
            item = QListWidgetItem(
                _("No USB stick found: plug one in and refresh, or choose a folder.")
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.drive_list.addItem(item)

    def _find(self, path: Path | None) -> QListWidgetItem | None:
        for i in range(self.drive_list.count()):
            item = self.drive_list.item(i)
            if path is not None and item.data(PATH_ROLE) == str(path):
                return item
        return None

    def _add_target(self, drive: Drive) -> QListWidgetItem:
        if drive.free >= 0:
            text = _("{name} — {free} free — {path}").format(
                name=drive.name, free=format_size(drive.free), path=drive.path
            )
        else:
            text = _("{name} — {path}").format(name=drive.name, path=drive.path)
        item = QListWidgetItem(text)
        item.setData(PATH_ROLE, str(drive.path))
        self.drive_list.addItem(item)
        return item

    def set_target(self, folder: Path) -> None:
        """Choose a folder (what "Other folder…" does)."""
        item = self._find(folder) or self._add_target(Drive(folder, folder.name or str(folder), -1))
        self.drive_list.setCurrentItem(item)

    def target(self) -> Path | None:
        item = self.drive_list.currentItem()
        value = item.data(PATH_ROLE) if item is not None else None
        return Path(value) if value else None

    # ---------------------------------------------------------------- state
    def _refusal(self) -> str:
        if self.peer_combo.currentIndex() < 0:
            return _("Choose the office the package is for.")
        if self.target() is None:
            return _("Choose a USB stick or a folder.")
        if self.passphrase_check.isChecked():
            if not self.passphrase_edit.text():
                return _("Type the passphrase twice.")
            if self.passphrase_edit.text() != self.repeat_edit.text():
                return _("The two passphrases differ.")
        return ""

    def _update(self, *_args: object) -> None:
        running = self.handle is not None
        protected = self.passphrase_check.isChecked()
        self.passphrase_edit.setEnabled(protected and not running)
        self.repeat_edit.setEnabled(protected and not running)
        reason = self._refusal()
        self.export_button.setEnabled(not reason and not running)
        self.export_button.setToolTip(reason)
        for w in (self.peer_combo, self.drive_list, self.folder_button, self.refresh_button):
            w.setEnabled(not running)
        self.passphrase_check.setEnabled(not running)
        self.stop_button.setVisible(running)
        self.close_button.setEnabled(not running)

    # ---------------------------------------------------------------- work
    def start_export(self) -> None:
        target, peer_id = self.target(), self.peer_combo.currentData()
        if self._refusal() or target is None or not peer_id or self.handle is not None:
            return
        passphrase = self.passphrase_edit.text() if self.passphrase_check.isChecked() else None
        if self._prefs is not None:
            self._prefs.set_last_folder(EXPORT_FOLDER, target)
        self.result = None
        self.status_label.setText(_("Writing the package…"))
        self.status_label.setStyleSheet("")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.setEnabled(True)
        self.handle = self._tasks.run(
            export_task(self._ws, str(peer_id), target, passphrase),
            name="sync.export",
            on_success=self._on_done,
            on_error=self._on_failed,
            on_progress=self._on_progress,
            on_cancelled=self._on_cancelled,
        )
        if self.handle.running:
            self._update()
        else:  # an inline runner has finished already
            self.handle = None
            self._update()

    def _finish(self) -> None:
        self.handle = None
        self.progress.hide()
        self._update()

    def _on_progress(self, done: int, total: int, _text: str) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))

    def _on_done(self, result: ExportResult) -> None:
        self._finish()
        self.result = result
        office = self.peer_combo.currentText()
        self.status_label.setText(
            _("Package for {office} written to {path}").format(office=office, path=result.path)
            + "\n"
            + _("{rows} rows, {blobs} evidence files, {size}").format(
                rows=sum(result.rows.values()), blobs=result.blobs, size=format_size(result.size)
            )
            + "\n"
            + _("Give the stick to the office; bring back the acknowledgement file it writes.")
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        self.status_label.setText(describe_error(exc))
        self.status_label.setStyleSheet("color: #b00020;")

    def _on_cancelled(self) -> None:
        self._finish()
        self.status_label.setText(_("Stopped; no package was written."))
        self.status_label.setStyleSheet("")

    def _on_stop_button_clicked(self) -> None:
        if self.handle is not None:
            self.stop_button.setEnabled(False)
            self.handle.cancel()

    def _on_folder_button_clicked(self) -> None:
        start = self.target() or (self._prefs.last_folder(EXPORT_FOLDER) if self._prefs else None)
        name = QFileDialog.getExistingDirectory(
            self, _("Choose the folder for the package"), str(start or "")
        )
        if name:
            self.set_target(Path(name))

    def reject(self) -> None:
        if self.handle is not None:  # closing waits for Stop: a half package must not stay
            self._on_stop_button_clicked()
            return
        super().reject()
