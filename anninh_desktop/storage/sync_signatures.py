"""The authors' signatures of row versions (`row_signature`, m008): kept to relay rows with proof."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from anninh_desktop.storage.database import Database


@dataclass(frozen=True)
class RowSignature:
    table: str
    row_id: str
    author: str  # installation id
    change_seq: int
    digest: str  # SHA-256 (hex) of the signed text of the row version
    signature: str  # Ed25519, hex
    verified: bool  # checked against the author's key here (False: came from its author itself)


_COLUMNS = "tbl, row_id, author, change_seq, digest, signature, verified"


def _record(r: tuple[object, ...]) -> RowSignature:
    return RowSignature(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        int(r[3]),
        str(r[4]),
        str(r[5]),
        bool(r[6]),  # type: ignore[call-overload]
    )


def signature_for(db: Database, table: str, row_id: str) -> RowSignature | None:
    r = db.execute(
        f"SELECT {_COLUMNS} FROM row_signature WHERE tbl = ? AND row_id = ?", [table, row_id]
    ).fetchone()
    return None if r is None else _record(r)


def signatures_for_rows(db: Database, table: str, ids: Iterable[str]) -> dict[str, RowSignature]:
    """The kept signatures of these rows of a table, by row id (a batch of ids per query)."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, RowSignature] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for r in db.execute(
            f"SELECT {_COLUMNS} FROM row_signature WHERE tbl = ? AND row_id IN "
            f"({', '.join('?' * len(chunk))})",
            [table, *chunk],
        ):
            out[str(r[1])] = _record(r)
    return out


def signatures_of(db: Database, table: str) -> dict[str, RowSignature]:
    """Every kept signature of a table's rows, by row id."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM row_signature WHERE tbl = ?", [table]).fetchall()
    return {str(r[1]): _record(r) for r in rows}


def all_signatures(db: Database) -> Iterator[RowSignature]:
    for r in db.execute(f"SELECT {_COLUMNS} FROM row_signature ORDER BY tbl, row_id"):
        yield _record(r)


def save_signatures(db: Database, signatures: Iterable[RowSignature]) -> None:
    """Keep these signatures (one per row: the newest replaces the one before)."""
    db.conn.executemany(
        f"INSERT INTO row_signature ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(tbl, row_id) DO UPDATE SET author = excluded.author, "
        "change_seq = excluded.change_seq, digest = excluded.digest, "
        "signature = excluded.signature, verified = excluded.verified",
        [
            (s.table, s.row_id, s.author, s.change_seq, s.digest, s.signature, int(s.verified))
            for s in signatures
        ],
    )


def mark_verified(db: Database, table: str, row_id: str) -> None:
    db.execute(
        "UPDATE row_signature SET verified = 1 WHERE tbl = ? AND row_id = ?", [table, row_id]
    )


def drop_signature(db: Database, table: str, row_id: str) -> None:
    db.execute("DELETE FROM row_signature WHERE tbl = ? AND row_id = ?", [table, row_id])
