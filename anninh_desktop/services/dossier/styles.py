"""Page geometry and type of the dossier, per Nghị định 30/2020/NĐ-CP (Phụ lục I).

A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the law allows 20–25,
20–25, 30–35 and 15–20); Liberation Serif (metric-compatible with Times New Roman); body 14 pt
justified with a first-line indent of 1.27 cm and 6 pt between paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm

from anninh_desktop.services import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 257 mm
PAGE_NUMBER_BASELINE = PAGE_HEIGHT - 12 * mm  # centred in the top margin

# The two columns of the heading block (issuing body | national motto) and of the signature block
# (distribution list | signer).
HEADER_LEFT = 68 * mm
HEADER_RIGHT = FRAME_WIDTH - HEADER_LEFT
FOOT_LEFT = 78 * mm
FOOT_RIGHT = FRAME_WIDTH - FOOT_LEFT

SIGNATURE_SPACE = 36 * mm  # between the signer's title and name: room for signature and seal
SIGNATURE_WIDTH = 60 * mm  # the signer's visible signature field
SEAL_DIAMETER = 34 * mm  # a commune police seal at real size (round, about 34–36 mm)

BODY_SIZE = 14
INDENT = 1.27 * cm


@dataclass(frozen=True)
class Faces:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@cache
def faces() -> Faces:
    family = fonts.register_reportlab_fonts()
    return Faces(family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_heading: ParagraphStyle
    title: ParagraphStyle
    summary: ParagraphStyle
    recipient: ParagraphStyle
    signer_title: ParagraphStyle
    signer_name: ParagraphStyle
    distribution_heading: ParagraphStyle
    distribution_item: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_header: ParagraphStyle
    cell_small: ParagraphStyle
    subtitle: ParagraphStyle
    caption: ParagraphStyle
    caption_small: ParagraphStyle
    note: ParagraphStyle


@cache
def styles() -> Styles:
    f = faces()

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {"fontName": f.regular, "fontSize": BODY_SIZE, "leading": 18}
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    return Styles(
        body=style("body", alignment=TA_JUSTIFY, firstLineIndent=INDENT, spaceAfter=6),
        body_heading=style(
            "body_heading",
            fontName=f.bold,
            alignment=TA_JUSTIFY,
            firstLineIndent=INDENT,
            spaceAfter=6,
        ),
        title=style("title", fontName=f.bold, alignment=TA_CENTER, fontSize=14, leading=18),
        summary=style("summary", fontName=f.bold, alignment=TA_CENTER, fontSize=14, leading=18),
        recipient=style("recipient", alignment=TA_CENTER, spaceBefore=6, spaceAfter=6),
        signer_title=style(
            "signer_title", fontName=f.bold, alignment=TA_CENTER, fontSize=13, leading=16
        ),
        signer_name=style(
            "signer_name", fontName=f.bold, alignment=TA_CENTER, fontSize=14, leading=17
        ),
        distribution_heading=style(
            "distribution_heading",
            fontName=f.bold_italic,
            fontSize=12,
            leading=14,
            alignment=TA_LEFT,
        ),
        distribution_item=style("distribution_item", fontSize=11, leading=13, alignment=TA_LEFT),
        cell=style("cell", fontSize=11, leading=13.5, alignment=TA_LEFT),
        cell_bold=style("cell_bold", fontName=f.bold, fontSize=11, leading=13.5, alignment=TA_LEFT),
        cell_centre=style("cell_centre", fontSize=11, leading=13.5, alignment=TA_CENTER),
        cell_header=style(
            "cell_header", fontName=f.bold, fontSize=11, leading=13.5, alignment=TA_CENTER
        ),
        cell_small=style("cell_small", fontSize=7, leading=8.5, alignment=TA_LEFT),
        subtitle=style("subtitle", fontName=f.italic, fontSize=13, leading=16, alignment=TA_CENTER),
        caption=style("caption", fontName=f.bold, fontSize=12, leading=15, alignment=TA_LEFT),
        caption_small=style("caption_small", fontSize=10, leading=12.5, alignment=TA_LEFT),
        note=style("note", fontSize=13, leading=17, alignment=TA_JUSTIFY, spaceAfter=6),
    )
