"""Plain-text tables and lines for the terminal (wide Vietnamese letters count as one column)."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) - sum(map(bool, map(unicodedata.combining, text)))


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    # A text is never wider than its length: only a long one is measured (criterion texts are).
    return text if len(text) <= limit or width(text) <= limit else text[: limit - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    columns = len(headers)
    widths = [width(h) for h in headers]
    for row in rows:
        for i in range(columns):
            widths[i] = max(widths[i], width(row[i]))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(cells)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")
