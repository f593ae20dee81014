"""A read-only table of text rows for the movement view: each row its cells, an optional payload
(the id behind it), bold for group rows and a colour for rows that need attention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION = QColor("#b91c1c")
COMPUTED = QColor("#1f4e79")
_BOLD = QFont()
_BOLD.setBold(True)
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    payload: Any = None
    bold: bool = False
    attention: bool = False  # drawn in red (a dossier with gaps, a commune that did not report)
    computed: bool = False  # drawn in blue: a figure the program computed from its data
    tooltips: Sequence[str] = field(default=())


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._headers[section] if section < len(self._headers) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole and column < len(row.tooltips):
            return row.tooltips[column] or None
        if role == Qt.ItemDataRole.FontRole and row.bold:
            return _BOLD
        if role == Qt.ItemDataRole.ForegroundRole and (row.attention or row.computed):
            return QBrush(ATTENTION if row.attention else COMPUTED)
        if role == PAYLOAD_ROLE:
            return row.payload
        return None


def shown_label(text: str, text_en: str) -> str:
    """A form's own words in the window's language: its English label when the window speaks
    English and the form has one (the report always uses the Vietnamese)."""
    from anninh_desktop.i18n import current_language

    return text_en if current_language() == "en" and text_en else text
