"""Checks of a database file: SQLite's own, and what `anninh check` compares (blobs referred to,
the values the audit log recorded)."""

from __future__ import annotations

import json
from typing import Any

from anninh_desktop.storage.database import Database
from anninh_desktop.storage.sync_rows import SYNCED_TABLES


def integrity_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return [str(r[0]) for r in rows if r[0] != "ok"]


def foreign_key_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{r[0]} row {r[1]} → {r[2]}" for r in rows]


def referenced_blob_hashes(db: Database) -> set[str]:
    """Every blob a row refers to: evidence revisions (deleted ones too: a tombstone's file may
    still be wanted) and documents (dossier PDFs)."""
    rows = db.execute(
        "SELECT sha256 FROM evidence_revision UNION SELECT sha256 FROM document WHERE sha256 != ''"
    ).fetchall()
    return {str(r[0]) for r in rows}


def latest_audited_values(db: Database, entity: str) -> dict[str, dict[str, Any]]:
    """For every row of `entity` the audit log names: the values its latest event recorded."""
    rows = db.execute(
        "SELECT e.entity_id, e.new FROM audit_event e JOIN (SELECT entity_id, max(seq) AS seq "
        "FROM audit_event WHERE entity = ? GROUP BY entity_id) last ON last.seq = e.seq",
        [entity],
    ).fetchall()
    out: dict[str, dict[str, Any]] = {}
    for entity_id, new in rows:
        try:
            values = json.loads(new) if new else {}
        except ValueError:
            continue
        if isinstance(values, dict):
            out[str(entity_id)] = values
    return out


def rows_written_by(db: Database, table: str, installation: str) -> dict[str, dict[str, Any]]:
    """The rows of a synced table whose last version this installation wrote, by id."""
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    cur = db.execute(f"SELECT * FROM {table} WHERE changed_by = ?", [installation])
    columns = [d[0] for d in cur.description]
    return {str(r[0]): dict(zip(columns, r, strict=True)) for r in cur.fetchall()}
