"""The Sync menu and File ▸ Import from USB…: opens the sync dialogs, tells the window what changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.tasks import TaskRunner, describe_error

if TYPE_CHECKING:  # the sync services (cryptography) load when a dialog first opens
    from anninh_desktop.services.sync.acks import AckResult

log = logging.getLogger(__name__)

IMPORT_FOLDER = "sync_import"


class SyncActions(QObject):
    """Builds the menu entries (again after a language switch) and keeps the open dialogs."""

    imported = Signal()  # a package was applied: units, assessments, results may have changed
    peersChanged = Signal()
    conflictsResolved = Signal()  # a conflict was resolved: a result or an assessment changed

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
        self.office_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None
        self.import_dialog: QWidget | None = None
        self.conflicts_dialog: QWidget | None = None
        self.conflicts_action: QAction | None = None  # made by add_to
        self.imported.connect(self.update_conflict_count)
        self.conflictsResolved.connect(self.update_conflict_count)
        self.message_box: QMessageBox | None = None

    def add_to(self, file_menu: QMenu, sync_menu: QMenu) -> None:
        """File ▸ Import from USB… (Ctrl+I) and the Sync menu's entries (the open conflicts counted)."""
        self.import_action = QAction(_("&Import from USB…"), self._window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self._on_import_triggered)
        file_menu.addAction(self.import_action)
        self.offices_action = QAction(_("This &office and other offices…"), self._window)
        self.offices_action.triggered.connect(self.open_offices)
        self.export_action = QAction(_("&Export for another office…"), self._window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(self.open_export)
        sync_menu.addAction(self.offices_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.export_action)
        sync_menu.addAction(self.import_action)
        self.undo_import_action = QAction(_("&Undo the last import…"), self._window)
        self.undo_import_action.triggered.connect(self.ask_undo_import)
        sync_menu.addAction(self.undo_import_action)
        sync_menu.addSeparator()
        self.conflicts_action = QAction(_("&Conflicts…"), self._window)
        self.conflicts_action.triggered.connect(self.open_conflicts)
        sync_menu.addAction(self.conflicts_action)
        sync_menu.aboutToShow.connect(self.update_conflict_count)

    def update_conflict_count(self) -> int:
        """The open count in the menu text ("Conflicts (2)…"); read when the menu opens."""
        from anninh_desktop.services.sync.conflicts import list_conflicts

        try:
            count = len(list_conflicts(self._ws))
        except UserError as exc:  # e.g. the sync keys are missing
            log.warning("counting conflicts: %s", exc.message)
            count = 0
        if count:
            text = _("&Conflicts ({count})…").format(count=count)
        else:
            text = _("&Conflicts…")
        if self.conflicts_action is not None:
            self.conflicts_action.setText(text)
        return count

    def open_conflicts(self) -> QWidget:
        from anninh_desktop.ui.sync.conflicts_dialog import ConflictsDialog

        dialog = ConflictsDialog(self._ws, self._window)
        dialog.resolved.connect(self.conflictsResolved)
        self.conflicts_dialog = self._replace(self.conflicts_dialog, dialog)
        dialog.open()
        return dialog

    def _replace(self, old: QWidget | None, new: QWidget) -> QWidget:
        if old is not None:
            old.close()
            old.deleteLater()
        return new

    def open_offices(self) -> QWidget:
        from anninh_desktop.ui.sync.office_dialog import OfficeDialog

        dialog = OfficeDialog(self._ws, self._prefs, self._window)
        dialog.peersChanged.connect(self.peersChanged)
        self.office_dialog = self._replace(self.office_dialog, dialog)
        dialog.open()
        return dialog

    def open_export(self) -> QWidget:
        from anninh_desktop.ui.sync.export_dialog import ExportDialog

        dialog = ExportDialog(self._ws, self._tasks, self._prefs, self._window)
        self.export_dialog = self._replace(self.export_dialog, dialog)
        dialog.open()
        return dialog

    def _on_import_triggered(self) -> None:
        from anninh_desktop.services.sync.acks import ACK_SUFFIX
        from anninh_desktop.services.sync.export import PACKAGE_SUFFIX

        start = self._prefs.last_folder(IMPORT_FOLDER) if self._prefs is not None else None
        name, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Import from USB"),
            str(start or ""),
            _("Sync packages and acknowledgements (*{package} *{ack});;All files (*)").format(
                package=PACKAGE_SUFFIX, ack=ACK_SUFFIX
            ),
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> QWidget | None:
        """A package opens the import dialog; an acknowledgement is read at once."""
        from anninh_desktop.services.sync.acks import ACK_SUFFIX
        from anninh_desktop.ui.sync.import_dialog import ImportDialog
        from anninh_desktop.ui.sync.work import ack_task

        if self._prefs is not None:
            self._prefs.set_last_folder(IMPORT_FOLDER, path.parent)
        if path.suffix.lower() == ACK_SUFFIX:
            self._tasks.run(
                ack_task(self._ws, path),
                name="sync.ack",
                on_success=self._on_ack_read,
                on_error=self._on_ack_failed,
            )
            return None
        dialog = ImportDialog(self._ws, self._tasks, path, self._window)
        dialog.applied.connect(self.imported)
        dialog.conflictsRequested.connect(self.open_conflicts)
        self.import_dialog = self._replace(self.import_dialog, dialog)
        dialog.open()
        dialog.start()
        return dialog

    def ask_undo_import(self) -> QMessageBox:
        """Say what the last import was and ask before putting back what it changed."""
        from anninh_desktop.services.sync.undo import last_import

        title = _("Undo the last import")
        info = last_import(self._ws)
        if info is None or not info.undoable:
            text = (
                _("There is no import to undo.")
                if info is None
                else _("The last import (from {office}) can no longer be undone: {reason}").format(
                    office=info.sender_name, reason=info.reason
                )
            )
            box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self._window)
        else:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                title,
                _(
                    "Put back the {rows} rows the package from {office} changed on {at}, as "
                    "they were before it?"
                ).format(rows=info.rows, office=info.sender_name, at=info.applied_at[:16]),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self._window,
            )
            box.setInformativeText(
                _(
                    "The package may be imported again later; the office that sent it will send "
                    "those rows again after the next package this office sends it."
                )
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.accepted.connect(self.undo_import)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
        return box

    def undo_import(self) -> None:
        from anninh_desktop.services.sync.undo import undo_last_import

        try:
            done = undo_last_import(self._ws)
        except UserError as exc:
            self._message(QMessageBox.Icon.Warning, exc.message)
            return
        self.imported.emit()
        self._message(
            QMessageBox.Icon.Information,
            _("Undone: {rows} rows are as they were before the package from {office}.").format(
                rows=done.rows, office=done.sender_name
            ),
        )

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, _("Import from USB"), text, parent=self._window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    def _on_ack_read(self, ack: AckResult) -> None:
        if ack.advanced:
            text = _(
                "{office} acknowledged everything up to {upto}. The next export for them starts "
                "from there."
            ).format(office=ack.office_name, upto=ack.upto)
        else:
            text = _("{office} had acknowledged this already; nothing changed.").format(
                office=ack.office_name
            )
        self._message(QMessageBox.Icon.Information, text)

    def _on_ack_failed(self, exc: BaseException) -> None:
        self._message(QMessageBox.Icon.Warning, describe_error(exc))
