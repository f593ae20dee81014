"""Columns of a table or tree sized to their content, one text column taking the rest.

The main column (a name, a title) stretches and keeps at least `main_chars` characters; every
other column is as wide as its header and its widest value (capped). When the view is too narrow
for all of them, the columns in `drop_order` hide one by one (first the least needed) and come
back when there is room. The view is fitted again whenever it is resized or its rows change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QTreeView

_PAD = 16
_MEASURED_ROWS = 400  # a long table is measured on its first rows


def _header(view: QAbstractItemView) -> QHeaderView:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    assert isinstance(view, QTreeView)
    return view.header()


class ColumnFitter(QObject):
    def __init__(
        self,
        view: QAbstractItemView,
        *,
        main: int,
        main_chars: int,
        drop_order: Sequence[int] = (),
        max_chars: Mapping[int, int] | None = None,
        extra: int = 0,
        scroll_when_narrow: bool = False,
    ) -> None:
        """`extra`: pixels the main column needs besides its text (a tree's indentation).
        `scroll_when_narrow`: when the columns do not fit (after dropping), the main column keeps
        its `main_chars` and the view scrolls sideways, instead of the main column shrinking."""
        super().__init__(view)
        self._scroll_when_narrow = scroll_when_narrow
        self._view = view
        self._main = main
        self._main_chars = main_chars
        self._drop_order = tuple(drop_order)
        self._max_chars = dict(max_chars or {})
        self._extra = extra
        self._pending = False
        self.hidden: list[int] = []
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)  # shown again in another tab, resized while hidden
        self._watched_model = None
        self.watch_model()

    def set_max_chars(self, max_chars: Mapping[int, int]) -> None:
        """Caps of columns known only with the data (a table whose columns follow its rows)."""
        self._max_chars = dict(max_chars)
        self.schedule()

    def watch_model(self) -> None:
        """Refit when the rows change (call again after `setModel`)."""
        model = self._view.model()
        if model is None or model is self._watched_model:
            return
        self._watched_model = model
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.schedule)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.schedule()
        return False

    def schedule(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # not after the view is gone

    def _content_width(self, column: int) -> int:
        """The widest of the column's header and values (the first rows, at every level)."""
        view = self._view
        model = view.model()
        header_fm = _header(view).fontMetrics()
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = header_fm.horizontalAdvance(label) + 12  # room for the sort arrow
        fm = view.fontMetrics()
        pending = [QModelIndex()]
        seen = 0
        while pending and seen < _MEASURED_ROWS:
            parent = pending.pop()
            for row in range(model.rowCount(parent)):
                index = model.index(row, column, parent)
                text = str(index.data() or "")
                icon = 20 if index.data(Qt.ItemDataRole.DecorationRole) is not None else 0
                widest = max(widest, fm.horizontalAdvance(text) + icon)
                first = model.index(row, 0, parent)
                if model.rowCount(first) > 0:
                    pending.append(first)
                seen += 1
        return widest

    def main_width(self) -> int:
        fm = self._view.fontMetrics()
        return fm.averageCharWidth() * self._main_chars + _PAD + self._extra

    def fit(self) -> list[int]:
        """Size the columns now; returns the hidden ones."""
        self._pending = False
        view, header = self._view, _header(self._view)
        model = view.model()
        if model is None:
            return []
        count = model.columnCount()
        fm = view.fontMetrics()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) * 2 + _PAD
        widths: dict[int, int] = {}
        for column in range(count):
            if column == self._main:
                continue
            # Measured from the texts, not from the view: a hidden column has no size hint,
            # and measuring it as nothing would show it again, then hide it, and so on.
            width = self._content_width(column) + margin
            cap = self._max_chars.get(column)
            if cap is not None:
                width = min(width, fm.averageCharWidth() * cap + margin)
            widths[column] = width
        available = view.viewport().width()
        shown = [c for c in range(count) if c != self._main]
        hidden: list[int] = []
        for column in self._drop_order:
            if self.main_width() + sum(widths[c] for c in shown) <= available:
                break
            if column in shown:
                shown.remove(column)
                hidden.append(column)
        # The main column's own minimum counts too (a header never makes a section narrower).
        main_least = max(self.main_width(), header.minimumSectionSize())
        while shown and main_least + sum(widths[c] for c in shown) > available:
            droppable = [c for c in self._drop_order if c in shown]
            if not droppable:
                break
            shown.remove(droppable[0])
            hidden.append(droppable[0])
        header.setStretchLastSection(False)
        narrow = main_least + sum(widths[c] for c in shown) > available
        if self._scroll_when_narrow and narrow:
            header.setSectionResizeMode(self._main, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(self._main, main_least)
        else:
            header.setSectionResizeMode(self._main, QHeaderView.ResizeMode.Stretch)
        for column in range(count):
            if column == self._main:
                header.showSection(column)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            if column in hidden:
                header.hideSection(column)
            else:
                header.showSection(column)
                header.resizeSection(column, widths[column])
        self.hidden = hidden
        return hidden
