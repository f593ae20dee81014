"""The journal of the last applied package (`sync_undo`, m008) and putting rows back from it."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from anninh_desktop.domain.sync_vectors import vector_from_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.sync_rows import (
    RowRejected,
    local_row,
    set_version,
    write_values,
)
from anninh_desktop.storage.sync_signatures import (
    RowSignature,
    drop_signature,
    save_signatures,
    signature_for,
)


@dataclass
class JournalEntry:
    """One row as it was before the import: None for a row the import added."""

    table: str
    row_id: str
    row: dict[str, Any] | None
    vector: dict[str, int] | None
    local_seq: int | None
    signature: dict[str, Any] | None


@dataclass
class Journal:
    """What an import changed, to put it back: rows (in the order written), conflicts it added
    and closed, blobs it added."""

    package_id: str
    sender_id: str
    stamp_seq: int
    applied_at: str
    entries: list[JournalEntry] = field(default_factory=list)
    conflicts_added: list[int] = field(default_factory=list)
    conflicts_closed: list[int] = field(default_factory=list)
    blobs_added: list[str] = field(default_factory=list)
    _seen: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def note(self, db: Database, table: str, row_id: str) -> None:
        """Keep the row as it is now, before its first change by the import."""
        if (table, row_id) in self._seen:
            return
        self._seen.add((table, row_id))
        found = local_row(db, table, row_id)
        seq = db.execute(
            "SELECT local_seq FROM row_version WHERE tbl = ? AND row_id = ?", [table, row_id]
        ).fetchone()
        sig = signature_for(db, table, row_id)
        self.entries.append(
            JournalEntry(
                table,
                row_id,
                None if found is None else found[0],
                None if found is None or seq is None else found[1],
                None if seq is None else int(seq[0]),
                None if sig is None else sig.__dict__,
            )
        )

    def note_known(
        self,
        table: str,
        row_id: str,
        row: dict[str, Any] | None,
        vector: dict[str, int] | None,
        local_seq: int | None,
        signature: RowSignature | None,
    ) -> None:
        """Keep the row as the import's plan read it (in this transaction: the same as `note`
        would read now), before its first change by the import."""
        if (table, row_id) in self._seen:
            return
        self._seen.add((table, row_id))
        self.entries.append(
            JournalEntry(
                table,
                row_id,
                row,
                None if row is None or local_seq is None else vector,
                local_seq,
                None if signature is None else signature.__dict__,
            )
        )

    def encode(self) -> bytes:
        head = {
            "conflicts_added": self.conflicts_added,
            "conflicts_closed": self.conflicts_closed,
            "blobs_added": self.blobs_added,
        }
        lines = [json.dumps(head)] + [
            json.dumps(
                [e.table, e.row_id, e.row, e.vector, e.local_seq, e.signature],
                ensure_ascii=False,
                sort_keys=True,
            )
            for e in self.entries
        ]
        return zlib.compress("\n".join(lines).encode("utf-8"), 6)


def save_journal(db: Database, journal: Journal) -> int:
    """Replace the kept journal by this one (inside the import's transaction); its size."""
    data = journal.encode()
    db.execute("DELETE FROM sync_undo")
    db.execute(
        "INSERT INTO sync_undo (id, package_id, sender_id, stamp_seq, applied_at, journal) "
        "VALUES (1, ?, ?, ?, ?, ?)",
        [journal.package_id, journal.sender_id, journal.stamp_seq, journal.applied_at, data],
    )
    return len(data)


def clear_journal(db: Database) -> None:
    db.execute("DELETE FROM sync_undo")


def journal_size(db: Database) -> int:
    r = db.execute("SELECT COALESCE(SUM(length(journal)), 0) FROM sync_undo").fetchone()
    return int(r[0])


def load_journal(db: Database) -> Journal | None:
    r = db.execute(
        "SELECT package_id, sender_id, stamp_seq, applied_at, journal FROM sync_undo WHERE id = 1"
    ).fetchone()
    if r is None:
        return None
    lines = zlib.decompress(r[4]).decode("utf-8").split("\n")
    head = json.loads(lines[0])
    journal = Journal(str(r[0]), str(r[1]), int(r[2]), str(r[3]))
    journal.conflicts_added = [int(x) for x in head["conflicts_added"]]
    journal.conflicts_closed = [int(x) for x in head["conflicts_closed"]]
    journal.blobs_added = [str(x) for x in head["blobs_added"]]
    for line in lines[1:]:
        table, row_id, row, vector, seq, sig = json.loads(line)
        journal.entries.append(
            JournalEntry(
                table,
                row_id,
                row,
                None if vector is None else vector_from_json(json.dumps(vector)),
                seq,
                sig,
            )
        )
    return journal


def changed_since(db: Database, journal: Journal) -> list[tuple[str, str]]:
    """Rows of the journal changed again after the import (then it cannot be undone)."""
    out: list[tuple[str, str]] = []
    for e in journal.entries:
        r = db.execute(
            "SELECT local_seq FROM row_version WHERE tbl = ? AND row_id = ?", [e.table, e.row_id]
        ).fetchone()
        if r is not None and int(r[0]) != journal.stamp_seq:
            out.append((e.table, e.row_id))
    return out


def put_back(db: Database, e: JournalEntry) -> None:
    """Put one row back as the journal holds it (inside a transaction)."""
    try:
        if e.row is None:
            if e.table == "unit":
                db.execute(
                    "DELETE FROM unit_succession WHERE predecessor_id = ? OR successor_id = ?",
                    [e.row_id, e.row_id],
                )
            db.execute(f"DELETE FROM {e.table} WHERE id = ?", [e.row_id])
            db.execute("DELETE FROM row_version WHERE tbl = ? AND row_id = ?", [e.table, e.row_id])
        else:
            _restore(db, e.table, e.row)
            if e.vector is None or e.local_seq is None:
                db.execute(
                    "DELETE FROM row_version WHERE tbl = ? AND row_id = ?", [e.table, e.row_id]
                )
            else:
                set_version(db, e.table, e.row_id, e.vector, e.local_seq)
    except sqlite3.DatabaseError as exc:
        raise RowRejected(e.table, e.row_id, str(exc)) from exc
    if e.signature is None:
        drop_signature(db, e.table, e.row_id)
    else:
        save_signatures(db, [RowSignature(**e.signature)])


def _restore(db: Database, table: str, row: Mapping[str, Any]) -> None:
    """Set the columns that differ (never naming an immutable column that did not change)."""
    found = local_row(db, table, str(row["id"]))
    write_values(db, table, row, None if found is None else found[0])


def entries_in_reverse(journal: Journal) -> Iterator[JournalEntry]:
    """Children before parents (the import wrote parents first)."""
    return reversed(journal.entries)
