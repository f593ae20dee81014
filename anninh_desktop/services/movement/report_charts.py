"""The report's charts, drawn with reportlab graphics in the report's own font.

One shape serves all three: a row per figure, its label wrapped on the left, one or more bars on the
right, each with its value written beside it (colour is never the only carrier of information).
Rows are scaled on their own (a year-on-year pair, a figure over the periods) or together (shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from anninh_desktop.services.dossier.styles import FRAME_WIDTH, faces
from anninh_desktop.services.movement.numbers import count_text, percent_text

VI = "vi_VN"
LABEL_WIDTH = 72 * mm
VALUE_WIDTH = 24 * mm
FONT_SIZE = 8.5
LEADING = 10.0
BAR_HEIGHT = 9.0
BAR_GAP = 2.0
ROW_GAP = 7.0
# Dark blue for this period (and for shares: a share of "not expected" is no good news, so no
# traffic-light colours), grey for what it is compared with.
CURRENT = colors.HexColor("#1f4e79")
PREVIOUS = colors.HexColor("#a6a6a6")
SERIES = [colors.HexColor(c) for c in ("#c9d6e3", "#8fb0cf", "#4f81b0", "#1f4e79")]


@dataclass(frozen=True)
class Bar:
    value: float
    text: str
    color: colors.Color


@dataclass(frozen=True)
class Row:
    label: str
    bars: tuple[Bar, ...]
    scale: float  # the value a full-length bar stands for


def bar_chart(rows: Sequence[Row], legend: Sequence[tuple[str, colors.Color]] = ()) -> Drawing:
    """The rows as one drawing as wide as the text column."""
    font = faces().regular
    bar_area = FRAME_WIDTH - LABEL_WIDTH - VALUE_WIDTH - 4 * mm
    heights = []
    labels = []
    for row in rows:
        lines = simpleSplit(row.label, font, FONT_SIZE, LABEL_WIDTH - 3 * mm)[:3]
        labels.append(lines)
        bars = len(row.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        heights.append(max(bars, len(lines) * LEADING) + ROW_GAP)
    # The legend: its entries side by side, on as many lines as the bar area needs.
    places: list[tuple[float, int]] = []
    x, line = 0.0, 0
    for text, _color in legend:
        width = 11 + stringWidth(text, font, FONT_SIZE) + 12
        if x and x + width > FRAME_WIDTH - LABEL_WIDTH:
            x, line = 0.0, line + 1
        places.append((x, line))
        x += width
    legend_height = (places[-1][1] + 1) * 12.0 + 4 if legend else 0.0
    total = sum(heights) + legend_height
    d = Drawing(FRAME_WIDTH, total)
    y = total - legend_height
    for (text, color), (lx, ln) in zip(legend, places, strict=True):
        top = total - 10 - ln * 12.0
        d.add(Rect(LABEL_WIDTH + lx, top, 8, 8, fillColor=color, strokeColor=None))
        d.add(String(LABEL_WIDTH + lx + 11, top + 1, text, fontName=font, fontSize=FONT_SIZE))
    x0 = LABEL_WIDTH
    for row, lines, height in zip(rows, labels, heights, strict=True):
        top = y - ROW_GAP / 2
        block = len(row.bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        text_top = top - (height - ROW_GAP - len(lines) * LEADING) / 2
        for i, line in enumerate(lines):
            d.add(
                String(
                    0, text_top - (i + 1) * LEADING + 2.5, line, fontName=font, fontSize=FONT_SIZE
                )
            )
        bar_top = top - (height - ROW_GAP - block) / 2
        for i, bar in enumerate(row.bars):
            length = 0.0 if row.scale <= 0 else bar_area * min(bar.value / row.scale, 1.0)
            yb = bar_top - (i + 1) * BAR_HEIGHT - i * BAR_GAP
            if length > 0:
                d.add(Rect(x0, yb, length, BAR_HEIGHT, fillColor=bar.color, strokeColor=None))
            d.add(String(x0 + length + 3, yb + 2, bar.text, fontName=font, fontSize=FONT_SIZE))
        d.add(Line(x0, top, x0, top - height + ROW_GAP, strokeColor=colors.black, strokeWidth=0.4))
        y -= height
    return d


def shares_chart(shares: Sequence[tuple[str, float]]) -> Drawing:
    rows = [
        Row(label, (Bar(share, percent_text(share, VI), CURRENT),), 1.0) for label, share in shares
    ]
    return bar_chart(rows)


def comparison_chart(
    compared: Sequence[tuple[str, int, int]], this_label: str, previous_label: str
) -> Drawing:
    rows = [
        Row(
            label,
            (
                Bar(previous, count_text(previous, VI), PREVIOUS),
                Bar(current, count_text(current, VI), CURRENT),
            ),
            float(max(previous, current, 1)),
        )
        for label, previous, current in compared
    ]
    return bar_chart(rows, [(previous_label, PREVIOUS), (this_label, CURRENT)])


def history_chart(history: Sequence[tuple[str, Sequence[tuple[str, int | None]]]]) -> Drawing:
    """One row per charted figure, one bar per period (oldest first, darker for later)."""
    periods = [label for label, _values in history]
    colours = SERIES[-len(periods) :] if len(periods) <= len(SERIES) else SERIES
    figures = [label for label, _v in history[0][1]] if history else []
    rows = []
    for index, label in enumerate(figures):
        values = [values[index][1] for _p, values in history]
        rows.append(
            Row(
                label,
                tuple(
                    Bar(float(v or 0), count_text(v, VI), colours[i % len(colours)])
                    for i, v in enumerate(values)
                ),
                float(max([v or 0 for v in values] + [1])),
            )
        )
    legend = [(p, colours[i % len(colours)]) for i, p in enumerate(periods)]
    return bar_chart(rows, legend)
