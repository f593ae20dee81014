"""Audit chain heads: sent (`sync_export`), kept from other offices (`sync_audit_head`), and what
comparing them found (`sync_alarm`). See services/sync/audit_heads.py."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.storage.database import Database


@dataclass(frozen=True)
class SentHead:
    package_id: str
    peer_id: str
    upto: int
    audit_seq: int
    audit_hash: str
    created_at: str


@dataclass(frozen=True)
class KeptHead:
    sender_id: str
    seq: int
    hash: str
    signature: str
    package_id: str
    received_at: str


@dataclass(frozen=True)
class Alarm:
    id: int
    sender_id: str
    package_id: str
    kind: str  # "rewritten" | "shortened" | "unsigned"
    seq: int
    detected_at: str


def record_export(db: Database, head: SentHead) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_export (package_id, peer_id, upto, audit_seq, audit_hash, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            head.package_id,
            head.peer_id,
            head.upto,
            head.audit_seq,
            head.audit_hash,
            head.created_at,
        ],
    )


def sent_heads(db: Database, peer_id: str | None = None) -> list[SentHead]:
    sql = "SELECT package_id, peer_id, upto, audit_seq, audit_hash, created_at FROM sync_export"
    params: list[object] = []
    if peer_id is not None:
        sql += " WHERE peer_id = ?"
        params.append(peer_id)
    rows = db.execute(sql + " ORDER BY audit_seq, created_at", params).fetchall()
    return [
        SentHead(str(r[0]), str(r[1]), int(r[2]), int(r[3]), str(r[4]), str(r[5])) for r in rows
    ]


def keep_head(db: Database, head: KeptHead) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_audit_head (sender_id, seq, hash, signature, package_id, "
        "received_at) VALUES (?, ?, ?, ?, ?, ?)",
        [head.sender_id, head.seq, head.hash, head.signature, head.package_id, head.received_at],
    )


def kept_heads(db: Database, sender_id: str) -> dict[int, KeptHead]:
    rows = db.execute(
        "SELECT sender_id, seq, hash, signature, package_id, received_at FROM sync_audit_head "
        "WHERE sender_id = ? ORDER BY seq",
        [sender_id],
    ).fetchall()
    return {
        int(r[1]): KeptHead(str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]))
        for r in rows
    }


def add_alarm(db: Database, sender_id: str, package_id: str, kind: str, seq: int, at: str) -> None:
    db.execute(
        "INSERT INTO sync_alarm (sender_id, package_id, kind, seq, detected_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [sender_id, package_id, kind, seq, at],
    )


def alarms(db: Database) -> list[Alarm]:
    rows = db.execute(
        "SELECT id, sender_id, package_id, kind, seq, detected_at FROM sync_alarm ORDER BY id"
    ).fetchall()
    return [Alarm(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), str(r[5])) for r in rows]
