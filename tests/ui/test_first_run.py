"""First run: the question in an empty data folder, and the demo built through the task runner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProgressDialog, QPushButton
from typing_helpers import type_text

from anninh_desktop.ui.first_run import (
    FirstRunDialog,
    ask_first_run,
    is_first_run,
    run_demo_build,
    run_first_run,
    should_offer_first_run,
)
from anninh_desktop.ui.preferences import Preferences


@pytest.fixture()
def dialog(qtbot, tmp_path):
    dlg = FirstRunDialog(None, tmp_path)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_dialog_offers_demo_empty_and_cancel(dialog) -> None:
    texts = {b.text() for b in dialog.buttons.buttons()}
    assert texts == {"Try with demo data", "Start with an empty folder", "Cancel"}
    assert dialog.empty_button.isDefault()
    assert dialog.empty_button.hasFocus()


@pytest.mark.parametrize(
    ("button", "expected"),
    [("demo_button", "demo"), ("empty_button", "empty"), ("cancel_button", None)],
)
def test_each_button_gives_its_choice(qtbot, dialog, button, expected) -> None:
    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialog.choice() == expected


def test_enter_starts_empty(qtbot, dialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.choice() == "empty"


def test_ask_first_run_returns_the_choice(qtbot) -> None:
    _answer_with(qtbot, "demo_button")
    assert ask_first_run(None) == "demo"


def test_first_run_is_offered_until_the_user_chose(seeded_workspace) -> None:
    assert is_first_run(seeded_workspace)
    prefs = Preferences.for_data_dir(seeded_workspace.root)
    assert should_offer_first_run(seeded_workspace, prefs)
    prefs.set_first_run_done()
    assert not should_offer_first_run(seeded_workspace, prefs)


def _when_shown(kind: type, act) -> None:
    """Call `act(dialog)` once a modal dialog of `kind` is shown (given up after 5 seconds)."""
    tries = [500]

    def check() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind):
            act(modal)
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(10, check)
        else:
            QApplication.activeModalWidget() and QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, check)


def _answer_with(qtbot, button: str) -> None:
    def answer() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, FirstRunDialog)
        qtbot.mouseClick(getattr(modal, button), Qt.MouseButton.LeftButton)

    _when_shown(FirstRunDialog, lambda _modal: answer())


def _choose_office(qtbot, search: str, *, back_first: bool = False) -> None:
    """Answer "which office": type part of the commune's name, pick it, Start. With
    `back_first`, go Back once first, and answer the welcome question again with "empty"."""
    from anninh_desktop.ui.office_setup import OfficeSetupDialog

    def answer(modal) -> None:
        if back_first:
            _answer_with(qtbot, "empty_button")  # the welcome question comes again
            _choose_office(qtbot, search)
            modal.reject()
            return
        assert not modal.ok_button.isEnabled()  # nothing chosen yet
        modal.chooser.search.setFocus()
        type_text(modal.chooser.search, search)
        modal.chooser.results.setCurrentRow(0)
        assert modal.name_edit.text().startswith("Công an xã ")
        qtbot.mouseClick(modal.ok_button, Qt.MouseButton.LeftButton)

    _when_shown(OfficeSetupDialog, answer)


def test_starting_empty_asks_for_the_office_and_is_remembered(
    qtbot, seeded_workspace, inline_tasks
) -> None:
    from anninh_desktop.services.office_settings import office_name, office_unit_id

    prefs = Preferences.for_data_dir(seeded_workspace.root)
    _answer_with(qtbot, "empty_button")
    _choose_office(qtbot, "hồ thị kỷ", back_first=True)
    assert run_first_run(seeded_workspace, prefs, inline_tasks) is True
    assert prefs.first_run_done()
    commune = seeded_workspace.store.units.by_code("32092")
    assert office_unit_id(seeded_workspace) == commune.id
    assert office_name(seeded_workspace) == "Công an xã Hồ Thị Kỷ"
    # Asked once only: a second start opens the window at once (no dialog to answer).
    assert run_first_run(seeded_workspace, prefs, inline_tasks) is True
    assert is_first_run(seeded_workspace)


def test_a_new_folder_opens_on_its_office_s_commune(qtbot, seeded_workspace, inline_tasks):
    from anninh_desktop.services.sync import identity
    from anninh_desktop.ui.main_window import MainWindow

    commune = seeded_workspace.store.units.by_code("32092")
    identity.set_office(seeded_workspace, "Công an xã Hồ Thị Kỷ", commune.id)
    window = MainWindow(seeded_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.startFinished, timeout=5000):
        window.show()
    assert window.navigator.current_unit_id() == commune.id
    assert (
        window.navigator.model.tree is not None and commune.id in window.navigator.model.tree.units
    )
    assert window.assessment.header.view.register_button.isVisible()  # the next step: register
    assert "Xã Hồ Thị Kỷ" in window.assessment.header.view.unit_label.text()


def test_cancel_means_quit(qtbot, seeded_workspace, inline_tasks) -> None:
    prefs = Preferences.for_data_dir(seeded_workspace.root)
    _answer_with(qtbot, "cancel_button")
    assert run_first_run(seeded_workspace, prefs, inline_tasks) is False
    assert not prefs.first_run_done()


def test_not_asked_with_no_demo(seeded_workspace, inline_tasks) -> None:
    prefs = Preferences.for_data_dir(seeded_workspace.root)
    assert run_first_run(seeded_workspace, prefs, inline_tasks, ask=False) is True
    assert is_first_run(seeded_workspace)


@pytest.mark.slow
def test_demo_build_fills_an_empty_folder(qtbot, seeded_workspace, inline_tasks) -> None:
    finished: list[str] = []
    handle = run_demo_build(seeded_workspace, inline_tasks, None, finished.append)
    assert finished == ["built"]
    assert handle.outcome == "ok"
    assert "Cà Mau" in handle.result  # the summary names the demo's province
    # The window's own connection sees the demo (built on the task's connection).
    assert not is_first_run(seeded_workspace)
    assert seeded_workspace.store.assessments.years() == [2026, 2025]
    progress = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert not [w for w in progress if w.isVisible()]


def test_cancel_button_is_a_standard_button(dialog) -> None:
    assert dialog.buttons.standardButton(dialog.cancel_button) == (
        QDialogButtonBox.StandardButton.Cancel
    )


def test_demo_if_empty_waits_for_the_worker(qtbot, seeded_workspace, monkeypatch) -> None:
    """With a real thread pool the local event loop waits until the build has finished."""
    from anninh_desktop.ui import first_run
    from anninh_desktop.ui.tasks import TaskRunner

    ran = []

    def quick_build(workspace):
        def work(ctx):
            ctx.progress(1, 2, "step")
            ran.append(workspace.root)
            return "built"

        return work

    monkeypatch.setattr(first_run, "_build_demo_task", quick_build)
    prefs = Preferences.for_data_dir(seeded_workspace.root)
    tasks = TaskRunner()
    assert run_first_run(seeded_workspace, prefs, tasks, demo=True) is True
    assert ran == [seeded_workspace.root]
    assert not tasks.busy  # returned only after the task's result reached the GUI thread


@pytest.mark.slow
def test_cancel_during_the_demo_build_leaves_the_folder_empty(qtbot, seeded_workspace) -> None:
    from anninh_desktop.ui.tasks import TaskRunner

    units_before = seeded_workspace.store.units.count()
    tasks = TaskRunner()
    finished: list[str] = []
    run_demo_build(seeded_workspace, tasks, None, finished.append)
    shown: list[QProgressDialog] = []

    def under_way() -> bool:  # the dialog is shown and the build has done a step
        shown[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible() and w.value() >= 1
        ]
        return bool(shown)

    qtbot.waitUntil(under_way, timeout=20_000)
    dialog = shown[0]
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.isVisible())
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert "put back" in dialog.labelText()
    qtbot.waitUntil(lambda: finished == ["cancelled"], timeout=30_000)
    tasks.wait()
    assert is_first_run(seeded_workspace)
    assert seeded_workspace.store.units.count() == units_before
    assert list(seeded_workspace.store.blobs.iter_hashes()) == []
