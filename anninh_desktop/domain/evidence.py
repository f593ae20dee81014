"""Evidence: logical items with immutable revisions (each a blob by SHA-256), linked to results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from anninh_desktop.domain.criteria import EvidenceKind


@dataclass(frozen=True)
class Evidence:
    id: str
    unit_id: str  # the unit whose dossier it belongs to
    title: str
    kind: EvidenceKind = EvidenceKind.OTHER
    number: str = ""  # document number as printed, e.g. "12/KH-UBND"
    issue_date: date | None = None
    issuer: str = ""
    effective_date: date | None = None


@dataclass(frozen=True)
class EvidenceRevision:
    id: str
    evidence_id: str
    revision: int  # 1, 2, …
    sha256: str
    size: int
    filename: str  # original file name, for display and the system viewer
    media_type: str
    added_at: datetime


@dataclass(frozen=True)
class EvidenceLink:
    id: str
    evidence_id: str
    result_id: str
