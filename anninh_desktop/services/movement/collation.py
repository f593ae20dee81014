"""Vietnamese alphabetical order for lists the services print (reports, the command line).

Python and SQLite sort by code point ("Hưng" before "Hồ"); Vietnamese orders the letters
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then the tones (none, huyền, hỏi, ngã,
sắc, nặng) only where the letters are equal. The window sorts with QCollator; this is its
equivalent without Qt.
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> tuple[list[int], list[int]]:
    primary: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        letter = base
        for mark in marks:
            if mark in _LETTER_MARKS:
                letter = {
                    "a\u0306": "ă",
                    "a\u0302": "â",
                    "e\u0302": "ê",
                    "o\u0302": "ô",
                    "o\u031b": "ơ",
                    "u\u031b": "ư",
                }.get(base + mark, base)
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        if letter in _ORDER:
            primary.append(_ORDER[letter] + 1000)
        else:
            primary.append(ord(letter))  # digits, spaces and punctuation by code point
        tones.append(tone)
    return primary, tones


def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A sort key: "Hồ Thị Kỷ" < "Hồng Dân" < "Hưng Hội" < "Khánh An"."""
    primary, tones = _letters(text)
    return tuple(primary), tuple(tones)
