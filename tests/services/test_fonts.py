from __future__ import annotations

import unicodedata

import pytest
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics

from anninh_desktop.services import fonts


def _composed_vietnamese_letters() -> set[str]:
    tone_marks = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {
        unicodedata.normalize("NFC", base + mark) for base in "aăâeêioôơuưy" for mark in tone_marks
    }
    letters.add("đ")
    letters |= {ch.upper() for ch in letters}
    return {ch for ch in letters if not ch.isascii()}


def test_vietnamese_letters_are_the_134_precomposed_letters() -> None:
    letters = fonts.VIETNAMESE_LETTERS
    assert len(letters) == 134
    assert len(set(letters)) == 134
    assert unicodedata.normalize("NFC", letters) == letters
    assert set(letters) == _composed_vietnamese_letters()


@pytest.mark.parametrize("name", fonts.BUNDLED_FONTS)
def test_every_bundled_font_covers_vietnamese(name: str) -> None:
    path = fonts.font_path(name)
    assert fonts.missing_glyphs(path, fonts.VIETNAMESE_LETTERS) == set()
    ascii_letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-/()"
    assert fonts.missing_glyphs(path, ascii_letters) == set()


def test_bundled_licences_are_present() -> None:
    folder = fonts.fonts_dir()
    for licence in ("LICENSE-Liberation.txt", "LICENSE-Noto.txt"):
        text = (folder / licence).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert (folder / "README.md").is_file()


def test_stamp_font_has_1000_units_per_em() -> None:
    from fontTools.ttLib import TTFont

    for name in (fonts.STAMP_REGULAR, fonts.STAMP_BOLD):
        with TTFont(fonts.font_path(name), lazy=True) as font:
            assert font["head"].unitsPerEm == 1000


def test_missing_glyphs_reports_uncovered_characters() -> None:
    path = fonts.font_path(fonts.SERIF_REGULAR)
    # U+4E2D (a CJK ideograph) is not in Liberation Serif; the line break is ignored.
    assert fonts.missing_glyphs(path, "An ninh\n中") == {"中"}


def test_missing_glyphs_normalises_to_nfc() -> None:
    path = fonts.font_path(fonts.SERIF_REGULAR)
    decomposed = unicodedata.normalize("NFD", "Hưng Yên")
    assert fonts.missing_glyphs(path, decomposed) == set()


def test_font_path_rejects_paths_and_unknown_files() -> None:
    with pytest.raises(ValueError, match="not a font file name"):
        fonts.font_path("../fonts/LiberationSerif-Regular.ttf")
    with pytest.raises(FileNotFoundError, match=r"bundled font missing: .*NoSuchFont\.ttf"):
        fonts.font_path("NoSuchFont.ttf")


def test_register_reportlab_fonts_is_idempotent() -> None:
    family = fonts.register_reportlab_fonts()
    assert family == "AnNinhSerif"
    first = {name: pdfmetrics.getFont(name) for name in fonts.SERIF_FACES}
    assert fonts.register_reportlab_fonts() == family
    for name, font in first.items():
        assert pdfmetrics.getFont(name) is font
    assert tt2ps(family, 0, 0) == "AnNinhSerif"
    assert tt2ps(family, 1, 0) == "AnNinhSerif-Bold"
    assert tt2ps(family, 0, 1) == "AnNinhSerif-Italic"
    assert tt2ps(family, 1, 1) == "AnNinhSerif-BoldItalic"
    # Paragraphs map their font back to (family, bold, italic), so <i> inside a paragraph set in the
    # bold face resolves to the bold italic face.
    assert ps2tt("AnNinhSerif-Bold") == ("anninhserif", 1, 0)
    assert ps2tt("AnNinhSerif-BoldItalic") == ("anninhserif", 1, 1)


def test_registered_faces_come_from_the_bundled_files() -> None:
    fonts.register_reportlab_fonts()
    for name, file_name in fonts.SERIF_FACES.items():
        face = pdfmetrics.getFont(name).face
        assert face.filename == str(fonts.font_path(file_name))
