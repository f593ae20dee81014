"""A progress bar, a line of status and a Stop button that run one task of a dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner, describe_error

SCALE = 1000  # QProgressBar holds an int: byte counts past 2 GiB would overflow it


class RunPanel(QWidget):
    """Runs a task with progress and cancel; says how it ended."""

    succeeded = Signal(object)
    failed = Signal(str)  # the message for the user
    cancelled = Signal()

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.handle: TaskHandle | None = None
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, SCALE)
        self.stop_button = QPushButton(_("&Stop"), self)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._show_running(False)

    @property
    def running(self) -> bool:
        return self.handle is not None and self.handle.running

    def run(self, func: Callable[[TaskContext], Any], name: str) -> TaskHandle:
        self.status.setText("")
        self.bar.setValue(0)
        self._show_running(True)
        self.handle = self._tasks.run(
            func,
            name=name,
            on_progress=self._on_progress,
            on_success=self._on_success,
            on_error=self._on_error,
            on_cancelled=self._on_cancelled,
        )
        return self.handle

    def cancel(self) -> None:
        if self.handle is not None and self.handle.running:
            self.handle.cancel()
            self.stop_button.setEnabled(False)
            self.status.setText(_("Stopping…"))

    def _show_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)

    def _on_stop_button_clicked(self) -> None:
        self.cancel()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)  # busy, no figure yet
        else:
            self.bar.setRange(0, SCALE)
            self.bar.setValue(min(SCALE, done * SCALE // total))
        if text:
            self.status.setText(text)

    def _on_success(self, value: object) -> None:
        self._show_running(False)
        self.succeeded.emit(value)

    def _on_error(self, exc: BaseException) -> None:
        self._show_running(False)
        message = describe_error(exc)
        self.status.setText(message)
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self._show_running(False)
        self.status.setText(_("Stopped; nothing was changed."))
        self.cancelled.emit()
