"""A one-line label that ends with "…" when it is too narrow, and then shows its whole text as a
tooltip: a long name never pushes buttons out of sight and can always be read."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyleOption, QWidget


class ElidedLabel(QLabel):
    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        min_chars: int = 8,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._hint: QSize | None = None
        self._tooltip = ""
        self._min_chars = min_chars
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setText(text)

    # the text ------------------------------------------------------------------------------
    def setText(self, text: str) -> None:
        self._full = " ".join(text.split())
        self._hint = None
        super().setText(self._full)
        self._update_tooltip()
        self.updateGeometry()
        self.update()

    def full_text(self) -> str:
        return self._full

    def setToolTip(self, text: str) -> None:
        """An extra tooltip, shown under the whole text when the text is cut."""
        self._tooltip = text
        self._update_tooltip()

    def is_elided(self) -> bool:
        return self._shown_text() != self._full

    # size ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        if self._hint is None:
            m = self.contentsMargins()
            fm = self.fontMetrics()
            width = fm.horizontalAdvance(self._full) + m.left() + m.right() + 2
            self._hint = QSize(width, fm.height() + m.top() + m.bottom())
        return QSize(self._hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._hint = None
        super().changeEvent(event)

    def minimumSizeHint(self) -> QSize:
        m = self.contentsMargins()
        width = self.fontMetrics().averageCharWidth() * self._min_chars + m.left() + m.right()
        return QSize(min(width, self.sizeHint().width()), self.sizeHint().height())

    # painting ------------------------------------------------------------------------------
    def _available(self) -> int:
        return self.contentsRect().width()

    def _shown_text(self) -> str:
        return self.fontMetrics().elidedText(self._full, self._mode, max(0, self._available()))

    def _update_tooltip(self) -> None:
        parts = [self._full] if self.is_elided() and self._full else []
        if self._tooltip and self._tooltip != self._full:
            parts.append(self._tooltip)
        super().setToolTip("\n\n".join(parts))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        painter.drawText(
            self.contentsRect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self._shown_text(),
        )
