"""The signature's visible stamp drawn with pyHanko: images per Nghị định 30, name and time below.

Layout inside the field's rectangle (Phụ lục I): the signer's blue signature image centred; the
organisation's red seal at its real size, covering about the left third of the signature image
(or centred when there is no signature image); two small lines of text — the signer's name and
the signing time in ISO 8601 — at the bottom (at the top for the organisation, whose field
overlaps the lower part of the commander's). The text uses the bundled Noto Serif: with its 1000
units per em pyHanko sets Vietnamese correctly (2048-upem fonts come out twice too wide).
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.images import pil_image
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle
from pyhanko.stamp.text import TextStamp

from anninh_desktop.services.fonts import STAMP_REGULAR, font_path

MM = 72 / 25.4
# pyHanko's text layout needs whole numbers (it builds Fractions from the sizes).
MAX_FONT_SIZE = 7
TEXT_STAMP_MAX_FONT = 9  # the text stamp of public-CA tools is set at about 9 pt
MIN_FONT_SIZE = 4
LEADING = 1  # points between lines beyond the font size
PADDING = 2  # points around the text band


@dataclass(frozen=True)
class StampImages:
    signature: Image.Image | None
    seal: Image.Image | None
    seal_size: float  # the seal's real width in points


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float


@lru_cache(maxsize=1)
def _advance_widths() -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path(STAMP_REGULAR)), lazy=True) as font:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"]
        widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
        upem = font["head"].unitsPerEm
        notdef = hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else upem // 2
    return widths, upem, notdef


def text_width(text: str, size: float) -> float:
    """The width in points of `text` set in the stamp font at `size` (no kerning: slightly wide)."""
    widths, upem, notdef = _advance_widths()
    return sum(widths.get(ord(ch), notdef) for ch in text) * size / upem


def font_size_for(lines: list[str], width: float, maximum: int = MAX_FONT_SIZE) -> int:
    """The largest whole font size (within limits) at which every line fits the width."""
    widest = max((text_width(line, 1.0) for line in lines), default=0.0)
    if widest <= 0:
        return maximum
    return max(MIN_FONT_SIZE, min(maximum, int((width - 2 * PADDING) / widest)))


def text_band_height(lines: list[str], size: int) -> float:
    return float(len(lines) * (size + LEADING) + 2 * PADDING + 2) if lines else 0.0


def fit(image: Image.Image, area: Rect, max_width: float | None = None) -> Rect:
    """The largest rectangle with the image's proportions inside `area` (and `max_width`), centred."""
    ratio = image.width / image.height
    w = min(area.w, area.h * ratio, max_width if max_width is not None else area.w)
    h = w / ratio
    return Rect(area.x + (area.w - w) / 2, area.y + (area.h - h) / 2, w, h)


def _signature_beside_seal(signature: Image.Image, seal: Rect, area: Rect) -> Rect:
    """The signature image placed so that the seal, kept inside the field, covers its left third.

    Centred when there is room; otherwise moved right (and made smaller if need be) so that the
    seal's right edge still falls a third of the way into it.
    """
    centred = fit(signature, area)
    if centred.x + centred.w / 3 - seal.w >= area.x or seal.w >= area.w:
        return centred
    width = min(centred.w, 1.5 * (area.w - seal.w))
    height = width * signature.height / signature.width
    x = area.x + seal.w - width / 3
    return Rect(x, area.y + (area.h - height) / 2, width, height)


def place_images(images: StampImages, area: Rect) -> list[tuple[Image.Image, Rect]]:
    """Where each image goes inside the image area; the seal is drawn last (on top)."""
    placed: list[tuple[Image.Image, Rect]] = []
    seal = fit(images.seal, area, max_width=images.seal_size) if images.seal else None
    if images.signature is not None:
        sig = (
            fit(images.signature, area)
            if seal is None
            else _signature_beside_seal(images.signature, seal, area)
        )
        placed.append((images.signature, sig))
        if images.seal is not None and seal is not None:
            # The seal's right edge a third of the way into the signature image.
            x = max(area.x, sig.x + sig.w / 3 - seal.w)
            y = sig.y + (sig.h - seal.h) / 2
            placed.append((images.seal, Rect(x, y, seal.w, seal.h)))
    elif images.seal is not None and seal is not None:
        placed.append((images.seal, seal))
    return placed


