"""The run_task helper: results, progress and errors reach the GUI thread; cancel stops the work."""

from __future__ import annotations

import threading
import time

import pytest

from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.ui.tasks import InlineTaskRunner, TaskRunner, describe_error


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(ctx):
        seen["worker"] = threading.get_ident()
        return 42

    handle = runner.run(
        work, on_success=lambda v: seen.update(value=v, thread=threading.get_ident())
    )
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert seen["value"] == 42
    assert seen["thread"] == gui
    assert seen["worker"] != gui
    assert not runner.busy


def test_progress_is_reported_and_cancel_stops_the_task(qtbot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    reports: list[tuple[int, int]] = []
    outcome: list[str] = []

    def work(ctx):
        ctx.progress(0, 100, "start")
        started.set()
        for i in range(1, 1000):
            time.sleep(0.005)
            ctx.raise_if_cancelled()
            ctx.progress(i, 1000)
        return "finished"

    handle = runner.run(
        work,
        on_progress=lambda d, t, _text: reports.append((d, t)),
        on_success=lambda v: outcome.append(v),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(reports) >= 1, timeout=5000)
    handle.cancel()
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert outcome == ["cancelled"]
    assert reports[0] == (0, 100)


def test_errors_become_a_message_and_the_traceback_goes_to_the_log(qtbot, caplog) -> None:
    runner = TaskRunner()
    errors: list[BaseException] = []

    def work(ctx):
        raise ZeroDivisionError("boom")

    handle = runner.run(work, name="divide", on_error=errors.append)
    with qtbot.waitSignal(handle.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)
    assert "log file" in describe_error(errors[0])
    assert "task divide failed" in caplog.text
    assert describe_error(UserError("Disk full.")) == "Disk full."


@pytest.mark.parametrize("raise_cancel", [False, True])
def test_inline_runner_calls_back_before_returning(raise_cancel) -> None:
    runner = InlineTaskRunner()
    got: list[object] = []

    def work(ctx):
        ctx.progress(1, 1, "done")
        if raise_cancel:
            raise Cancelled()
        return "ok"

    runner.run(
        work,
        on_success=got.append,
        on_progress=lambda d, t, text: got.append((d, t, text)),
        on_cancelled=lambda: got.append("cancelled"),
    )
    assert got == [(1, 1, "done"), "cancelled" if raise_cancel else "ok"]
