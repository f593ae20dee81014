"""File ▸ Back up… / Restore… / Check data…, and the reminder when the last backup is old.

A restore needs the data folder closed in this process: the window's workspace gives up its store
while the restore runs. A failed or stopped restore leaves the folder as it was and the store is
opened again under the same window; a restore that succeeded opens a new window on the restored
data (the old one, built on the old rows, goes).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.workspace import Workspace, open_workspace
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the backup services (cryptography) load when first used, not at start
    from anninh_desktop.services.backup_service import RestoreResult
    from anninh_desktop.ui.maintenance.backup_dialog import BackupDialog
    from anninh_desktop.ui.maintenance.check_dialog import CheckDialog
    from anninh_desktop.ui.maintenance.restore_dialog import RestoreDialog

log = logging.getLogger(__name__)


class MaintenanceActions(QObject):
    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._ws = workspace
        self._tasks = tasks
        self._prefs = preferences
        self._window = window
        self.backup_dialog: BackupDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.check_dialog: CheckDialog | None = None
        self.message_box: QMessageBox | None = None
        self.reopened: QWidget | None = None  # the window opened on restored data

    def add_to(self, file_menu: QMenu) -> None:
        self.backup_action = QAction(_("&Back up…"), self._window)
        self.backup_action.triggered.connect(self.open_backup)
        self.restore_action = QAction(_("&Restore…"), self._window)
        self.restore_action.triggered.connect(self.open_restore)
        self.check_action = QAction(_("Check &data…"), self._window)
        self.check_action.triggered.connect(self.open_check)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.check_action)

    # ------------------------------------------------------------------------------- dialogs

    def open_backup(self) -> None:
        from anninh_desktop.ui.maintenance.backup_dialog import BackupDialog

        self._flush()
        if self.backup_dialog is None or not self.backup_dialog.panel.running:
            if self.backup_dialog is not None:  # built afresh: the language may have changed
                self.backup_dialog.deleteLater()
            self.backup_dialog = BackupDialog(self._ws, self._tasks, self._prefs, self._window)
        self.backup_dialog.open()

    def open_check(self) -> None:
        from anninh_desktop.ui.maintenance.check_dialog import CheckDialog

        self._flush()
        if self.check_dialog is None or not self.check_dialog.panel.running:
            if self.check_dialog is not None:  # built afresh: the language may have changed
                self.check_dialog.deleteLater()
            self.check_dialog = CheckDialog(self._ws, self._tasks, self._window)
        self.check_dialog.open()
        self.check_dialog.start()

    def open_restore(self) -> None:
        from anninh_desktop.ui.maintenance.restore_dialog import RestoreDialog

        if self._tasks.busy:
            self._tell(
                _(
                    "Work is still running (a backup, an import, a dossier…). Wait for it to "
                    "finish, then restore."
                ),
                QMessageBox.Icon.Information,
            )
            return
        if self.restore_dialog is not None:
            self.restore_dialog.deleteLater()
        self.restore_dialog = RestoreDialog(
            self._ws.root,
            self._tasks,
            self._prefs,
            close_store=self._close_store,
            reopen=self._reopen,
            parent=self._window,
        )
        self.restore_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.restore_dialog.open()

    # ------------------------------------------------------------------------------- restore

    def _flush(self) -> None:
        flush = getattr(self._window, "_flush", None)  # pending edits of the assessment page
        if callable(flush):
            flush()

    def _close_store(self) -> None:
        self._flush()
        self._window.setEnabled(False)  # nothing may read the store while it is closed
        self._ws.store.close()

    def _reopen(self, result: RestoreResult | None) -> None:
        try:
            fresh = open_workspace(self._ws.root, clock=self._ws.clock, actor=self._ws.actor)
        except Exception:
            log.exception("cannot open %s after a restore", self._ws.root)
            self._window.setEnabled(True)
            self._tell(
                _(
                    "The data folder {path} cannot be opened after the restore. Close the program "
                    "and start it again; details are in the log file."
                ).format(path=self._ws.root),
                QMessageBox.Icon.Critical,
            )
            return
        # Every part of the window holds this Workspace: it gets the new store in place.
        self._ws.store = fresh.store
        if result is None:
            self._window.setEnabled(True)
            return
        old = self._window
        window = type(old)(  # type: ignore[call-arg]
            self._ws, tasks=self._tasks, preferences=Preferences.for_data_dir(self._ws.root)
        )
        window.setGeometry(old.geometry())
        if old.isMaximized():
            window.showMaximized()
        else:
            window.show()
        old.hide()
        old.deleteLater()
        self.reopened = window
        maintenance = getattr(window, "maintenance", None)
        if isinstance(maintenance, MaintenanceActions):
            maintenance.tell_restored(result)

    def tell_restored(self, result: RestoreResult) -> None:
        lines = [_("The backup was restored; the window shows the restored data.")]
        if result.identity == "replaced":
            lines.append(
                _(
                    "This computer now carries on as {office}: the other offices need nothing."
                ).format(office=result.office_name)
            )
        elif result.identity == "copy":
            lines.append(
                _(
                    "This computer is a copy of {office} with its own identity: send its office "
                    "card (Sync ▸ This office and other offices) to the other offices."
                ).format(office=result.office_name)
            )
        for kept in result.kept:
            lines.append(_("What was here before was kept as {path}").format(path=kept))
        self._tell("\n\n".join(lines), QMessageBox.Icon.Information)

    # ------------------------------------------------------------------------------- reminder

    def backup_reminder_text(self) -> str:
        """What to say when the last backup is older than the set number of days ("" = nothing)."""
        from anninh_desktop.services.maintenance import backup_catalog

        try:
            age = backup_catalog.backup_overdue(self._ws, backup_catalog.reminder_days(self._ws))
        except Exception:  # a reminder must never stop the window
            log.exception("cannot read the last backup's date")
            return ""
        if age is None:
            return ""
        if age < 0:
            return _("This data folder has never been backed up.")
        return ngettext(
            "The last backup is {count} day old.",
            "The last backup is {count} days old.",
            age,
        ).format(count=age)

    def _tell(self, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, _("An Ninh Desktop"), text, parent=self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.finished.connect(self._on_message_box_finished)
        box.open()

    def _on_message_box_finished(self, _result: int) -> None:
        self.message_box = None
