"""The navigator measures its tree's room without `viewport()` (whose first call costs the start
~25 ms, bench/window_start.py): the width it computes is the viewport's, scroll bar or not, and the
state column gives way to the names in a narrow list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from anninh_desktop.ui.navigator import NavigatorWidget
from anninh_desktop.ui.navigator.tree_model import COL_STATE


@pytest.mark.parametrize("many_rows", [False, True])
def test_room_for_names_is_the_viewport_width(qtbot, demo_workspace, many_rows: bool) -> None:
    widget = NavigatorWidget(demo_workspace)
    qtbot.addWidget(widget)
    widget.resize(420, 500)
    widget.show()
    qtbot.waitExposed(widget)
    if many_rows:  # every province and commune: the rows overflow, the scroll bar shows
        widget.all_units_check.click()
        widget.tree.expandAll()
    else:  # the province's row alone
        widget.tree.collapseAll()
    tree = widget.tree
    for width in (260, 330, 420, 700):
        widget.resize(width, 500)
        QApplication.processEvents()
        assert tree.verticalScrollBar().isVisible() == many_rows
        assert tree.viewport_width() == tree.viewport().width()
    tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    QApplication.processEvents()
    assert tree.viewport_width() == tree.viewport().width()


def test_state_column_hides_in_a_narrow_list(qtbot, demo_workspace) -> None:
    widget = NavigatorWidget(demo_workspace)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    header = widget.tree.header()
    assert not header.isSectionHidden(COL_STATE)
    widget.resize(230, 500)
    QApplication.processEvents()
    assert header.isSectionHidden(COL_STATE)
    widget.resize(700, 500)
    QApplication.processEvents()
    assert not header.isSectionHidden(COL_STATE)
