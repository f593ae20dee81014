"""Checks of a database file: SQLite's own, and what `anninh check` compares (blobs referred to,
the values the audit log recorded, the versions their authors signed), read as streams: memory
stays bounded whatever the size of the store (issue 14, bench/integrity_check.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from anninh_desktop.storage.database import Database
from anninh_desktop.storage.sync_rows import SUCCESSORS, SYNCED_TABLES
from anninh_desktop.storage.sync_signatures import RowSignature


def integrity_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return [str(r[0]) for r in rows if r[0] != "ok"]


def foreign_key_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{r[0]} row {r[1]} → {r[2]}" for r in rows]


def on_reader[T](path: Path, work: Callable[[Database], T]) -> T:
    """`work` on a read-only connection of its own to the database file (for a thread: SQLite
    works without Python's lock while other checks read the store)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0, isolation_level=None)
    try:
        return work(Database(conn))
    finally:
        conn.close()


def file_problems(path: Path) -> tuple[list[str], list[str]]:
    """SQLite's integrity and foreign key checks of the database file, on a connection of their
    own. (integrity problems, broken references)"""
    return on_reader(path, lambda db: (integrity_problems(db), foreign_key_problems(db)))


def referenced_blob_hashes(db: Database) -> set[str]:
    """Every blob a row refers to: evidence revisions (deleted ones too: a tombstone's file may
    still be wanted) and documents (dossier PDFs)."""
    rows = db.execute(
        "SELECT sha256 FROM evidence_revision UNION SELECT sha256 FROM document WHERE sha256 != ''"
    ).fetchall()
    return {str(r[0]) for r in rows}


def _columns(db: Database, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})").fetchall()]


def rows_unlike_their_log(
    db: Database,
    table: str,
    installation: str,
    aliases: Mapping[str, str],
    skip: frozenset[str],
) -> Iterator[tuple[dict[str, Any], str]]:
    """Rows of `table` this installation wrote last, with the `new` values of the latest audit
    event of the row, that may differ from them: (row, event JSON).

    SQLite leaves out, on its side, every row whose event holds only text values equal to the
    row's text (or empty) columns, the common case; the caller compares the others exactly.
    A key of the event names a column through `aliases` (else itself); columns in `skip`, and
    keys that name no column, are not compared. Two seeks per row (index audit_event_entity).
    """
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    columns = _columns(db, table)
    keys = {k: k for k in columns if k not in skip}
    keys.update({k: c for k, c in aliases.items() if c in columns and c not in skip})
    if not keys:
        return
    value = "CASE j.key " + " ".join(f"WHEN '{k}' THEN t.{c}" for k, c in keys.items()) + " END"
    sql = (
        f"SELECT {', '.join(f't.{c}' for c in columns)}, e.new FROM {table} t "
        "CROSS JOIN audit_event e ON e.seq = (SELECT max(x.seq) FROM audit_event x "
        "WHERE x.entity = :entity AND x.entity_id = t.id) "
        "WHERE t.changed_by = :me AND json_valid(e.new) AND json_type(e.new) = 'object' "
        "AND EXISTS (SELECT 1 FROM json_each(e.new) j "
        f"WHERE j.key IN ({', '.join(repr(k) for k in keys)}) AND NOT (j.type = 'text' "
        f"AND typeof({value}) IN ('text', 'null') "
        f"AND coalesce({value}, '') = j.value COLLATE BINARY))"
    )
    width = len(columns)
    for r in db.execute(sql, {"entity": table, "me": installation}):
        yield dict(zip(columns, r[:width], strict=True)), str(r[width])


def signed_versions(db: Database, table: str) -> Iterator[tuple[dict[str, Any], RowSignature]]:
    """Rows of `table` whose current version (author and change number) has a kept signature,
    with it (a unit with its successors, as signed)."""
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    columns = _columns(db, table)
    cursor = db.execute(
        f"SELECT {', '.join(f't.{c}' for c in columns)}, s.author, s.change_seq, s.digest, "
        f"s.signature, s.verified FROM row_signature s CROSS JOIN {table} t ON t.id = s.row_id "
        "WHERE s.tbl = ? AND t.changed_by = s.author AND t.change_seq = s.change_seq",
        [table],
    )
    width = len(columns)
    for r in cursor.fetchall() if table == "unit" else cursor:
        row = dict(zip(columns, r[:width], strict=True))
        if table == "unit":
            row[SUCCESSORS] = [
                s[0]
                for s in db.execute(
                    "SELECT successor_id FROM unit_succession WHERE predecessor_id = ? "
                    "ORDER BY successor_id",
                    [row["id"]],
                )
            ]
        yield (
            row,
            RowSignature(
                table,
                str(row["id"]),
                str(r[width]),
                int(r[width + 1]),
                str(r[width + 2]),
                str(r[width + 3]),
                bool(r[width + 4]),
            ),
        )
