"""File ▸ Check data…: the database, every evidence file and the audit log, with progress and Stop;
the problems listed, and the safe repair (files nothing refers to) offered when there is one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.integrity_service import CheckReport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.maintenance.run_panel import RunPanel
from anninh_desktop.ui.maintenance.work import check_task
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskRunner


class CheckDialog(QDialog):
    def __init__(self, ws: Workspace, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = ws
        self.report: CheckReport | None = None
        self.setWindowTitle(_("Check the data"))
        self.summary = QLabel(
            _(
                "Checks the database, reads every evidence file against its fingerprint and "
                "follows the audit log's chain. Nothing is changed."
            ),
            self,
        )
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.panel = RunPanel(tasks, self)
        self.panel.succeeded.connect(self._on_panel_succeeded)
        self.panel.failed.connect(self._on_panel_ended)
        self.panel.cancelled.connect(self._on_panel_ended)
        self.buttons = QDialogButtonBox(self)
        self.repair_button = self.buttons.addButton(
            _("&Remove leftover files"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.repair_button.setToolTip(
            _("Removes evidence files no record refers to and partial files left by stopped work.")
        )
        self.repair_button.hide()
        self.repair_button.clicked.connect(self._on_repair_button_clicked)
        self.again_button = self.buttons.addButton(
            _("Check &again"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.again_button.clicked.connect(self._on_again_button_clicked)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.panel)
        layout.addStretch(0)  # takes the height while no problem is listed
        layout.addWidget(self.buttons)
        self.resize(600, 360)
        keep_on_screen(self)  # a laptop at 150 % must still show the buttons

    def start(self, *, repair: bool = False) -> None:
        if self.panel.running:
            return
        self.again_button.setEnabled(False)
        self.repair_button.setEnabled(False)
        self.panel.run(check_task(self._ws, repair=repair), "check")

    def _on_again_button_clicked(self) -> None:
        self.start()

    def _on_repair_button_clicked(self) -> None:
        self.start(repair=True)

    def _on_panel_ended(self, *_args: object) -> None:
        self.again_button.setEnabled(True)

    def _on_panel_succeeded(self, value: object) -> None:
        assert isinstance(value, CheckReport)
        self.report = value
        self.again_button.setEnabled(True)
        self.problems.clear()
        self.problems.addItems([*value.repaired, *value.problems])
        leftovers = len(value.orphans) + len(value.partial_files)
        self.problems.setVisible(self.problems.count() > 0)
        self.repair_button.setVisible(leftovers > 0 and not value.repaired)
        self.repair_button.setEnabled(True)
        counts = _("Evidence files checked: {blobs}; audit events: {events}.").format(
            blobs=value.blobs_checked, events=value.audit_events
        )
        if value.ok:
            verdict = _("Everything is in order.")
        else:
            verdict = _(
                "Problems were found (listed below). Restore a backup made before they appeared, "
                "or ask for help with the log file."
            )
        self.panel.status.setText(f"{counts} {verdict}")

    def reject(self) -> None:
        if self.panel.running:
            self.panel.cancel()
            return
        super().reject()
