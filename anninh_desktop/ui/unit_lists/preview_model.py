"""The rows of a list file as the import would treat them, problems in red, duplicates greyed."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from anninh_desktop.domain.units import UNIT_KIND_LABELS
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.unit_lists.plan import PlannedRow, RowStatus

COL_ROW, COL_KIND, COL_NAME, COL_SUBTYPE, COL_WHAT = range(5)
HEADERS = (N_("Row"), N_("Kind"), N_("Name"), N_("Subtype"), N_("What happens"))
STATUS_TEXTS = {
    RowStatus.NEW: N_("Will be added"),
    RowStatus.EXISTS: N_("Already there"),
    RowStatus.REPEATED: N_("Repeated in the file"),
    RowStatus.PROBLEM: N_("Problem"),
}
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
_PROBLEM = QColor("#b00020")
_QUIET = QColor("#6b6b6b")
_Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PlannedRow] = []

    def set_rows(self, rows: list[PlannedRow]) -> None:
        self.beginResetModel()
        # Problems first: they are what the officer has to correct.
        self._rows = sorted(rows, key=lambda r: (r.status is not RowStatus.PROBLEM, r.number))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == STATUS_ROLE:
            return r.status.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_ROW:
                return str(r.number)
            if col == COL_KIND:
                return _(UNIT_KIND_LABELS[r.kind]) if r.kind is not None else ""
            if col == COL_NAME:
                return r.name
            if col == COL_SUBTYPE:
                return r.subtype
            status = _(STATUS_TEXTS[r.status])
            return f"{status}: {r.message}" if r.message else status
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status is RowStatus.PROBLEM:
                return _PROBLEM
            if r.status in (RowStatus.EXISTS, RowStatus.REPEATED):
                return _QUIET
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
