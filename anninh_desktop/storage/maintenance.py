"""SQLite's own checks of a database file."""

from __future__ import annotations

from anninh_desktop.storage.database import Database


def integrity_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return [str(r[0]) for r in rows if r[0] != "ok"]


def foreign_key_problems(db: Database) -> list[str]:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{r[0]} row {r[1]} → {r[2]}" for r in rows]
