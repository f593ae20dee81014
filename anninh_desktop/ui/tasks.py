"""One way to run long work off the GUI thread: progress, cooperative cancel, result on the GUI thread.

A task is a plain function `func(ctx: TaskContext) -> result`. It runs on a QThreadPool thread, calls
`ctx.progress(done, total, text)` now and then and returns early (raising `Cancelled`) when
`ctx.cancelled()` turns true. It never touches a widget: the callbacks given to `TaskRunner.run` are
called on the GUI thread. Work on the data folder opens its own connection (`Workspace.reopen()`);
WAL lets the window keep reading meanwhile. Tests use `InlineTaskRunner`, which runs the same
function at once on the calling thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import Cancelled, UserError

log = logging.getLogger(__name__)

_PROGRESS_INTERVAL = 0.05  # seconds between progress reports that reach the GUI


def describe_error(exc: BaseException) -> str:
    """The message a user sees for a failed task; the traceback goes to the log only."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, MemoryError):
        return _("The computer ran out of memory. Close other programs and try again.")
    return _("An unexpected error occurred. Nothing was changed; details are in the log file.")


class TaskContext:
    """What a running task sees: a way to report progress and to learn that the user cancelled."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()
        self._last = 0.0

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; reports closer than 50 ms are dropped, except the last one."""
        now = time.monotonic()
        if done < total and now - self._last < _PROGRESS_INTERVAL:
            return
        self._last = now
        self._report(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class TaskHandle(QObject):
    """A running task as the GUI sees it. Signals arrive on the GUI thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    was_cancelled = Signal()
    finished = Signal()  # after any of the three outcomes

    _report = Signal(int, int, str)
    _done = Signal(str, object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.context = TaskContext(self._report.emit)
        self.running = True
        self.outcome: str = ""
        self.result: Any = None
        self.error: BaseException | None = None
        # Queued: the worker emits, the handle (a GUI-thread object) delivers on the GUI thread.
        self._report.connect(self._on_report, Qt.ConnectionType.QueuedConnection)
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self.context.cancel()

    @Slot(int, int, str)
    def _on_report(self, done: int, total: int, text: str) -> None:
        if self.running:
            self.progressed.emit(done, total, text)

    @Slot(str, object)
    def _on_done(self, outcome: str, value: object) -> None:
        self.running = False
        self.outcome = outcome
        if outcome == "ok":
            self.result = value
            self.succeeded.emit(value)
        elif outcome == "cancelled":
            self.was_cancelled.emit()
        else:
            self.error = value if isinstance(value, BaseException) else RuntimeError(str(value))
            self.failed.emit(self.error)
        self.finished.emit()


def _execute(func: Callable[[TaskContext], Any], handle: TaskHandle) -> tuple[str, object]:
    try:
        value = func(handle.context)
    except Cancelled:
        return "cancelled", None
    except UserError as exc:
        log.info("task %s refused: %s", handle.name, exc.message)
        return "error", exc
    except BaseException as exc:  # a worker must report every failure, never die silently
        log.exception("task %s failed", handle.name)
        return "error", exc
    if handle.context.cancelled():
        # The function finished anyway (nothing left to stop); its result stands.
        log.info("task %s finished after a cancel request", handle.name)
    return "ok", value


class _Runnable(QRunnable):
    def __init__(self, func: Callable[[TaskContext], Any], handle: TaskHandle) -> None:
        super().__init__()
        self._func = func
        self._handle = handle

    def run(self) -> None:
        outcome, value = _execute(self._func, self._handle)
        self._handle._done.emit(outcome, value)


class TaskRunner:
    """Runs tasks on a thread pool and keeps their handles alive until they finish."""

    def __init__(self, pool: QThreadPool | None = None) -> None:
        self._pool = pool or QThreadPool.globalInstance()
        self._active: set[TaskHandle] = set()

    def run(
        self,
        func: Callable[[TaskContext], Any],
        *,
        name: str = "task",
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        handle = TaskHandle(name)
        if on_success:
            handle.succeeded.connect(on_success)
        if on_error:
            handle.failed.connect(on_error)
        if on_progress:
            handle.progressed.connect(on_progress)
        if on_cancelled:
            handle.was_cancelled.connect(on_cancelled)
        self._active.add(handle)
        handle.finished.connect(lambda: self._active.discard(handle))
        self._start(func, handle)
        return handle

    def _start(self, func: Callable[[TaskContext], Any], handle: TaskHandle) -> None:
        self._pool.start(_Runnable(func, handle))

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for handle in list(self._active):
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started task has returned (closing the window, tests)."""
        return bool(self._pool.waitForDone(msecs))


class InlineTaskRunner(TaskRunner):
    """Runs each task at once on the calling thread; callbacks fire before `run` returns."""

    def __init__(self) -> None:
        super().__init__(pool=QThreadPool())

    def _start(self, func: Callable[[TaskContext], Any], handle: TaskHandle) -> None:
        handle.context = TaskContext(handle.progressed.emit)
        outcome, value = _execute(func, handle)
        handle._on_done(outcome, value)
