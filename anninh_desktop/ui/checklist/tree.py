"""The checklist's tree view: 1/2/3/0 set the result of the current row, J/K move like Down/Up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from anninh_desktop.domain.assessments import ResultValue

RESULT_KEYS: dict[int, ResultValue] = {
    Qt.Key.Key_1: ResultValue.MET,
    Qt.Key.Key_2: ResultValue.NOT_MET,
    Qt.Key.Key_3: ResultValue.NOT_APPLICABLE,
    Qt.Key.Key_0: ResultValue.NOT_ASSESSED,
}
_MOVES = {
    Qt.Key.Key_J: QAbstractItemView.CursorAction.MoveDown,
    Qt.Key.Key_K: QAbstractItemView.CursorAction.MoveUp,
}


class ChecklistTree(QTreeView):
    resultKeyPressed = Signal(str)  # a ResultValue
    resized = Signal()  # the columns are fitted to the new width

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAllColumnsShowFocus(True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.resized.emit()  # a tab shown again may have been resized while hidden

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain == Qt.KeyboardModifier.NoModifier:
            key = Qt.Key(event.key())
            if key in RESULT_KEYS:
                self.resultKeyPressed.emit(RESULT_KEYS[key].value)
                event.accept()
                return
            if key in _MOVES:
                target = self.moveCursor(_MOVES[key], Qt.KeyboardModifier.NoModifier)
                if target.isValid():
                    self.setCurrentIndex(target)
                event.accept()
                return
        super().keyPressEvent(event)
