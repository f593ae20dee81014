"""Small painted icons and colours of the checklist: one look per result, the "evidence missing" mark.

Each state is shown by its label *and* a distinct shape (tick, cross, dash, empty ring), so colour is
never the only cue. Icons are painted once per process and kept; painting needs a QGuiApplication.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap

from anninh_desktop.domain.assessments import ResultValue

_SIZE = 16

RESULT_COLOURS: dict[ResultValue, QColor] = {
    ResultValue.NOT_ASSESSED: QColor("#6b7280"),
    ResultValue.MET: QColor("#15803d"),
    ResultValue.NOT_MET: QColor("#b91c1c"),
    ResultValue.NOT_APPLICABLE: QColor("#4b5563"),
}
MISSING_COLOUR = QColor("#dc2626")
BANNER_STYLE = (
    "QLabel { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b; "
    "border-radius: 3px; padding: 4px 8px; }"
)
ERROR_STYLE = "QLabel { color: #b91c1c; }"
INFO_STYLE = "QLabel { color: #374151; }"

_icons: dict[str, QIcon] = {}


def _canvas() -> tuple[QPixmap, QPainter]:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, painter


def result_icon(value: ResultValue) -> QIcon:
    """Tick in a green disc, cross in a red disc, dash in a grey disc, or an empty ring."""
    key = f"result:{value.value}"
    if key in _icons:
        return _icons[key]
    colour = RESULT_COLOURS[value]
    pixmap, p = _canvas()
    disc = QRectF(1.5, 1.5, _SIZE - 3, _SIZE - 3)
    if value is ResultValue.NOT_ASSESSED:
        p.setPen(QPen(colour, 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(disc)
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(colour))
        p.drawEllipse(disc)
        pen = QPen(QColor("white"), 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        if value is ResultValue.MET:
            p.drawPolyline([QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)])
        elif value is ResultValue.NOT_MET:
            p.drawLine(QPointF(5, 5), QPointF(11, 11))
            p.drawLine(QPointF(11, 5), QPointF(5, 11))
        else:
            p.drawLine(QPointF(4.5, 8), QPointF(11.5, 8))
    p.end()
    _icons[key] = QIcon(pixmap)
    return _icons[key]


def missing_evidence_icon() -> QIcon:
    """A red triangle with "!" (required evidence missing)."""
    key = "missing"
    if key in _icons:
        return _icons[key]
    pixmap, p = _canvas()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(MISSING_COLOUR))
    p.drawPolygon([QPointF(8, 1), QPointF(15, 14.5), QPointF(1, 14.5)])
    p.setPen(QPen(QColor("white")))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(10)
    p.setFont(font)
    p.drawText(QRectF(0, 3, _SIZE, 12), Qt.AlignmentFlag.AlignCenter, "!")
    p.end()
    _icons[key] = QIcon(pixmap)
    return _icons[key]
