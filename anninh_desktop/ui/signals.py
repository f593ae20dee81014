"""Emitting Qt signals from Python without PySide6 6.12's reference-count bug.

Measured (tests/ui/test_signals.py): on PySide6 6.12.0 with Python 3.11, every `SignalInstance.emit()`
called from Python returns `True` without taking a reference for it, so each emit lowers the
reference count of `True` by one; after a few thousand emits Python aborts with "Fatal Python error:
bool_dealloc". The same PySide6 also drops a reference to None whenever it turns an empty QVariant
into None (`index.data()`, `combo.itemData()`…), which no wrapper can catch: that is why the program
requires Python 3.12, where None, True and False are immortal and these counts no longer matter
(6.11.3 does not have the emit bug). On 3.12 the probe below finds nothing and `emit` is a plain
emit; it stays so that a run on an older Python fails later rather than at the first few thousand
emits. A test forbids bare `.emit(` calls in the package.
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