@dataclass(frozen=True)
class DossierStampStyle(TextStampStyle):
    """A TextStampStyle that also draws the signature and seal images around its text."""

    images: StampImages = StampImages(None, None, 35 * MM)
    text_on_top: bool = False
    text_lines: tuple[str, ...] = ()

    def create_stamp(
        self, writer: Any, box: layout.BoxConstraints, text_params: dict[str, Any]
    ) -> Any:
        return DossierStamp(writer=writer, style=self, box=box, text_params=text_params)


class DossierStamp(TextStamp):
    def _render_inner_content(self) -> list[bytes]:
        style: DossierStampStyle = self.style
        width, height = self.box.width, self.box.height
        lines = list(style.text_lines)
        band = text_band_height(lines, style.text_box_style.font_size) if lines else 0.0
        image_y = 0.0 if style.text_on_top else band
        area = Rect(0.0, image_y, width, max(height - band, 1.0))
        commands: list[bytes] = []
        for image, rect in place_images(style.images, area):
            name = "/AnImg" + uuid.uuid4().hex[:12]
            self.set_resource(ResourceType.XOBJECT, pdf_name(name), pil_image(image, self.writer))
            commands.append(
                b"q %.3f 0 0 %.3f %.3f %.3f cm %s Do Q"
                % (rect.w, rect.h, rect.x, rect.y, name.encode("ascii"))
            )
        if lines:
            commands.extend(super()._render_inner_content())
        return commands


def stamp_style(
    images: StampImages,
    lines: list[str],
    width: float,
    *,
    text_on_top: bool,
    text_left_inset: int = 0,
    left_aligned: bool = False,
    max_font_size: int | None = None,
) -> DossierStampStyle:
    """The pyHanko style for one stamp of the given field width.

    The text is centred (or left-aligned) right of `text_left_inset` (the part of the field the
    seal may cover).
    """
    size = font_size_for(lines, width - text_left_inset, max_font_size or MAX_FONT_SIZE)
    align = layout.AxisAlignment.ALIGN_MAX if text_on_top else layout.AxisAlignment.ALIGN_MIN
    return DossierStampStyle(
        text_box_style=TextBoxStyle(
            font=_font_factory(lines), font_size=size, leading=size + LEADING
        ),
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        border_width=0,
        background=None,
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN
            if left_aligned
            else layout.AxisAlignment.ALIGN_MID,
            y_align=align,
            margins=layout.Margins(PADDING + text_left_inset, PADDING, PADDING, PADDING),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        images=images,
        text_on_top=text_on_top,
        text_lines=tuple(lines),
    )


# The stamp font is cut once per process to Latin and Vietnamese without OpenType layout tables:
# pyHanko subsets the font again for every signature, and the whole Noto Serif makes that take
# about a second; the cut font takes a few milliseconds. Names with other letters use the whole font.
_STAMP_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F))


@lru_cache(maxsize=1)
def _full_font() -> bytes:
    return font_path(STAMP_REGULAR).read_bytes()


@lru_cache(maxsize=1)
def _cut_font() -> tuple[bytes, frozenset[int]]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={c for a, b in _STAMP_RANGES for c in range(a, b + 1)})
    with TTFont(io.BytesIO(_full_font())) as font:
        subsetter.subset(font)
        covered = frozenset(font.getBestCmap() or {})
        out = io.BytesIO()
        font.save(out)
    return out.getvalue(), covered


@dataclass(frozen=True)
class _InMemoryFontFactory(GlyphAccumulatorFactory):
    """pyHanko's factory, reading the font from memory (its own also leaves the file open)."""

    whole_font: bool = False

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        data = _full_font() if self.whole_font else _cut_font()[0]
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(data),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


def _font_factory(lines: list[str]) -> GlyphAccumulatorFactory:
    covered = _cut_font()[1]
    whole = any(ord(ch) not in covered for line in lines for ch in line)
    return _InMemoryFontFactory(str(font_path(STAMP_REGULAR)), whole_font=whole)
