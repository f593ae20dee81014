"""Table model of the assessments nearest their deadline with rows not met or not assessed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import countdown, format_date, format_number
from anninh_desktop.services.overview_stats import DeadlineRow, state_label

(
    COL_UNIT,
    COL_COMMUNE,
    COL_SET,
    COL_STATE,
    COL_NOT_MET,
    COL_NOT_ASSESSED,
    COL_DEADLINE,
    COL_COUNTDOWN,
) = range(8)
COLUMN_COUNT = 8
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a number, a date or a text to order by
ASSESSMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

_NUMERIC = (COL_NOT_MET, COL_NOT_ASSESSED, COL_COUNTDOWN)
_Index = QModelIndex | QPersistentModelIndex


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DeadlineRow] = []
        self._today = date.today()

    def set_rows(self, rows: list[DeadlineRow], today: date) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def row_at(self, row: int) -> DeadlineRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Unit"),
            _("Commune"),
            _("Criterion set"),
            _("State"),
            _("Not met"),
            _("Not assessed"),
            _("Deadline"),
            _("Time left"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == SORT_ROLE:
            return self._sort_key(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_UNIT, COL_COMMUNE, COL_SET):
            return self._display(r, column)  # whole, when the column shortens it
        if role == ASSESSMENT_ID_ROLE:
            return r.assessment_id
        if role == UNIT_ID_ROLE:
            return r.unit_id
        return None

    def _display(self, r: DeadlineRow, column: int) -> str:
        if column == COL_UNIT:
            return r.unit_name
        if column == COL_COMMUNE:
            return r.commune_name
        if column == COL_SET:
            return r.set_title
        if column == COL_STATE:
            return state_label(r.state)
        if column == COL_NOT_MET:
            return format_number(r.not_met)
        if column == COL_NOT_ASSESSED:
            return format_number(r.not_assessed)
        if column == COL_DEADLINE:
            return format_date(r.deadline)
        return countdown(r.deadline, self._today)

    def _sort_key(self, r: DeadlineRow, column: int) -> object:
        if column == COL_NOT_MET:
            return r.not_met
        if column == COL_NOT_ASSESSED:
            return r.not_assessed
        if column in (COL_DEADLINE, COL_COUNTDOWN):
            # Nearest deadline first, then the most open rows: the order the lists are built in.
            return r.deadline.toordinal() * 10_000 - min(r.unmet, 9_999)
        return self._display(r, column)


class DeadlineSortProxy(QSortFilterProxyModel):
    """Numbers and dates by value, names in Vietnamese order (QCollator, not code points)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._collator = QCollator(QLocale("vi_VN"))
        self._collator.setNumericMode(True)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return self._collator.compare(a, b) < 0
        return bool(a < b)
