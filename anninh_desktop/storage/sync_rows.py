"""Reading and writing synced rows with their version vectors (the SQL side of export and import)."""

from __future__ import annotations

import json
import sqlite3
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from anninh_desktop.domain.authority import ISSUED_TABLES
from anninh_desktop.domain.sync_vectors import vector_from_json, vector_to_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import current_counter
from anninh_desktop.storage.migrations.m006_sync import SYNCED_TABLES as CORE_TABLES
from anninh_desktop.storage.migrations.m008_movement import MOVEMENT_TABLES, UNIT_ROW_TABLES
from anninh_desktop.storage.migrations.m012_officers import OFFICER_TABLES

# Every table whose rows travel, in the order an import writes them (parents before children).
SYNCED_TABLES = (*CORE_TABLES, *MOVEMENT_TABLES, *OFFICER_TABLES)
# Tables whose rows name their scope unit in a `unit_id` column (docs/sync.md, "Ownership").
UNIT_SCOPED_TABLES = frozenset((*UNIT_ROW_TABLES, *OFFICER_TABLES))

SUCCESSORS = "successors"  # extra field of a unit row: its successor ids


class UnknownColumns(Exception):
    """A received row has columns this schema lacks (a newer program) or no id."""

    def __init__(self, table: str, columns: list[str]) -> None:
        super().__init__(f"{table}: {', '.join(columns)}")
        self.table = table
        self.columns = columns


class RowRejected(Exception):
    """The database refused a received row (a missing parent, an immutable row changed…)."""

    def __init__(self, table: str, row_id: str, detail: str) -> None:
        super().__init__(f"{table} {row_id}: {detail}")
        self.table = table
        self.row_id = row_id
        self.detail = detail


@contextmanager
def read_snapshot(db: Database) -> Iterator[Database]:
    """One read transaction: everything read inside sees the same state of the store."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


_COLUMNS: weakref.WeakKeyDictionary[Database, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def table_columns(db: Database, table: str) -> list[str]:
    """The columns of a synced table (read once per connection: migrations run at opening)."""
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    known = _COLUMNS.setdefault(db, {})
    if table not in known:
        known[table] = [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]
    return list(known[table])


def _successors(db: Database, unit_id: str) -> list[str]:
    rows = db.execute(
        "SELECT successor_id FROM unit_succession WHERE predecessor_id = ? ORDER BY successor_id",
        [unit_id],
    ).fetchall()
    return [r[0] for r in rows]


def changed_rows(
    db: Database, table: str, after: int, upto: int
) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:
    """Rows of `table` whose version arrived here in (after, upto], with their vectors, by id."""
    columns = table_columns(db, table)
    select = ", ".join(f"t.{c}" for c in columns)
    extra = " AND t.assessment_id IS NOT NULL" if table == "document" else ""
    cursor = db.execute(
        f"SELECT {select}, rv.vector FROM {table} t JOIN row_version rv "
        "ON rv.tbl = ? AND rv.row_id = t.id "
        f"WHERE rv.local_seq > ? AND rv.local_seq <= ?{extra} ORDER BY t.id",
        [table, after, upto],
    )
    for r in cursor:
        row = dict(zip(columns, r[:-1], strict=True))
        if table == "unit":
            row[SUCCESSORS] = _successors(db, row["id"])
        yield row, vector_from_json(r[-1])


def local_row(
    db: Database, table: str, row_id: str
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The stored row and its vector (empty for reference rows), or None."""
    columns = table_columns(db, table)
    r = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [row_id]).fetchone()
    if r is None:
        return None
    row = dict(zip(columns, r, strict=True))
    if table == "unit":
        row[SUCCESSORS] = _successors(db, row_id)
    v = db.execute(
        "SELECT vector FROM row_version WHERE tbl = ? AND row_id = ?", [table, row_id]
    ).fetchone()
    return row, (vector_from_json(v[0]) if v else {})


# Ids per query of `local_rows` (SQLite allows 32766 parameters; fewer keeps statements small).
_BATCH = 500

type LocalRow = tuple[dict[str, Any], dict[str, int], int | None]


