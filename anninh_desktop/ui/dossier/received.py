"""File ▸ Open a received dossier…: choose any PDF, check its signatures, show and keep the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.signing.verify import VerificationReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier.verify_view import VerificationDialog
from anninh_desktop.ui.dossier.work import verify_task
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.tasks import TaskRunner, describe_error

FOLDER_PURPOSE = "received"


class ReceivedDossier(QObject):
    """Verifies a chosen PDF on the task runner and opens the verification in its own window."""

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self._prefs = preferences
        self._window = parent
        self.dialog: VerificationDialog | None = None
        self.error_box: QMessageBox | None = None

    def ask_file(self) -> Path | None:
        start = self._prefs.last_folder(FOLDER_PURPOSE) if self._prefs is not None else None
        name, _filter = QFileDialog.getOpenFileName(
            self._window,
            _("Open a received dossier"),
            str(start or ""),
            _("PDF files (*.pdf);;All files (*)"),
        )
        return Path(name) if name else None

    def open(self) -> None:
        """Ask for a file, then verify it (what the menu action does)."""
        path = self.ask_file()
        if path is not None:
            self.verify(path)

    def verify(self, path: Path) -> None:
        if self._prefs is not None:
            self._prefs.set_last_folder(FOLDER_PURPOSE, path.parent)
        self._window.setCursor(Qt.CursorShape.BusyCursor)
        self._tasks.run(
            verify_task(self._ws, path),
            name="dossier.verify_received",
            on_success=self._on_verified,
            on_error=self._on_failed,
            on_cancelled=self._window.unsetCursor,
        )

    def _on_verified(self, report: VerificationReport) -> None:
        self._window.unsetCursor()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = VerificationDialog(report, self._window, self._ws)
        self.dialog.open()

    def _on_failed(self, exc: BaseException) -> None:
        self._window.unsetCursor()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Open a received dossier"),
            describe_error(exc),
            parent=self._window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()
