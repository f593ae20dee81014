"""Shows the reminder window after the start, and again when the day changes while the program runs.

Nothing to say (no deadline near, backup recent) shows nothing; "Do not remind me again today"
puts it away until tomorrow. The window never takes the focus or blocks the main window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from anninh_desktop.services import deadline_reminders
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.deadlines.reminder_dialog import ReminderDialog

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 30 * 60 * 1000  # the day's change is noticed within half an hour


class StartReminders(QObject):
    def __init__(
        self,
        ws: Workspace,
        window: QWidget,
        *,
        backup_text: Callable[[], str] = lambda: "",
        open_backup: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._ws = ws
        self._window = window
        self._backup_text = backup_text
        self._open_backup = open_backup
        self._shown_on: date | None = None
        self.dialog: ReminderDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Remind now if there is something to say, and check again as the days go by."""
        self.timer.start()
        self.remind()

    def _on_timer_timeout(self) -> None:
        if self._today() != self._shown_on:
            self.remind()

    def _today(self) -> date:
        return self._ws.clock().date()

    def remind(self, *, force: bool = False) -> bool:
        """Show the reminder window (unless put away today or nothing to say); True if shown."""
        today = self._today()
        self._shown_on = today
        try:
            if not force and deadline_reminders.dismissed_today(self._ws, today):
                return False
            groups = deadline_reminders.upcoming_deadlines(self._ws, today)
            backup = self._backup_text()
        except Exception:  # a reminder must never stop the window
            log.exception("cannot gather the reminders")
            return False
        if not groups and not backup and not force:
            return False
        if self.dialog is None:
            self.dialog = ReminderDialog(self._window)
            self.dialog.finished.connect(self._on_dialog_finished)
            self.dialog.backupRequested.connect(self._open_backup)
        self.dialog.show_items(groups, today, backup)
        self.dialog.show()
        return True

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None and self.dialog.not_today.isChecked():
            try:
                deadline_reminders.dismiss(self._ws, self._today())
            except Exception:
                log.exception("cannot remember the dismissal")
