"""Numbered schema migrations; `PRAGMA user_version` records the last one applied.

The steps' modules are imported only when a database needs migrating (`MIGRATIONS`, built on
first use): opening a current database, what every command does, reads `LATEST_VERSION` only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

type Migration = Callable[[Database], None]

# The modules of the migrations, in order: the n-th is migration n.
STEPS: tuple[str, ...] = (
    "m001_core",
    "m002_evidence",
    "m003_audit_documents",
    "m004_lookup_indexes",
    "m005_document_texts",
    "m006_sync",
    "m007_return_reason",
    "m008_movement",
    "m009_sync_trust",
    "m010_evidence_check",
    "m011_scale_indexes",
    "m012_officers",
)

LATEST_VERSION = len(STEPS)

_migrations: list[tuple[int, Migration]] = []


def __getattr__(name: str) -> Any:
    """`MIGRATIONS`: [(number, apply)], each step's module imported on first use."""
    if name != "MIGRATIONS":
        raise AttributeError(name)
    if not _migrations:
        _migrations.extend(
            (number, importlib.import_module(f"{__name__}.{module}").apply)
            for number, module in enumerate(STEPS, start=1)
        )
    return _migrations
