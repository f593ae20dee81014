"""SQLite's own checks of a database file."""

from __future__ import annotations

from anninh_desktop.storage.database import Database


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
