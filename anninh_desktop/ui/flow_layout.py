"""A layout that places its items left to right and wraps to the next line when they do not fit.

Rows of buttons (the header's steps, the evidence pane's actions) use it so that a narrow window
moves a button to the next line instead of pushing it out of sight. Items keep their size hint
width (a button's text is never cut); an item wider than the line gets the line's width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = -1,
        align_right: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._heights: dict[int, int] = {}  # width → height, until the layout is invalidated
        self._spacing = spacing
        self._align_right = align_right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # QLayout's item interface --------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Asked many times per layout pass, by every layout above: answered once per width.
        if width not in self._heights:
            self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return self._heights[width]

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One line holding every item."""
        width = height = 0
        shown = self._shown()
        for item in shown:
            hint = _hint(item)
            width += hint.width()
            height = max(height, hint.height())
        width += self._gap() * max(0, len(shown) - 1)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item (everything else wraps)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    # placing -------------------------------------------------------------------------------
    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) or 6

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, QSize]]]:
        """Items per line with their sizes. An eliding label (horizontal policy Ignored) gives up
        width down to its minimum so that what follows it stays on its line."""
        gap = self._gap()
        lines: list[list[list]] = [[]]  # [item, width] pairs per line
        used = 0
        for item in self._shown():
            w = min(_hint(item).width(), max(width, 1))
            line = lines[-1]
            if not line:
                line.append([item, w])
                used = w
                continue
            over = used + gap + w - width
            if over <= 0:
                line.append([item, w])
                used += gap + w
                continue
            candidates = [entry for entry in line if _shrinks(entry[0])]
            if _shrinks(item):
                candidates.append(None)  # the new item itself, first
            slack = sum(e[1] - _least(e[0]) for e in candidates if e is not None)
            slack += w - _least(item) if _shrinks(item) else 0
            if slack < over:
                lines.append([[item, w]])
                used = w
                continue
            if _shrinks(item):
                cut = min(over, w - _least(item))
                w, over = w - cut, over - cut
            for entry in reversed([e for e in candidates if e is not None]):
                cut = min(over, entry[1] - _least(entry[0]))
                entry[1] -= cut
                over -= cut
            line.append([item, w])
            used = width
        out: list[list[tuple[QLayoutItem, QSize]]] = []
        for line in lines:
            if not line:
                continue
            sized = []
            for item, w in line:
                height = _hint(item).height()
                if item.hasHeightForWidth():  # a wrapping label takes the lines its width needs
                    height = max(height, item.heightForWidth(w))
                sized.append((item, QSize(w, height)))
            out.append(sized)
        return out

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self._gap()
        y = area.y()
        for line in self._lines(area.width()):
            line_height = max(size.height() for _item, size in line)
            line_width = sum(size.width() for _item, size in line) + gap * (len(line) - 1)
            x = area.x() + (area.width() - line_width if self._align_right else 0)
            for item, size in line:
                if apply:
                    # Vertically centred in the line (a label beside taller buttons).
                    top = y + (line_height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), size))
                x += size.width() + gap
            y += line_height + gap
        used = y - area.y() - gap if y > area.y() else 0
        return max(0, used) + m.top() + m.bottom()


def _hint(item: QLayoutItem) -> QSize:
    """The item's size hint; a widget's own when its layout item ignores it (policy Ignored)."""
    widget = item.widget()
    if widget is None:
        return item.sizeHint()
    hint = widget.sizeHint().expandedTo(widget.minimumSize()).boundedTo(widget.maximumSize())
    return hint.expandedTo(widget.minimumSizeHint())


def _shrinks(item: QLayoutItem) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    return widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored


def _least(item: QLayoutItem) -> int:
    widget = item.widget()
    return widget.minimumSizeHint().width() if widget is not None else item.minimumSize().width()


def fixed_height_for_width(widget: QWidget) -> None:
    """A widget holding a flow layout takes the height its lines need at its width."""
    policy = widget.sizePolicy()
    policy.setHeightForWidth(True)
    policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)
    widget.setSizePolicy(policy)
