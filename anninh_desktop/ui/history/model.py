"""The history's rows for a table view: time, who, what, subject, change (before → after)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from anninh_desktop.i18n import N_, _
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.history.log import HistoryEntry

COLUMNS = (N_("Time"), N_("Who"), N_("What"), N_("Subject"), N_("Change (before → after)"))
type _Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._entries: list[HistoryEntry] = []

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> HistoryEntry:
        return self._entries[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            computer = _("Computer: {name}").format(name=e.computer)
            return f"{self._text(e, index.column())}\n{computer} · #{e.seq}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    @staticmethod
    def _text(e: HistoryEntry, column: int) -> str:
        return (
            format_datetime(e.at),
            e.who,
            e.what,
            e.subject,
            e.changes_text(),
        )[column]
