"""The checklist widget on a copied demo folder, with its own undo stack."""

from __future__ import annotations

import pytest


@pytest.fixture()
def undo_stack():
    from PySide6.QtGui import QUndoStack

    stack = QUndoStack()
    yield stack
    stack.clear()


@pytest.fixture()
def checklist(qtbot, demo_workspace, undo_stack):
    from anninh_desktop.ui.checklist import ChecklistWidget

    widget = ChecklistWidget(demo_workspace, undo_stack)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
