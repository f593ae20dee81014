"""Document numbers per Nghị định 30/2020: "Số: 05/BC-CAX", per issuer, kind and year."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from anninh_desktop.domain.text import nfc

_NUMBER_RE = re.compile(r"^(?:Số:\s*)?(\d+)/([^\s/-]+)-(\S+)$")


@dataclass(frozen=True)
class DocumentNumber:
    sequence: int
    year: int
    kind: str  # BC, TTr, BB, KH, QĐ…
    issuer: str  # abbreviation of the issuing body, e.g. "CAX"

    def __str__(self) -> str:
        return f"{self.sequence:02d}/{self.kind}-{self.issuer}"

    @property
    def with_prefix(self) -> str:
        return f"Số: {self}"


def next_number(
    issued: Iterable[DocumentNumber], *, issuer: str, kind: str, year: int
) -> DocumentNumber:
    """The next number for an issuer, kind and year; numbering restarts at 1 every 1 January."""
    used = [n.sequence for n in issued if n.issuer == issuer and n.kind == kind and n.year == year]
    return DocumentNumber(sequence=max(used, default=0) + 1, year=year, kind=kind, issuer=issuer)


def parse_number(text: str, year: int) -> DocumentNumber:
    """Parse "05/BC-CAX" (with or without "Số:"); the year is not part of the printed number."""
    match = _NUMBER_RE.match(nfc(text).strip())
    if not match:
        raise ValueError(text)
    return DocumentNumber(int(match.group(1)), year, match.group(2), match.group(3))
