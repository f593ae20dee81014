"""Fixtures of the window tests: real services on a copied demo folder, tasks run inline."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder, seeded_template


@pytest.fixture()
def demo_workspace(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path):
    """The commune-scale demo (Xã Hồ Thị Kỷ, Cà Mau), a private copy per test."""
    ws = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "data"))
    yield ws
    ws.close()


@pytest.fixture()
def seeded_workspace(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path):
    """Only the reference data (official units, shipped criterion sets)."""
    ws = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "data"))
    yield ws
    ws.close()


@pytest.fixture()
def inline_tasks():
    from anninh_desktop.ui.tasks import InlineTaskRunner

    return InlineTaskRunner()


@pytest.fixture()
def hold_at_first_progress(monkeypatch):
    """A real worker holds after its first progress report until the task is cancelled (≤ 10 s).

    A Stop clicked "while it runs" must not race a fast machine that finishes the work before
    the queued report or the click reaches the window.
    """
    from anninh_desktop.ui.tasks import TaskContext

    report = TaskContext.progress

    def report_then_hold(self, done, total, text=""):
        first = not getattr(self, "_held", False)
        self._held = True
        report(self, done, total, text)
        if first:
            self._cancel.wait(10)

    monkeypatch.setattr(TaskContext, "progress", report_then_hold)


@pytest.fixture()
def vietnamese():
    """Vietnamese messages for one test (the suite's default is English)."""
    from anninh_desktop import i18n

    i18n.set_language("vi")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _keep_application_running(qapp):
    """Closing a test's last window must not quit the application for the tests after it."""
    qapp.setQuitOnLastWindowClosed(False)
