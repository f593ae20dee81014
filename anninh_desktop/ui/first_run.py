"""First run: a data folder without assessments offers demo data or an empty start.

`run_first_run` is the whole step before the main window opens. `ask_first_run` shows the question;
`run_demo_build` fills the folder with the commune-scale demo (services/demo) on a worker thread while
a progress dialog shows its steps (about 7 seconds). Cancel stops it at the next step and puts the
folder back as it was (services/demo/undoable.py); the question is then asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskContext, TaskHandle, TaskRunner, describe_error

Choice = Literal["demo", "empty"]
DEMO: Choice = "demo"
EMPTY: Choice = "empty"

# The commune-scale demo announces this many steps (services/demo/builder.build_commune).
_DEMO_STEPS = 4


def is_first_run(workspace: Workspace) -> bool:
    """True when the data folder holds no assessment yet."""
    return not workspace.store.assessments.years()


def should_offer_first_run(workspace: Workspace, preferences: Preferences) -> bool:
    """Ask only in an empty folder, and only until the user chose to start empty."""
    return is_first_run(workspace) and not preferences.first_run_done()


class FirstRunDialog(QDialog):
    """Two lines of explanation, "Try with demo data", "Start with an empty folder", "Cancel"."""

    def __init__(self, parent: QWidget | None = None, data_dir: Path | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._choice: Choice | None = None
        self.setWindowTitle(_("Welcome to An Ninh Desktop"))
        title = QLabel(_("This data folder has no assessments yet."), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            _(
                "You can try the program on demo data (a commune in Cà Mau with its units, "
                "assessments and evidence) or start with an empty folder for your own units."
            ),
            self,
        )
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        if data_dir is not None:
            folder = QLabel(_("Data folder: {path}").format(path=data_dir), self)
            folder.setWordWrap(True)
            folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            folder.setEnabled(False)  # secondary information
            layout.addWidget(folder)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(self)
        self.demo_button = QPushButton(_("Try with demo data"), self)
        self.empty_button = QPushButton(_("Start with an empty folder"), self)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(self.buttons)
        # Starting empty changes nothing, so it is the safe default for Enter.
        self.empty_button.setDefault(True)
        self.empty_button.setFocus()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        self.empty_button.clicked.connect(self._on_empty_button_clicked)
        self.cancel_button.clicked.connect(self.reject)

    def choice(self) -> Choice | None:
        """ "demo", "empty", or None when the user cancelled."""
        return self._choice

    def _on_demo_button_clicked(self) -> None:
        self._choice = DEMO
        self.accept()

    def _on_empty_button_clicked(self) -> None:
        self._choice = EMPTY
        self.accept()


def ask_first_run(parent: QWidget | None = None, data_dir: Path | None = None) -> Choice | None:
    """Ask how to start in an empty data folder: "demo", "empty", or None (cancelled)."""
    dialog = FirstRunDialog(parent, data_dir)
    try:
        dialog.exec()
        return dialog.choice()
    finally:
        dialog.deleteLater()


def _build_demo_task(workspace: Workspace) -> Callable[[TaskContext], str]:
    def work(ctx: TaskContext) -> str:
        from anninh_desktop.services.demo.undoable import build_demo_or_nothing

        steps = [0]

        def say(text: str) -> None:
            steps[0] += 1
            ctx.progress(min(steps[0], _DEMO_STEPS), _DEMO_STEPS + 1, text)

        ws = workspace.reopen()  # a worker uses its own connection; the demo sets its own clock
        try:
            summary = build_demo_or_nothing(
                ws, scale="commune", seed=2026, progress=say, cancel=ctx.cancelled
            )
        finally:
            ws.close()
        ctx.progress(_DEMO_STEPS + 1, _DEMO_STEPS + 1, "")
        return summary

    return work


Outcome = Literal["built", "failed", "cancelled"]


def run_demo_build(
    workspace: Workspace,
    tasks: TaskRunner,
    parent: QWidget | None,
    on_finished: Callable[[Outcome], None],
) -> TaskHandle:
    """Fill the data folder with the demo while a progress dialog shows the steps.

    `on_finished("built")` after a successful build (reload the window's parts then); on failure
    the error is shown in a message box and `on_finished("failed")` follows; after Cancel, once the
    folder is as it was, `on_finished("cancelled")`.
    """
    progress = QProgressDialog(
        _("Preparing the demo data…"), _("Cancel"), 0, _DEMO_STEPS + 1, parent
    )
    progress.setWindowTitle(_("Demo data"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    # Wide enough for the longest step text, so the dialog does not jump as the steps change.
    progress.setMinimumWidth(progress.fontMetrics().averageCharWidth() * 55)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)

    def on_progress(done: int, total: int, text: str) -> None:
        if progress.wasCanceled():
            return
        progress.setMaximum(total)
        progress.setValue(done)
        if text:
            progress.setLabelText(text)

    def finish(outcome: Outcome) -> None:
        progress.close()
        progress.deleteLater()
        on_finished(outcome)

    def on_error(exc: BaseException) -> None:
        progress.close()
        QMessageBox.warning(parent, _("Demo data"), describe_error(exc))
        finish("failed")

    handle = tasks.run(
        _build_demo_task(workspace),
        name="demo",
        on_success=lambda _summary: finish("built"),
        on_error=on_error,
        on_progress=on_progress,
        on_cancelled=lambda: finish("cancelled"),
    )

    def on_canceled() -> None:
        # Stays open (without a button) until the folder is put back: a few seconds at most.
        progress.show()
        progress.setCancelButton(None)
        progress.setLabelText(_("Stopping… the data folder is put back as it was."))
        handle.cancel()

    progress.canceled.connect(on_canceled)
    return handle


def run_first_run(
    workspace: Workspace,
    preferences: Preferences,
    tasks: TaskRunner,
    *,
    ask: bool = True,
    demo: bool = False,
    parent: QWidget | None = None,
) -> bool:
    """Before the main window: in an empty folder, ask (or with `demo`, just build the demo).

    Returns False when the user cancelled the question (the program then quits); True otherwise,
    also when the demo build failed (its error was shown; the window opens on what is there).
    Cancel during the demo build puts the folder back and asks again.
    "Start with an empty folder" asks which office this is (its commune or province, saved as the
    office's identity) and is remembered in the preferences, so it is asked only once.
    """
    if not is_first_run(workspace):
        return True
    if not demo and (not ask or preferences.first_run_done()):
        return True
    while True:
        choice: Choice | None = DEMO if demo else ask_first_run(parent, workspace.root)
        if choice is None:
            return False
        if choice == EMPTY:
            # An empty folder starts on the office's own unit: ask which (Back: the question
            # comes again).
            from anninh_desktop.ui.office_setup import ask_office

            if not ask_office(workspace, parent):
                continue
            preferences.set_first_run_done()
            return True
        if _build_demo_and_wait(workspace, tasks, parent) != "cancelled" or demo:
            return True
        # Cancelled: the folder is empty again, so the question comes back.


def _build_demo_and_wait(
    workspace: Workspace, tasks: TaskRunner, parent: QWidget | None
) -> Outcome:
    """The window is not open yet, so wait here, in a local event loop, for the build to end."""
    loop = QEventLoop()
    finished: list[Outcome] = []

    def on_finished(outcome: Outcome) -> None:
        finished.append(outcome)
        loop.quit()

    run_demo_build(workspace, tasks, parent, on_finished)
    if not finished:  # an inline runner has already finished
        loop.exec()
    return finished[0]
