"""Opening the SQLite file: pragmas, refusal of newer or damaged files, transactions."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from anninh_desktop.storage import database, migrations
from anninh_desktop.storage.database import (
    DatabaseDamaged,
    DatabaseTooNew,
    migrate,
    open_database,
    schema_version,
    transaction,
)
from anninh_desktop.storage.migrations import LATEST_VERSION, m001_core, m002_evidence


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fresh_database_is_at_latest_version_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new" / "anninh.sqlite3")
    try:
        assert schema_version(db) == LATEST_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY constraint failed"):
            db.execute(
                "INSERT INTO result (id, assessment_id, criterion_ref, value, work_status) "
                "VALUES ('r', 'no-such-assessment', '4.1', 'met', 'done')"
            )
    finally:
        db.conn.close()
    assert not list((tmp_path / "new").glob("*.before-*")), "a new file needs no safety copy"


def test_opening_a_current_database_takes_no_copy_and_changes_no_version(tmp_path: Path) -> None:
    path = tmp_path / "anninh.sqlite3"
    open_database(path).conn.close()
    db = open_database(path)
    assert schema_version(db) == LATEST_VERSION
    db.conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anninh.sqlite3"]


def _newer_database(path: Path, *, wal: bool) -> bytes:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE future_table (id TEXT PRIMARY KEY, payload TEXT)")
    conn.execute("INSERT INTO future_table VALUES ('x', 'written by a newer program')")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("wal", [True, False], ids=["wal-file", "rollback-journal-file"])
def test_newer_database_is_refused_and_left_byte_for_byte_unchanged(
    tmp_path: Path, wal: bool
) -> None:
    # A backup copy or a file from another tool is in rollback-journal mode: opening must not
    # switch it to WAL (that rewrites the header) before refusing it.
    path = tmp_path / "anninh.sqlite3"
    before = _newer_database(path, wal=wal)

    with pytest.raises(DatabaseTooNew) as caught:
        open_database(path)

    assert caught.value.found == LATEST_VERSION + 1
    assert caught.value.supported == LATEST_VERSION
    after = path.read_bytes()
    assert after[18:20] == before[18:20], "the refused file was switched to another journal mode"
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anninh.sqlite3"]


def test_damaged_file_raises_database_damaged_and_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "anninh.sqlite3"
    junk = os.urandom(64 * 1024)
    path.write_bytes(junk)

    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path)

    assert caught.value.path == path
    assert caught.value.detail
    assert path.read_bytes() == junk


def test_a_failing_migration_step_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_step(db: object) -> None:
        m002_evidence.apply(db)  # type: ignore[arg-type]
        raise RuntimeError("power cut in the middle of the migration")

    db = database.connect(tmp_path / "anninh.sqlite3")
    try:
        migrate(db, 0, 1)
        monkeypatch.setattr(
            migrations, "MIGRATIONS", [(1, m001_core.apply), (2, broken_step)], raising=False
        )
        with pytest.raises(RuntimeError):
            migrate(db, 1, 2)
        assert schema_version(db) == 1
        assert "evidence" not in _tables(db.conn)
        assert "unit" in _tables(db.conn)
    finally:
        db.conn.close()


def test_transaction_commits_rolls_back_and_joins_an_outer_one(tmp_path: Path) -> None:
    db = open_database(tmp_path / "anninh.sqlite3")
    try:
        with transaction(db):
            db.execute("INSERT INTO meta(key, value) VALUES ('a', '1')")
        with pytest.raises(ZeroDivisionError), transaction(db):
            db.execute("INSERT INTO meta(key, value) VALUES ('b', '2')")
            with transaction(db):  # joins the outer transaction
                db.execute("INSERT INTO meta(key, value) VALUES ('c', '3')")
            1 / 0  # noqa: B018
        keys = [r[0] for r in db.execute("SELECT key FROM meta ORDER BY key")]
        assert keys == ["a"]
        assert not db.conn.in_transaction
    finally:
        db.conn.close()