def local_rows(db: Database, table: str, ids: Sequence[str]) -> dict[str, LocalRow]:
    """The stored rows of these ids (the others are not here), each with its vector (empty for
    reference rows) and its `local_seq` (None without a version): what `local_row` gives, a
    batch of ids per query (an import reads its package's rows at once)."""
    columns = table_columns(db, table)
    select = ", ".join(f"t.{c}" for c in columns)
    width = len(columns)
    wanted = list(dict.fromkeys(ids))
    out: dict[str, LocalRow] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        rows = db.execute(
            f"SELECT {select}, rv.vector, rv.local_seq FROM {table} t LEFT JOIN row_version rv "
            f"ON rv.tbl = ? AND rv.row_id = t.id WHERE t.id IN ({', '.join('?' * len(chunk))})",
            [table, *chunk],
        ).fetchall()
        for r in rows:
            row = dict(zip(columns, r[:width], strict=True))
            if table == "unit":
                row[SUCCESSORS] = _successors(db, row["id"])
            vector = vector_from_json(r[width]) if r[width] is not None else {}
            out[str(row["id"])] = (row, vector, None if r[width + 1] is None else int(r[width + 1]))
    return out


def write_token(db: Database) -> tuple[int, int]:
    """What changes when anything is written to the store: by another connection (SQLite's
    `data_version`) or by this one (its count of rows changed). Equal tokens: nothing was
    written in between (an import applies the plan of its preview without making it again)."""
    version = int(db.execute("PRAGMA data_version").fetchone()[0])
    return version, db.conn.total_changes


def check_columns(db: Database, table: str, row: Mapping[str, Any]) -> None:
    known = set(table_columns(db, table))
    if table == "unit":
        known.add(SUCCESSORS)
    unknown = sorted(k for k in row if k not in known)
    if unknown or "id" not in row:
        raise UnknownColumns(table, unknown or ["id"])


def write_row(
    db: Database,
    table: str,
    row: Mapping[str, Any],
    local: Mapping[str, Any] | None,
    vector: Mapping[str, int],
    local_seq: int,
) -> None:
    """Insert the row, or update the columns that differ from `local`; then set its version."""
    check_columns(db, table, row)
    try:
        _write(db, table, row, local)
    except sqlite3.DatabaseError as exc:
        raise RowRejected(table, str(row["id"]), str(exc)) from exc
    set_version(db, table, str(row["id"]), vector, local_seq)


def write_values(
    db: Database, table: str, row: Mapping[str, Any], local: Mapping[str, Any] | None
) -> None:
    """Insert the row, or update the columns that differ from `local` (and a unit's successors);
    the row's version is the triggers' business."""
    _write(db, table, row, local)


def _write(
    db: Database, table: str, row: Mapping[str, Any], local: Mapping[str, Any] | None
) -> None:
    values = {k: v for k, v in row.items() if k != SUCCESSORS}
    if local is None:
        names = list(values)
        db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [values[n] for n in names],
        )
    else:
        changed = [k for k, v in values.items() if k != "id" and local.get(k) != v]
        if changed:
            db.execute(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE id = ?",
                [*(values[c] for c in changed), row["id"]],
            )
    if table == "unit" and SUCCESSORS in row:
        db.execute("DELETE FROM unit_succession WHERE predecessor_id = ?", [row["id"]])
        for successor in row[SUCCESSORS]:
            db.execute(
                "INSERT INTO unit_succession(predecessor_id, successor_id) VALUES (?, ?)",
                [row["id"], successor],
            )


def jump_counter(db: Database, by: int) -> int:
    """Move this installation's change counter `by` ahead (a restored office: the versions the
    lost PC made after the backup must never look newer than what it makes from now on)."""
    db.execute(
        "INSERT INTO meta(key, value) VALUES ('change_counter', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + ?",
        [str(by), by],
    )
    return current_counter(db)


