"""text.nfc and text.fold: stored text is NFC, search uses the folded form."""

from __future__ import annotations

import unicodedata

import pytest
from factories import FAST
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.text import fold, nfc


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Châu Hưng")
    assert decomposed != "Châu Hưng"
    assert nfc(decomposed) == "Châu Hưng"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_nfc_leaves_nfc_text_unchanged() -> None:
    assert nfc("Công an xã Châu Hưng") == "Công an xã Châu Hưng"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Châu Hưng", "chau hung"),
        ("Đường", "duong"),
        ("đường Điện Biên Phủ", "duong dien bien phu"),
        ("Thị trấn Ấp Bắc", "thi tran ap bac"),
        ("BẢO VỆ AN NINH TỔ QUỐC", "bao ve an ninh to quoc"),
        ("  Châu   Hưng \t\n", "chau hung"),
        ("", ""),
        ("Đ", "d"),
        ("Nhà văn hóa ấp ‘Tân Hưng’", "nha van hoa ap 'tan hung'"),  # typographic quotes
        ("Bà Nguyễn Thị O’Neil", "ba nguyen thi o'neil"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_nfd_input_folds_like_nfc() -> None:
    for word in ("Châu Hưng", "Đường", "Quyết định", "Ủy ban nhân dân", "Phường Bạc Liêu"):
        assert fold(unicodedata.normalize("NFD", word)) == fold(word)


def test_fold_output_is_ascii_for_vietnamese() -> None:
    sample = "Nghị quyết của Đảng ủy xã về công tác bảo đảm an ninh trật tự năm 2026"
    assert fold(sample).isascii()


@FAST
@given(st.text())
def test_fold_is_idempotent_and_form_independent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))
