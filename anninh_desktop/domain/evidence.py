"""Evidence: logical items with immutable revisions (each a blob by SHA-256), linked to results."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from anninh_desktop.domain.criteria import EvidenceKind


@dataclass(frozen=True)
class Evidence:
    """An evidence item of a unit's dossier (a document, photo, file…)."""

    id: str
    unit_id: str  # the unit whose dossier it belongs to
    title: str
    kind: EvidenceKind = EvidenceKind.OTHER
    number: str = ""  # document number as printed, e.g. "12/KH-UBND"
    issue_date: date | None = None
    issuer: str = ""
    effective_date: date | None = None


class FileCheck(enum.StrEnum):
    """What the check on arrival found in a revision's file (kept with the revision)."""

    UNCHECKED = ""  # added before files were checked on arrival
    OK = "ok"
    ENCRYPTED = "encrypted"  # protected by a password: its content cannot be shown
    TRUNCATED = "truncated"  # cut short: part of the content is missing
    DAMAGED = "damaged"  # cannot be read or shown
    UNRENDERABLE = "unrenderable"  # a kind of picture this program cannot show
    TOO_LARGE = "too_large"  # a picture too large to decode within the memory allowed

    @property
    def is_warning(self) -> bool:
        return self not in (FileCheck.UNCHECKED, FileCheck.OK)


@dataclass(frozen=True)
class EvidenceRevision:
    """One stored version of an evidence item's file."""

    id: str
    evidence_id: str
    revision: int  # 1, 2, …
    sha256: str
    size: int
    filename: str  # original file name, for display and the system viewer
    media_type: str
    added_at: datetime
    check: FileCheck = FileCheck.UNCHECKED


@dataclass(frozen=True)
class EvidenceLink:
    """An evidence item linked to one criterion's result."""

    id: str
    evidence_id: str
    result_id: str


class OnDuplicate(enum.StrEnum):
    """What to do with a file whose content is already evidence of the unit."""

    LINK = "link"  # link the existing item to the criteria instead of adding a copy
    ADD = "add"  # add it anyway as a new item
    CANCEL = "cancel"  # add nothing at all
