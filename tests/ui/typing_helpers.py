"""Typing Vietnamese into widgets in tests.

`QTest.keyClicks` aborts the test process on any non-ASCII character (STACK-NOTES), so text is
sent as one key event per character carrying the character itself, as a keyboard layout would.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` (NFC) into the focused child of `widget`, character by character."""
    target = widget.focusProxy() or widget
    for ch in unicodedata.normalize("NFC", text):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(target, event)
    QApplication.processEvents()
