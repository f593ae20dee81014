"""The bundled fonts: where they are, what they cover, and their registration in reportlab.

Every generated PDF uses Liberation Serif 2.x (metric-compatible with Times New Roman, as Nghị
định 30/2020/NĐ-CP asks). reportlab keys fonts by internal name, so the family is registered under
names of our own (``AnNinhSerif``…) that cannot collide with a font someone else registers from
another file. Noto Serif (1000 units per em) is bundled for pyHanko signature stamps.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from anninh_desktop.locations import resources_dir

# The 134 precomposed letters of Vietnamese outside ASCII: a ă â e ê i o ô ơ u ư y with and
# without the five tone marks (huyền, sắc, hỏi, ngã, nặng), and đ; upper case first, then lower
# case.
VIETNAMESE_LETTERS: str = (
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)

SERIF_REGULAR = "LiberationSerif-Regular.ttf"
SERIF_BOLD = "LiberationSerif-Bold.ttf"
SERIF_ITALIC = "LiberationSerif-Italic.ttf"
SERIF_BOLD_ITALIC = "LiberationSerif-BoldItalic.ttf"
STAMP_REGULAR = "NotoSerif-Regular.ttf"
STAMP_BOLD = "NotoSerif-Bold.ttf"

BUNDLED_FONTS: tuple[str, ...] = (
    SERIF_REGULAR,
    SERIF_BOLD,
    SERIF_ITALIC,
    SERIF_BOLD_ITALIC,
    STAMP_REGULAR,
    STAMP_BOLD,
)

# reportlab internal names of the serif family.
SERIF_FAMILY = "AnNinhSerif"
SERIF_FACES: dict[str, str] = {
    SERIF_FAMILY: SERIF_REGULAR,
    f"{SERIF_FAMILY}-Bold": SERIF_BOLD,
    f"{SERIF_FAMILY}-Italic": SERIF_ITALIC,
    f"{SERIF_FAMILY}-BoldItalic": SERIF_BOLD_ITALIC,
}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_path(name: str) -> Path:
    """The path of a bundled font file, e.g. ``font_path(SERIF_REGULAR)``.

    Raises ``ValueError`` for a name that is not a plain file name and ``FileNotFoundError`` when
    the file is not there (a broken installation).
    """
    if not name or Path(name).name != name or name in {".", ".."}:
        raise ValueError(f"not a font file name: {name!r}")
    path = fonts_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"bundled font missing: {path}")
    return path


@lru_cache(maxsize=32)
def _code_points(path: str, mtime_ns: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        return frozenset(cmap)


def missing_glyphs(font_path: Path | str, text: str) -> set[str]:
    """The characters of `text` (taken in NFC) that the font's cmap does not map to a glyph.

    Control characters (line breaks, tabs) are ignored: they are never drawn.
    """
    path = Path(font_path)
    covered = _code_points(str(path.resolve()), path.stat().st_mtime_ns)
    return {
        ch
        for ch in unicodedata.normalize("NFC", text)
        if unicodedata.category(ch) != "Cc" and ord(ch) not in covered
    }


def register_reportlab_fonts() -> str:
    """Register the Liberation Serif family in reportlab (once) and return its family name.

    After this, ``AnNinhSerif`` with ``<b>``/``<i>`` markup in paragraphs picks the right face,
    and the four face names can be used directly with ``canvas.setFont``. Calling it again does
    nothing.
    """
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for internal_name, file_name in SERIF_FACES.items():
        if internal_name not in registered:
            pdfmetrics.registerFont(TTFont(internal_name, str(font_path(file_name))))
    # registerFontFamily fills reportlab's (family, bold, italic) → face table, which also serves a
    # paragraph whose font is one of the faces (``<i>`` inside AnNinhSerif-Bold gives BoldItalic).
    try:
        complete = tt2ps(SERIF_FAMILY, 1, 1) == f"{SERIF_FAMILY}-BoldItalic"
    except ValueError:
        complete = False
    if not complete:
        pdfmetrics.registerFontFamily(
            SERIF_FAMILY,
            normal=SERIF_FAMILY,
            bold=f"{SERIF_FAMILY}-Bold",
            italic=f"{SERIF_FAMILY}-Italic",
            boldItalic=f"{SERIF_FAMILY}-BoldItalic",
        )
    return SERIF_FAMILY
