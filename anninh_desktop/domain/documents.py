"""Generated or received documents (dossier PDFs) and what was verified about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Document:
    id: str
    assessment_id: str | None
    kind: str  # "dossier", "TTr", "BC", "BB", "received"
    number: str  # printed number ("05/BC-CAX") or ""
    year: int
    issuer: str  # issuer abbreviation for numbering
    sha256: str = ""
    filename: str = ""
    created_at: datetime | None = None
    signatures: str = ""  # JSON summary of signatures found
    verification: str = ""  # overall verdict text
    verified_at: datetime | None = None
