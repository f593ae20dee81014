"""Numbered schema migrations; `PRAGMA user_version` records the last one applied."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from anninh_desktop.storage.migrations import (
    m001_core,
    m002_evidence,
    m003_audit_documents,
    m004_document_texts,
)

Migration = Callable[[sqlite_utils.Database], None]

MIGRATIONS: list[tuple[int, Migration]] = [
    (1, m001_core.apply),
    (2, m002_evidence.apply),
    (3, m003_audit_documents.apply),
    (4, m004_document_texts.apply),
]

LATEST_VERSION = MIGRATIONS[-1][0]