def restamp_rows(db: Database, old: str, stamp: Mapping[str, Any], after_local_seq: int) -> int:
    """Give the rows `old` wrote here after `after_local_seq` the change stamp `stamp` (a copy
    of a data folder takes its own installation id: what it changed under the old id becomes its
    own version). Their vectors keep of `old` only what it had written by `after_local_seq`, so
    the new version is concurrent with whatever the original wrote since (a conflict when the
    content differs), never newer or older than it. The triggers add the new id."""
    count = 0
    key = f'$."{old}"'
    for table in SYNCED_TABLES:
        if table in ISSUED_TABLES:
            continue  # immutable versions, the same on every PC
        ids = [
            (r[0],)
            for r in db.execute(
                f"SELECT t.id FROM {table} t JOIN row_version rv ON rv.tbl = ? AND "
                "rv.row_id = t.id WHERE t.changed_by = ? AND rv.local_seq > ?",
                [table, old, after_local_seq],
            )
        ]
        db.conn.executemany(
            f"UPDATE {table} SET changed_by = ?, change_seq = ? WHERE id = ?",
            [(stamp["changed_by"], stamp["change_seq"], i) for (i,) in ids],
        )
        db.conn.executemany(
            "UPDATE row_version SET vector = json_set(vector, ?, ?) WHERE tbl = ? AND row_id = ? "
            "AND json_extract(vector, ?) > ?",
            [(key, after_local_seq, table, i, key, after_local_seq) for (i,) in ids],
        )
        count += len(ids)
    return count


def column_types(db: Database, table: str) -> dict[str, tuple[str, bool]]:
    """Column → (declared type, NOT NULL) of a synced table."""
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    rows = db.execute(f"PRAGMA table_info({table})").fetchall()
    return {str(r[1]): (str(r[2]).upper(), bool(r[3])) for r in rows}


def rewrite_row(
    db: Database, table: str, row_id: str, values: Mapping[str, Any], stamp: Mapping[str, Any]
) -> None:
    """A local edit of a synced row: set `values` and the change stamp (the trigger bumps its vector)."""
    known = set(table_columns(db, table))
    changes = {**values, **stamp}
    unknown = sorted(k for k in changes if k not in known or k == "id")
    if unknown:
        raise UnknownColumns(table, unknown)
    names = list(changes)
    try:
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            [*(changes[n] for n in names), row_id],
        )
    except sqlite3.DatabaseError as exc:
        raise RowRejected(table, row_id, str(exc)) from exc


def set_version(
    db: Database, table: str, row_id: str, vector: Mapping[str, int], local_seq: int
) -> None:
    db.execute(
        "INSERT INTO row_version(tbl, row_id, vector, local_seq) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(tbl, row_id) DO UPDATE SET vector = excluded.vector, "
        "local_seq = excluded.local_seq",
        [table, row_id, vector_to_json(vector), local_seq],
    )


def unit_kind_parent(db: Database, unit_id: str) -> tuple[str, str | None] | None:
    r = db.execute("SELECT kind, parent_id FROM unit WHERE id = ?", [unit_id]).fetchone()
    return None if r is None else (str(r[0]), r[1])


def installation_units(db: Database) -> dict[str, str]:
    """Installation id → office unit id, of this installation and of every peer's card."""
    out = {
        str(r[0]): str(r[1])
        for r in db.execute("SELECT installation_id, office_unit_id FROM sync_peer").fetchall()
        if r[1]
    }
    mine = db.execute(
        "SELECT (SELECT value FROM meta WHERE key = 'installation_id'), office_unit_id "
        "FROM sync_identity"
    ).fetchone()
    if mine is not None and mine[0] and mine[1]:
        out[str(mine[0])] = str(mine[1])
    return out


def province_code(db: Database, unit_id: str) -> str | None:
    r = db.execute("SELECT code FROM unit WHERE id = ? AND kind = 'province'", [unit_id]).fetchone()
    return None if r is None else str(r[0])


def scope_lookup(db: Database, table: str, key: str) -> str | None:
    """The unit of an assessment (table 'assessment'), evidence ('evidence') or result ('result')."""
    sql = {
        "assessment": "SELECT unit_id FROM assessment WHERE id = ?",
        "evidence": "SELECT unit_id FROM evidence WHERE id = ?",
        "result": "SELECT a.unit_id FROM result r JOIN assessment a ON a.id = r.assessment_id "
        "WHERE r.id = ?",
    }[table]
    r = db.execute(sql, [key]).fetchone()
    return None if r is None else str(r[0])


def definition_province(definition: str) -> str:
    """`province_code` of a stored criterion set definition ('' for a national set)."""
    try:
        data = json.loads(definition)
    except (TypeError, ValueError):
        return ""
    return str(data.get("province_code", "") or "") if isinstance(data, dict) else ""


def dump_synced(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the synced and sync tables, sorted (tests: nothing changed)."""
    tables = [
        *SYNCED_TABLES,
        "unit_succession",
        "row_version",
        "sync_peer",
        "sync_received",
        "sync_conflict",
        "meta",
        "audit_event",
    ]
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
