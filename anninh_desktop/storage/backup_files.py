"""Reading a database file that is not the open store (a backup), without changing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class UnreadableDatabaseFile(Exception):
    """The file is not an SQLite database, or is damaged."""


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def file_schema_version(path: Path) -> int:
    conn = _open_read_only(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabaseFile(str(exc)) from exc
    finally:
        conn.close()


def file_integrity_problems(path: Path) -> list[str]:
    conn = _open_read_only(path)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        return [str(r[0]) for r in rows if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def file_referenced_blobs(path: Path) -> list[str]:
    """Every blob a database file refers to: evidence revisions and documents (dossier PDFs)."""
    conn = _open_read_only(path)
    try:
        rows = conn.execute(
            "SELECT sha256 FROM evidence_revision UNION "
            "SELECT sha256 FROM document WHERE sha256 != ''"
        ).fetchall()
        return sorted(str(r[0]) for r in rows)
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabaseFile(str(exc)) from exc
    finally:
        conn.close()


def file_sync_identity(path: Path) -> tuple[str, str] | None:
    """(office name, installation id) of a database file that has a sync identity, else None."""
    conn = _open_read_only(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "sync_identity" not in tables:
            return None
        row = conn.execute("SELECT office_name FROM sync_identity WHERE id = 1").fetchone()
        if row is None:
            return None
        ident = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
        return str(row[0]), str(ident[0]) if ident else ""
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabaseFile(str(exc)) from exc
    finally:
        conn.close()


def file_blob_hashes(path: Path) -> list[tuple[str, int]]:
    """The evidence blobs a database file refers to (empty before evidence existed)."""
    conn = _open_read_only(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "evidence_revision" not in tables:
            return []
        rows = conn.execute("SELECT DISTINCT sha256, size FROM evidence_revision").fetchall()
        return [(r[0], int(r[1])) for r in rows]
    except sqlite3.DatabaseError as exc:
        raise UnreadableDatabaseFile(str(exc)) from exc
    finally:
        conn.close()


def fold_write_ahead_log(path: Path) -> bool:
    """Checkpoint a database file that is not open here (its -wal folded in); False on failure."""
    try:
        conn = sqlite3.connect(str(path), timeout=5)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
    except sqlite3.Error:
        return False
    finally:
        conn.close()
