"""Opening the SQLite store: pragmas, numbered migrations, refusal of newer files, backup before migrating."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from anninh_desktop.storage import migrations
from anninh_desktop.storage.migrations import LATEST_VERSION

log = logging.getLogger(__name__)


class StorageError(Exception):
    """A problem with the data store that the user must know about."""


class DatabaseTooNew(StorageError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(f"{path}: schema version {found} is newer than {supported}")
        self.path = path
        self.found = found
        self.supported = supported


class DatabaseDamaged(StorageError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path}: {detail}")
        self.path = path
        self.detail = detail


class Database:
    """A SQLite connection; sqlite-utils' table API is imported on the first ``db["table"]``.

    Reads go straight to the connection (``db.execute``), so opening the program, which only
    reads, never pays for importing sqlite-utils and its dependencies (~0.1 s measured by
    bench/window_start.py). Writes through ``db["table"].insert(…)`` and friends get a real
    ``sqlite_utils.Database`` over the same connection. ``recursive_triggers`` is set here, as
    sqlite-utils would set it, so behaviour does not depend on whether the table API was used yet.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._tables: Any = None

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.conn.executescript(sql)

    @property
    def tables_api(self) -> Any:
        """The ``sqlite_utils.Database`` over this connection (imported on first use)."""
        if self._tables is None:
            import sqlite_utils

            self._tables = sqlite_utils.Database(self.conn)
        return self._tables

    def __getitem__(self, table_name: str) -> Any:
        return self.tables_api[table_name]

    def close(self) -> None:
        self.conn.close()


def connect(path: Path) -> Database:
    """A connection with the pragmas the program relies on (WAL, foreign keys, busy timeout)."""
    conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA recursive_triggers = ON")
    except sqlite3.Error:
        conn.close()  # never leave a handle on a file we refuse
        raise
    return Database(conn)


def schema_version(db: Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (nested use joins the outer one)."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def backup_copy(db: Database, target: Path) -> None:
    """A consistent copy of a live database (SQLite online backup), safe while others write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    dest = sqlite3.connect(str(tmp))
    try:
        db.conn.backup(dest)
        # A standalone copy: no -wal/-shm companions needed to read it.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    tmp.replace(target)


def restore_copy(db: Database, source: Path) -> None:
    """Put a copy made by `backup_copy` back into the live database (SQLite online backup).

    The connection must not be inside a transaction; other connections see the restored content
    on their next read.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        src.backup(db.conn)
    finally:
        src.close()


def _peek_version(path: Path) -> int:
    """`user_version` read from the file header (offset 60), without opening the database at all."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseDamaged(path, str(exc)) from exc
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise DatabaseDamaged(path, "not an SQLite database")
    return int.from_bytes(header[60:64], "big")


def open_database(path: Path, *, now: datetime | None = None) -> Database:
    """Open (creating if needed) and migrate the store; a copy is taken before any migration."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        # Read the version before any pragma writes to the file: a newer file stays untouched.
        version = _peek_version(path)
        if version > LATEST_VERSION:
            raise DatabaseTooNew(path, version, LATEST_VERSION)
    try:
        db = connect(path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(path, str(exc)) from exc
    try:
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        db.conn.close()  # on Windows an open handle would keep the damaged file locked
        raise DatabaseDamaged(path, str(exc)) from exc
    if version < LATEST_VERSION:
        if existed and version > 0:
            stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
            copy = path.with_name(f"{path.stem}.before-v{LATEST_VERSION}-{stamp}{path.suffix}")
            backup_copy(db, copy)
            log.info("copied %s to %s before migrating from v%d", path, copy, version)
        migrate(db, version)
    return db


def migrate(db: Database, from_version: int, to_version: int = LATEST_VERSION) -> None:
    """Apply the numbered migrations after `from_version`, each in its own transaction."""
    for number, step in migrations.MIGRATIONS:
        if from_version < number <= to_version:
            with transaction(db):
                step(db)
                db.execute(f"PRAGMA user_version = {number}")
            log.info("migrated database to v%d", number)


def copy_file_database(src: Path, dest: Path) -> None:
    """Plain file copy for a database that is not open (tests, fixtures)."""
    import shutil  # (with the compression modules: not for every opening)

    shutil.copy2(src, dest)
