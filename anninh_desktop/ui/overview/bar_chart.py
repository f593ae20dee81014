"""A horizontal bar chart painted with QPainter (QtCharts is not in PySide6-Essentials).

Each row shows its label, a bar and the value as text, so the colour is never the only carrier of
information. Sizes come from the widget's font metrics, so the chart stays readable at 125–150 %
display scaling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.xlsx_export import write_atomically

EXPORT_SCALE = 2.0  # PNG exports are rendered at twice the pixel density


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str  # what the user reads at the end of the bar: "12", "73 % (11/15)"
    color: QColor
    tooltip: str = ""


class HorizontalBarChart(QWidget):
    """Rows of label · bar · value; `maximum` is the value of a full-length bar."""

    def __init__(self, parent: QWidget | None = None, *, label_share: float = 0.4) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._maximum = 1.0
        self._label_share = label_share
        self._empty_text = _("No data")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)

    # public ----------------------------------------------------------------------------------
    def set_bars(self, bars: list[Bar], maximum: float | None = None) -> None:
        self._bars = list(bars)
        top = max((b.value for b in bars), default=0.0)
        self._maximum = maximum if maximum is not None else max(top, 1.0)
        self.updateGeometry()
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def to_image(self, scale: float = EXPORT_SCALE) -> QImage:
        """The chart as an image at `scale` × its logical size, on the window background."""
        size = self.size()
        if size.isEmpty():
            size = self.sizeHint()
            self.resize(size)
        image = QImage(size * scale, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(scale)
        image.fill(self.palette().color(QPalette.ColorRole.Window))
        self.render(image)
        return image

    def save_png(self, path: Path) -> None:
        """Save `to_image()` as PNG; raises UserError when the file cannot be written."""
        image = self.to_image()

        def write(tmp: Path) -> None:
            if not image.save(str(tmp), "PNG"):
                raise OSError(_("the image could not be written"))

        write_atomically(path, write)

    # geometry --------------------------------------------------------------------------------
    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.7)

    def _margin(self) -> int:
        return self.fontMetrics().height() // 2

    def sizeHint(self) -> QSize:
        rows = max(len(self._bars), 1)
        return QSize(
            self.fontMetrics().averageCharWidth() * 70,
            rows * self._row_height() + 2 * self._margin(),
        )

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 30, hint.height())

    def _row_at(self, y: int) -> int:
        row = (y - self._margin()) // self._row_height()
        return row if 0 <= row < len(self._bars) else -1

    # painting --------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        margin = self._margin()
        inner = self.rect().adjusted(margin, margin, -margin, -margin)
        if not self._bars:
            painter.setPen(text_color)
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        # A little slack: elidedText needs a pixel or two more than horizontalAdvance reports.
        widest_label = (
            max(fm.horizontalAdvance(b.label) for b in self._bars) + fm.averageCharWidth()
        )
        label_width = min(widest_label, int(inner.width() * self._label_share))
        value_width = max(fm.horizontalAdvance(b.value_text) for b in self._bars)
        gap = fm.averageCharWidth()
        bar_left = inner.left() + label_width + gap
        bar_span = max(inner.width() - label_width - value_width - 2 * gap, 1)
        row_h = self._row_height()
        bar_h = max(int(fm.height() * 1.1), 4)
        for i, bar in enumerate(self._bars):
            top = inner.top() + i * row_h
            label_rect = QRect(inner.left(), top, label_width, row_h)
            painter.setPen(text_color)
            label = fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label
            )
            length = int(bar_span * max(bar.value, 0.0) / self._maximum) if self._maximum else 0
            bar_rect = QRect(bar_left, top + (row_h - bar_h) // 2, length, bar_h)
            if length > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(bar.color)
                painter.drawRoundedRect(bar_rect, 2, 2)
            painter.setPen(text_color)
            value_rect = QRect(bar_left + length + gap, top, value_width + gap, row_h)
            painter.drawText(
                value_rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.value_text,
            )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            row = self._row_at(int(event.pos().y()))
            if row >= 0:
                bar = self._bars[row]
                QToolTip.showText(
                    event.globalPos(), bar.tooltip or f"{bar.label}: {bar.value_text}", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
