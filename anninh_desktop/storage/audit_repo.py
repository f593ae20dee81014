"""The append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from typing import Any

from anninh_desktop.domain.audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainBreak,
    chained_event,
    expected_hash,
)
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import get_meta, set_meta

_COLUMNS = (
    "seq, at, installation, actor, action, entity, entity_id, old, new, prev_hash, hash, "
    "officer_id, officer_name"
)


def _json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def append(
        self,
        *,
        at: str,
        installation: str,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        old: Any = None,
        new: Any = None,
        officer_id: str = "",
        officer_name: str = "",
    ) -> AuditEvent:
        """Append one event chained to the last; call inside the transaction of the change."""
        row = self._db.execute(
            "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
        event = chained_event(
            prev,
            seq,
            at,
            installation,
            actor,
            action,
            entity,
            entity_id,
            _json(old),
            _json(new),
            officer_id,
            officer_name,
        )
        self._db.execute(
            f"INSERT INTO audit_event ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            list(astuple(event)),
        )
        # The head is kept apart so that removing the newest events is detected too.
        set_meta(self._db, "audit_head", f"{event.seq}:{event.hash}")
        return event

    def events(self, *, entity_id: str | None = None) -> list[AuditEvent]:
        sql = f"SELECT {_COLUMNS} FROM audit_event"
        params: list[object] = []
        if entity_id is not None:
            sql += " WHERE entity_id = ?"
            params.append(entity_id)
        sql += " ORDER BY seq"
        return [AuditEvent(*row) for row in self._db.execute(sql, params).fetchall()]

    def events_for(self, entity_ids: set[str]) -> list[AuditEvent]:
        """The events of any of these rows, oldest first."""
        ordered = sorted(entity_ids)
        out: list[AuditEvent] = []
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ",".join("?" for _ in chunk)
            sql = f"SELECT {_COLUMNS} FROM audit_event WHERE entity_id IN ({marks})"
            out += [AuditEvent(*row) for row in self._db.execute(sql, chunk).fetchall()]
        return sorted(out, key=lambda e: e.seq)

    def head(self) -> tuple[int, str]:
        """The last event's sequence number and hash ((0, genesis) for an empty log)."""
        row = self._db.execute(
            "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)

    def hash_at(self, seq: int) -> str:
        """The chain's hash at event `seq` ("" when there is no such event; genesis for 0)."""
        if seq == 0:
            return GENESIS_HASH
        row = self._db.execute("SELECT hash FROM audit_event WHERE seq = ?", [seq]).fetchone()
        return str(row[0]) if row else ""

    def check(self) -> ChainBreak | None:
        """The first broken link of the chain, or None when the whole log is intact."""
        return self.verify()[1]

    def verify(self) -> tuple[int, ChainBreak | None]:
        """The number of events and the first broken link of the chain (None: intact), in one
        pass over the log (as `domain.audit.first_broken_link`, without holding the events).

        SQLite writes each event's hashed text (`json_array` gives the same JSON as
        `event_payload` for these columns, the officer's two only when the event names one); an
        event whose hash does not match it is checked
        again with `domain.audit.expected_hash`, which decides.
        """
        count = 0
        prev = GENESIS_HASH
        last: tuple[int, str] | None = None
        broken: ChainBreak | None = None
        sha256 = hashlib.sha256
        cursor = self._db.execute(
            "SELECT seq, prev_hash, hash, prev_hash || char(10) || CASE "
            "WHEN officer_id = '' AND officer_name = '' THEN json_array(seq, at, installation, "
            "actor, action, entity, entity_id, old, new) ELSE json_array(seq, at, installation, "
            "actor, action, entity, entity_id, old, new, officer_id, officer_name) END "
            "FROM audit_event ORDER BY seq"
        )
        for seq, prev_hash, digest, text in cursor:
            count += 1
            if broken is not None:
                continue  # counting the rest
            if seq != (last[0] + 1 if last is not None else 1):
                broken = ChainBreak(seq, "gap")
            elif prev_hash != prev:
                broken = ChainBreak(seq, "prev_hash")
            elif sha256(text.encode("utf-8")).hexdigest() != digest and not self._hash_holds(
                seq, prev
            ):
                broken = ChainBreak(seq, "hash")
            prev = digest
            last = (seq, digest)
        if broken is not None:
            return count, broken
        head = get_meta(self._db, "audit_head", "")
        tail = f"{last[0]}:{last[1]}" if last is not None else ""
        if (head or "") != tail:
            head_seq = int(head.split(":")[0]) if head else 0
            last_seq = last[0] if last is not None else 0
            if head_seq < last_seq:  # events appended without the program: the first such one
                return count, ChainBreak(head_seq + 1, "appended")
            return count, ChainBreak(last_seq + 1 if head_seq > last_seq else last_seq, "truncated")
        return count, None

    def _hash_holds(self, seq: int, prev: str) -> bool:
        """The event's hash checked with the domain's own encoding of it."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM audit_event WHERE seq = ?", [seq]
        ).fetchone()
        event = AuditEvent(*row)
        return expected_hash(event, prev) == event.hash
