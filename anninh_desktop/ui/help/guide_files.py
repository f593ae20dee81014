"""The user guide's files (resources/help/<lang>/guide.html) and what is read out of them, without Qt.

The guide is one HTML page per language; each section is a heading with an `id` (`<h2 id="dossier">`),
which is also the anchor context help opens. Pictures are in resources/help/img/, made from the real
window by scripts/help_screenshots.py.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from anninh_desktop.locations import resources_dir

GUIDE_FILE = "guide.html"
_HEADING = re.compile(r"<h([23])\s+id=\"([a-z0-9-]+)\"[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_IMAGE = re.compile(r"<img\s[^>]*src=\"([^\"]+)\"", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    level: int  # 2: a section, 3: a part of one
    anchor: str
    title: str


def help_dir() -> Path:
    return resources_dir() / "help"


def guide_path(lang: str) -> Path:
    """The guide in `lang`, else the Vietnamese one (the program's default language)."""
    path = help_dir() / lang / GUIDE_FILE
    return path if path.is_file() else help_dir() / "vi" / GUIDE_FILE


def headings(text: str) -> list[Heading]:
    """The sections and their parts, in the page's order (the table of contents)."""
    return [
        Heading(int(level), anchor, " ".join(html.unescape(_TAG.sub("", title)).split()))
        for level, anchor, title in _HEADING.findall(text)
    ]


def images(text: str) -> list[str]:
    """The `src` of every picture of the page (relative to the page)."""
    return _IMAGE.findall(text)


def fold_char(ch: str) -> str:
    """One character, lower-case and without its marks (đ → d): the same length as the text folded,
    so a match found in the folded text is at the same place in the text shown."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    return base.lower()[:1] or ch


def fold_same_length(text: str) -> str:
    return "".join(fold_char(ch) for ch in text)


def find_all(text: str, query: str) -> list[int]:
    """Where `query` occurs in `text`, ignoring case and diacritics ("ho so" finds "hồ sơ")."""
    needle = fold_same_length(" ".join(query.split()))
    if not needle:
        return []
    haystack = fold_same_length(text)
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + len(needle))
    return found


def missing_files(languages: tuple[str, ...] = ("vi", "en")) -> list[str]:
    """The guide's pages and pictures that are not where the program looks (empty: all there)."""
    missing = []
    for lang in languages:
        page = help_dir() / lang / GUIDE_FILE
        if not page.is_file():
            missing.append(str(page))
            continue
        for src in images(page.read_text(encoding="utf-8")):
            if not (page.parent / src).is_file():
                missing.append(str((page.parent / src).resolve()))
    return missing
