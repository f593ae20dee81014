"""The rows an export sends a peer, read with indexed queries: O(what it sends), not O(the store).

A row goes to a peer when its version arrived here after the peer's watermark (`row_version.
local_seq` in (after, upto]), when it concerns the peer's office (its scope unit is the peer's
unit, below it or above it, or it has no unit: see `services/sync/plan.concerns`) and when its
vector names someone besides the peer (every version we hold came from the peer: it has it).

Two ways to find them, chosen per table by counting (each count stops at the smaller number):
- **by version**: the range of the index `row_version(tbl, local_seq)`, each row's scope checked
  (few rows changed since the watermark);
- **by scope**: from the units that concern the peer down their indexes (unit → assessment →
  result → appraisal, unit → evidence → revision/link…), each row's version checked (a first
  export; or a province's answers after a round, when every commune's rows arrived since the
  watermark and few of them are the peer's).
Each row comes with its author's kept signature (`row_signature`), read in the same query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from anninh_desktop.domain.sync_vectors import vector_from_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.sync_rows import (
    SUCCESSORS,
    SYNCED_TABLES,
    UNIT_SCOPED_TABLES,
    table_columns,
)
from anninh_desktop.storage.sync_signatures import RowSignature

# Up to this many versions of a table in the range, the rows are found by version; beyond it,
# by the peer's units when those hold fewer of the table's rows than the range has versions.
BY_VERSION_ALWAYS = 64

# The units that concern a peer's office: its unit, every unit below it and every unit above it.
_SCOPE_UNITS = (
    "WITH RECURSIVE down(id) AS (SELECT :peer_unit UNION SELECT u.id FROM unit u "
    "JOIN down ON u.parent_id = down.id), "
    "up(id) AS (SELECT :peer_unit UNION SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id "
    "WHERE u.parent_id IS NOT NULL) "
    "SELECT id FROM down UNION SELECT id FROM up"
)
# Those units in a query (read once per export by `scope_units`, passed as a JSON array).
_SCOPE_CTE = "WITH scope(id) AS (SELECT value FROM json_each(:scope)) "


def scope_units(db: Database, peer_unit: str) -> list[str]:
    """The units whose rows concern the peer's office (its unit, the units below and above)."""
    return [str(r[0]) for r in db.execute(_SCOPE_UNITS, {"peer_unit": peer_unit})]


# How a table's row reaches its scope unit: the unit itself, its `unit_id`, or through its parents.
_DIRECT = {"unit": "t.id", "assessment": "t.unit_id", "evidence": "t.unit_id"}
_THROUGH = {
    "result": ("assessment", "assessment_id"),
    "document": ("assessment", "assessment_id"),
    "document_text": ("assessment", "assessment_id"),
    "evidence_revision": ("evidence", "evidence_id"),
    "evidence_link": ("evidence", "evidence_id"),
}
# Tables whose rows have no unit: they concern every office.
UNSCOPED_TABLES = frozenset({"criterion_set", "movement_form"})


@dataclass(frozen=True)
class OutgoingRow:
    row: dict[str, Any]
    vector: dict[str, int]
    signature: RowSignature | None  # the author's kept signature of some version of the row


def _scope_join(table: str) -> tuple[str, str]:
    """(JOINs, condition) saying that a row `t` concerns the peer (its scope unit is in `scope`),
    for a query that reads the table by version."""
    if table in UNSCOPED_TABLES:
        return "", "1"
    if table in UNIT_SCOPED_TABLES:  # a movement row without a unit concerns everyone
        return "", "(t.unit_id IS NULL OR t.unit_id = '' OR t.unit_id IN (SELECT id FROM scope))"
    if table in _DIRECT:
        return "", f"{_DIRECT[table]} IN (SELECT id FROM scope)"
    # A row whose parent is missing has no scope: as plan.Scopes sees it, it concerns everyone.
    if table in _THROUGH:
        parent, column = _THROUGH[table]
        return (
            f"LEFT JOIN {parent} p ON p.id = t.{column} ",
            "(p.id IS NULL OR p.unit_id IN (SELECT id FROM scope))",
        )
    if table == "appraisal":
        return (
            "LEFT JOIN result r ON r.id = t.result_id "
            "LEFT JOIN assessment p ON p.id = r.assessment_id ",
            "(p.id IS NULL OR p.unit_id IN (SELECT id FROM scope))",
        )
    raise KeyError(table)


def _from_scope(table: str) -> str:
    """FROM clause walking from the scope units down to the table's rows (`t`)."""
    if table == "unit":
        return "scope sc CROSS JOIN unit t ON t.id = sc.id"
    if table in ("assessment", "evidence") or table in UNIT_SCOPED_TABLES:
        return f"scope sc CROSS JOIN {table} t ON t.unit_id = sc.id"
    if table in _THROUGH:
        parent, column = _THROUGH[table]
        return (
            f"scope sc CROSS JOIN {parent} p ON p.unit_id = sc.id "
            f"CROSS JOIN {table} t ON t.{column} = p.id"
        )
    if table == "appraisal":
        return (
            "scope sc CROSS JOIN assessment a ON a.unit_id = sc.id "
            "CROSS JOIN result r ON r.assessment_id = a.id "
            "CROSS JOIN appraisal t ON t.result_id = r.id"
        )
    raise KeyError(table)


