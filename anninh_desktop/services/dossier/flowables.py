"""Small reportlab flowables that remember where they were drawn, and the NĐ 30 heading block.

The layout runs several times (page numbers of the evidence index depend on the length of the
documents before it); every run fills a fresh `LayoutRecord` with the page and position of each
mark, so the assembler knows where bookmarks, images and signature fields go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from anninh_desktop.services.dossier.styles import HEADER_LEFT, HEADER_RIGHT, faces


@dataclass(frozen=True)
class Spot:
    page: int  # 1-based page of the reportlab document
    x: float
    y: float


@dataclass(frozen=True)
class Area:
    page: int
    x: float
    y: float  # bottom edge
    width: float
    height: float


@dataclass
class LayoutRecord:
    spots: dict[str, Spot] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    starts: list[tuple[int, bool]] = field(default_factory=list)  # (first page, numbered)

    def page_in_document(self, page: int) -> int | None:
        """The page's number within its document (1 for its first page), None when unnumbered."""
        current: tuple[int, bool] | None = None
        for start in self.starts:
            if start[0] <= page:
                current = start
        if current is None or not current[1]:
            return None
        return page - current[0] + 1


class Mark(Flowable):  # type: ignore[misc]
    """Takes no room; records the page and position where it is drawn."""

    _ZEROSIZE = True

    def __init__(self, record: LayoutRecord, key: str) -> None:
        super().__init__()
        self.record, self.key = record, key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record.spots[self.key] = Spot(self.canv.getPageNumber(), x, y)


class StartDocument(Mark):
    """Marks the first page of a document (Tờ trình, table…): its page numbers count from here."""

    def __init__(self, record: LayoutRecord, key: str, *, numbered: bool = True) -> None:
        super().__init__(record, key)
        self.numbered = numbered

    def draw(self) -> None:
        super().draw()
        self.record.starts.append((self.canv.getPageNumber(), self.numbered))


class Box(Flowable):  # type: ignore[misc]
    """An empty area of a given size (room for a signature), recorded in page coordinates."""

    def __init__(self, record: LayoutRecord, key: str, width: float, height: float) -> None:
        super().__init__()
        self.record, self.key = record, key
        self.box_width, self.box_height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.box_width = min(self.box_width, availWidth)
        return self.box_width, self.box_height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record.areas[self.key] = Area(
            self.canv.getPageNumber(), x, y, self.box_width, self.box_height
        )


@dataclass(frozen=True)
class Heading:
    """The texts of the heading block on a document's first page."""

    parent_line: str  # regular capitals
    own_line: str  # bold capitals, underlined by a short rule
    motto_country: str
    motto: str
    number_line: str  # "Số: 05/TTr-CAX"
    place_date: str  # italic


class HeadingBlock(Flowable):  # type: ignore[misc]
    """Issuing body and number on the left; national motto and place and date on the right."""

    SIZE = 12.5
    MOTTO_SIZE = 13.5
    LINE_SIZE = 13.5
    LEADING = 16.0

    def __init__(self, heading: Heading) -> None:
        super().__init__()
        self.heading = heading
        f = faces()
        width = HEADER_LEFT - 4 * mm
        self.left: list[tuple[str, str]] = []
        if heading.parent_line:
            for part in simpleSplit(heading.parent_line, f.regular, self.SIZE, width):
                self.left.append((part, f.regular))
        for part in simpleSplit(heading.own_line, f.bold, self.SIZE, width):
            self.left.append((part, f.bold))
        self.rows = max(len(self.left), 2)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = (self.rows + 1) * self.LEADING + 12
        return self.width, self.height

    def draw(self) -> None:
        c: Any = self.canv
        f = faces()
        h = self.heading
        left_centre = HEADER_LEFT / 2
        right_centre = HEADER_LEFT + HEADER_RIGHT / 2
        top = self.height
        y = top - self.SIZE
        own_width = 0.0
        for text, font in self.left:
            c.setFont(font, self.SIZE)
            c.drawCentredString(left_centre, y, text)
            if font == f.bold:
                own_width = max(own_width, stringWidth(text, font, self.SIZE))
            y -= self.LEADING
        c.setLineWidth(0.6)
        rule = own_width / 3  # a solid rule a third to a half of the name's length
        rule_y = y + self.LEADING - 6  # under the last line, clear of its dots below
        c.line(left_centre - rule / 2, rule_y, left_centre + rule / 2, rule_y)
        left_bottom = y - 2

        y = top - self.SIZE
        c.setFont(f.bold, self.SIZE)
        c.drawCentredString(right_centre, y, h.motto_country)
        y -= self.LEADING
        c.setFont(f.bold, self.MOTTO_SIZE)
        c.drawCentredString(right_centre, y, h.motto)
        half = stringWidth(h.motto, f.bold, self.MOTTO_SIZE) / 2
        c.line(right_centre - half, y - 4.5, right_centre + half, y - 4.5)  # as long as the motto
        y -= self.LEADING

        y = min(y, left_bottom) - 10
        c.setFont(f.regular, self.LINE_SIZE)
        c.drawCentredString(left_centre, y, h.number_line)
        c.setFont(f.italic, self.LINE_SIZE)
        c.drawCentredString(right_centre, y, h.place_date)


class TitleRule(Flowable):  # type: ignore[misc]
    """The short solid rule under a document's title (a third of the line)."""

    def __init__(self, width: float = 45 * mm) -> None:
        super().__init__()
        self.rule_width = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.avail = availWidth
        return availWidth, 12

    def draw(self) -> None:
        # Well below the title: Vietnamese dots below (ặ, ị) reach under the baseline.
        self.canv.setLineWidth(0.6)
        start = (self.avail - self.rule_width) / 2
        self.canv.line(start, 7, start + self.rule_width, 7)


class DotLine(Flowable):  # type: ignore[misc]
    """A dotted line across the column, to write on by hand."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.line_width = availWidth
        return availWidth, 20

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(0.7)
        self.canv.setDash(0.7, 2.3)
        self.canv.line(0, 4, self.line_width, 4)
        self.canv.restoreState()
