"""Emitting Qt signals from Python without PySide6 6.12's reference-count bug.

Measured (tests/ui/test_signals.py): on PySide6 6.12.0 with Python 3.11, every `SignalInstance.emit()`
called from Python returns `True` without taking a reference for it, so each emit lowers the
reference count of `True` by one; after a few thousand emits Python aborts with "Fatal Python error:
bool_dealloc". (6.11.3 is fine; Python 3.12+ makes True immortal so the count no longer matters.)
Every emit in the program goes through `emit()` here, which gives the missing reference back when —
and only when — the running PySide6 shows the bug. A test forbids bare `.emit(` calls in the package.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _emit_loses_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    result = probe.ping.emit()
    del result
    lost = sys.getrefcount(True) < before
    if lost:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))  # give back what the probe took
    return lost


_COMPENSATE = _emit_loses_a_reference()


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, safe against the missing reference of PySide6 6.12's return value."""
    result = signal.emit(*args)
    if _COMPENSATE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


def emitter(signal: Any) -> Any:
    """A callable that emits `signal` (for APIs that take a callback)."""
    return lambda *args: emit(signal, *args)