_SIGNATURE = "s.author, s.change_seq, s.digest, s.signature, s.verified"


def _rows_in_scope(db: Database, table: str, scope: str, limit: int) -> int:
    r = db.execute(
        f"{_SCOPE_CTE}SELECT count(*) FROM (SELECT 1 FROM {_from_scope(table)} LIMIT :limit)",
        {"scope": scope, "limit": limit},
    ).fetchone()
    return int(r[0])


def _versions_in_range(db: Database, table: str, after: int, upto: int, limit: int) -> int:
    r = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM row_version WHERE tbl = ? AND local_seq > ? "
        "AND local_seq <= ? LIMIT ?)",
        [table, after, upto, limit],
    ).fetchone()
    return int(r[0])


def tables_changed_in_range(db: Database, after: int, upto: int) -> set[str]:
    """The synced tables with a row version numbered in (after, upto]: the only ones an export
    of that range can hold rows of. One statement, one index seek per table."""
    return {
        str(r[0])
        for r in db.execute(
            "SELECT t.value FROM json_each(:tables) t WHERE EXISTS (SELECT 1 FROM row_version rv "
            "WHERE rv.tbl = t.value AND rv.local_seq > :after AND rv.local_seq <= :upto)",
            {"tables": json.dumps(list(SYNCED_TABLES)), "after": after, "upto": upto},
        )
    }


def rows_for_peer(
    db: Database,
    table: str,
    after: int,
    upto: int,
    *,
    peer_id: str,
    peer_unit: str,
    units: Sequence[str] | None = None,
    way: str = "",
) -> Iterator[OutgoingRow]:
    """The rows of `table` an export for the peer holds, by id (see the module's docstring).

    `peer_unit` "" (an office whose unit is not known): every row concerns it. `units`: what
    `scope_units` gives for `peer_unit` (read here when not given). `way` "version" or "scope"
    forces one way (tests); "" chooses.
    """
    if table not in SYNCED_TABLES:
        raise KeyError(table)
    columns = table_columns(db, table)
    select = ", ".join(f"t.{c}" for c in columns)
    if not peer_id.isalnum():
        raise ValueError(f"not an installation id: {peer_id!r}")
    params: dict[str, object] = {
        "tbl": table,
        "after": after,
        "upto": upto,
        "peer": f'$."{peer_id}"',
    }
    conditions = [
        "rv.local_seq > :after",
        "rv.local_seq <= :upto",
        # a version that names only the peer came from it: it has it
        "json_remove(rv.vector, :peer) <> '{}'",
    ]
    if table == "document":
        conditions.append("t.assessment_id IS NOT NULL")  # only documents of an assessment travel
    scoped = bool(peer_unit) and table not in UNSCOPED_TABLES
    if scoped:
        params["scope"] = json.dumps(
            list(units) if units is not None else scope_units(db, peer_unit)
        )
    if not scoped or way == "version":
        by_scope = False
    elif way == "scope":
        by_scope = True
    elif _versions_in_range(db, table, after, upto, BY_VERSION_ALWAYS + 1) <= BY_VERSION_ALWAYS:
        by_scope = False
    else:
        changed = _versions_in_range(db, table, after, upto, 1 << 62)
        by_scope = _rows_in_scope(db, table, str(params["scope"]), changed) < changed
    head = _SCOPE_CTE if scoped else ""
    if by_scope:
        sql = (
            f"{head}SELECT {select}, rv.vector, {_SIGNATURE} FROM {_from_scope(table)} "
            "CROSS JOIN row_version rv ON rv.tbl = :tbl AND rv.row_id = t.id "
            "LEFT JOIN row_signature s ON s.tbl = :tbl AND s.row_id = t.id "
            f"WHERE {' AND '.join(conditions)}"
        )
        if table in UNIT_SCOPED_TABLES:  # rows without a unit concern everyone
            sql += (
                f" UNION SELECT {select}, rv.vector, {_SIGNATURE} FROM {table} t "
                "CROSS JOIN row_version rv ON rv.tbl = :tbl AND rv.row_id = t.id "
                "LEFT JOIN row_signature s ON s.tbl = :tbl AND s.row_id = t.id "
                f"WHERE (t.unit_id IS NULL OR t.unit_id = '') AND {' AND '.join(conditions)}"
            )
        sql += f" ORDER BY {columns.index('id') + 1}"
    else:
        joins, concerned = _scope_join(table) if scoped else ("", "1")
        sql = (
            f"{head}SELECT {select}, rv.vector, {_SIGNATURE} FROM row_version rv "
            f"CROSS JOIN {table} t ON t.id = rv.row_id {joins}"
            "LEFT JOIN row_signature s ON s.tbl = :tbl AND s.row_id = t.id "
            f"WHERE rv.tbl = :tbl AND {concerned} AND {' AND '.join(conditions)} ORDER BY t.id"
        )
    width = len(columns)
    for r in db.execute(sql, params).fetchall():
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
        author = r[width + 1]
        signature = (
            None
            if author is None
            else RowSignature(
                table,
                str(row["id"]),
                str(author),
                int(r[width + 2]),
                str(r[width + 3]),
                str(r[width + 4]),
                bool(r[width + 5]),
            )
        )
        yield OutgoingRow(row, vector_from_json(r[width]), signature)
