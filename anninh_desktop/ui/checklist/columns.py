"""The checklist's columns: the criterion text first, the other columns as wide as their content.

The criterion column takes what is left; it must hold at least `MIN_CRITERION_CHARS` characters
of every row's own text, after the row's indentation. When the tree is too narrow for that, the
other columns give way in the order of `DROP_ORDER` (the detail pane shows each of them for the
current row), and come back when there is room again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeView

from anninh_desktop.domain.assessments import RESULT_LABELS, WORK_STATUS_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.ui.checklist.model import (
    COL_CRITERION,
    COL_DUE,
    COL_EVIDENCE,
    COL_RESPONSIBLE,
    COL_RESULT,
    COL_STATUS,
    COLUMN_COUNT,
)

MIN_CRITERION_CHARS = 40
# Columns that give way first when the criterion text needs the room.
DROP_ORDER = (COL_RESPONSIBLE, COL_DUE, COL_STATUS, COL_EVIDENCE)
INDENTATION = 14
_ICON = 16
_RESPONSIBLE_CHARS = 16


def content_widths(tree: QTreeView) -> dict[int, int]:
    """The width each column other than the criterion needs for its header and its longest value."""
    fm = tree.fontMetrics()
    header_fm = QFontMetrics(tree.header().font())
    pad = 2 * tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 14
    model = tree.model()

    def head(column: int) -> int:
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        return header_fm.horizontalAdvance(text) + pad

    def widest(texts: list[str]) -> int:
        return max(fm.horizontalAdvance(t) for t in texts)

    results = widest([_(t) for t in RESULT_LABELS.values()]) + _ICON + 4 + pad
    statuses = widest([_(t) for t in WORK_STATUS_LABELS.values()]) + pad
    return {
        COL_RESULT: max(head(COL_RESULT), results),
        COL_STATUS: max(head(COL_STATUS), statuses),
        COL_EVIDENCE: max(head(COL_EVIDENCE), fm.horizontalAdvance("888") + _ICON + 4 + pad),
        COL_DUE: max(head(COL_DUE), fm.horizontalAdvance("88/88/8888") + pad),
        COL_RESPONSIBLE: max(head(COL_RESPONSIBLE), fm.averageCharWidth() * _RESPONSIBLE_CHARS),
    }


RowText = tuple[int, str, bool]  # depth, shown text, bold


def criterion_width(tree: QTreeView, texts: list[RowText]) -> int:
    """The criterion column's width that shows `MIN_CRITERION_CHARS` characters of each row.

    `texts` holds (depth, shown text, bold) per row; the deepest rows start further right.
    """
    fm = tree.fontMetrics()
    bold_font = tree.font()
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    margin = 2 * tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 8
    need = fm.averageCharWidth() * MIN_CRITERION_CHARS
    for depth, text, is_bold in texts:
        indent = (depth + 1) * tree.indentation()
        metrics = bold if is_bold else fm
        need = max(need, indent + metrics.horizontalAdvance(text[:MIN_CRITERION_CHARS]))
    return need + margin


def comfortable_width(tree: QTreeView, texts: list[RowText]) -> int:
    """The tree's width with the criterion column at its minimum and the result column beside it."""
    frame = 2 * tree.frameWidth() + tree.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    return criterion_width(tree, texts) + content_widths(tree)[COL_RESULT] + frame


def fit_columns(tree: QTreeView, texts: list[RowText]) -> list[int]:
    """Size the columns to their content and hide those the criterion text needs the room of;
    returns the columns hidden."""
    header = tree.header()
    widths = content_widths(tree)
    available = tree.viewport().width()
    need = criterion_width(tree, texts)
    shown = list(range(1, COLUMN_COUNT))
    hidden: list[int] = []
    for column in DROP_ORDER:
        if need + sum(widths[c] for c in shown) <= available:
            break
        shown.remove(column)
        hidden.append(column)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(COL_CRITERION, QHeaderView.ResizeMode.Stretch)
    for column in range(1, COLUMN_COUNT):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        if column in hidden:
            header.hideSection(column)
        else:
            header.showSection(column)
            header.resizeSection(column, widths[column])
    return hidden
