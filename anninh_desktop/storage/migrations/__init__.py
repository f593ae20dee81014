"""Numbered schema migrations; `PRAGMA user_version` records the last one applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations import (
    m001_core,
    m002_evidence,
    m003_audit_documents,
    m004_lookup_indexes,
    m005_document_texts,
    m006_sync,
    m007_return_reason,
    m008_movement,
    m009_sync_trust,
    m010_evidence_check,
    m011_scale_indexes,
    m012_officers,
)

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

type Migration = Callable[[Database], None]

MIGRATIONS: list[tuple[int, Migration]] = [
    (1, m001_core.apply),
    (2, m002_evidence.apply),
    (3, m003_audit_documents.apply),
    (4, m004_lookup_indexes.apply),
    (5, m005_document_texts.apply),
    (6, m006_sync.apply),
    (7, m007_return_reason.apply),
    (8, m008_movement.apply),
    (9, m009_sync_trust.apply),
    (10, m010_evidence_check.apply),
    (11, m011_scale_indexes.apply),
    (12, m012_officers.apply),
]

LATEST_VERSION = MIGRATIONS[-1][0]
