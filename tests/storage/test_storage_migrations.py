"""Every migration, from every older version, on a database with data in it.

The old databases come from `fixtures.old_databases`: adding migration N there (rows and checks)
is all it takes to have N tested from every earlier version.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from fixtures import old_databases
from fixtures.workspaces import read_only

from anninh_desktop.storage.database import open_database, schema_version
from anninh_desktop.storage.migrations import LATEST_VERSION, MIGRATIONS
from anninh_desktop.storage.store import open_store

OLDER_VERSIONS = [number for number, _step in MIGRATIONS if number < LATEST_VERSION]
MIGRATED_AT = datetime(2026, 3, 2, 9, 15, 0)


def _rows(conn: sqlite3.Connection) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    out = {}
    names = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    for name in names:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        rows = conn.execute(f"SELECT * FROM {name}").fetchall()
        out[name] = (columns, sorted(rows, key=repr))
    return out


def test_every_migration_has_old_rows_and_checks() -> None:
    numbers = [number for number, _step in MIGRATIONS]
    assert numbers == list(range(1, LATEST_VERSION + 1)), "migrations are numbered 1, 2, 3…"
    assert sorted(old_databases.ROWS) == numbers, "add rows for the new version to old_databases"
    assert sorted(old_databases.CHECKS) == numbers, "add checks for the new version"


def test_every_migration_module_is_a_step_in_order() -> None:
    """The steps are imported by name when needed: each m0NN module is listed, in its place."""
    from anninh_desktop.storage import migrations

    folder = Path(migrations.__file__).parent
    files = sorted(p.stem for p in folder.glob("m[0-9][0-9][0-9]_*.py"))
    assert list(migrations.STEPS) == files
    assert [int(name[1:4]) for name in migrations.STEPS] == list(range(1, LATEST_VERSION + 1))


def test_old_database_fixture_is_at_its_version(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    old_databases.build_database(path, 1)
    conn = read_only(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM result").fetchone()[0] > 0
    finally:
        conn.close()


@pytest.mark.parametrize("version", OLDER_VERSIONS, ids=[f"from-v{v}" for v in OLDER_VERSIONS])
def test_old_database_with_data_migrates_to_latest(tmp_path: Path, version: int) -> None:
    path = tmp_path / "anninh.sqlite3"
    old_databases.build_database(path, version)
    conn = read_only(path)
    before = _rows(conn)
    conn.close()

    db = open_database(path, now=MIGRATED_AT)
    assert schema_version(db) == LATEST_VERSION
    after = _rows(db.conn)
    db.conn.close()

    # Every row of every old table is still there with the same values in the old columns.
    for table, (columns, rows) in before.items():
        new_columns, new_rows = after[table]
        picked = [new_columns.index(c) for c in columns]
        assert sorted((tuple(r[i] for i in picked) for r in new_rows), key=repr) == rows, table

    # …and today's repositories read them back as the same domain objects.
    store = open_store(tmp_path)
    try:
        for number in range(1, version + 1):
            old_databases.CHECKS[number](store)
    finally:
        store.close()

    copies = sorted(tmp_path.glob(f"*.before-v{LATEST_VERSION}-*"))
    assert [c.name for c in copies] == [f"anninh.before-v{LATEST_VERSION}-20260302-091500.sqlite3"]
    copy = read_only(copies[0])
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == version
        assert _rows(copy) == before
    finally:
        copy.close()


@pytest.mark.parametrize("version", OLDER_VERSIONS, ids=[f"from-v{v}" for v in OLDER_VERSIONS])
def test_migrated_database_accepts_new_rows_in_every_table(tmp_path: Path, version: int) -> None:
    """After migrating, writes of today's program work (no column or trigger left behind)."""
    path = tmp_path / "anninh.sqlite3"
    old_databases.build_database(path, version)
    store = open_store(tmp_path)
    try:
        for number in range(version + 1, LATEST_VERSION + 1):
            store.db.conn.execute("BEGIN")
            old_databases.ROWS[number](store.db.conn)
            store.db.conn.execute("COMMIT")
        for number in range(1, LATEST_VERSION + 1):
            old_databases.CHECKS[number](store)
    finally:
        store.close()


def test_latest_fixture_database_reads_back(tmp_path: Path) -> None:
    old_databases.build_database(tmp_path / "anninh.sqlite3", LATEST_VERSION)
    store = open_store(tmp_path)
    try:
        for number in range(1, LATEST_VERSION + 1):
            old_databases.CHECKS[number](store)
    finally:
        store.close()
    assert not list(tmp_path.glob("*.before-*"))
