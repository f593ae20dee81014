"""Text rules: all stored text is NFC; search uses a folded form (marks stripped, đ → d)."""

from __future__ import annotations

import unicodedata


def nfc(text: str) -> str:
    """The NFC form of `text` (reportlab and comparisons need composed letters)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case text without diacritics, đ/Đ as d and ’ as ', for search ("Châu Hưng" → "chau hung")."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
