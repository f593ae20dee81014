"""Sync bookkeeping: this office's identity, peers and their watermarks, received packages, conflicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from anninh_desktop.storage.database import Database


@dataclass(frozen=True)
class IdentityRecord:
    """This office's sync identity as stored (public keys in hex)."""

    office_name: str
    office_unit_id: str
    signing_public: str  # hex
    encryption_public: str  # hex
    created_at: str


@dataclass(frozen=True)
class PeerRecord:
    """Another office known to this one for sync, as stored."""

    installation_id: str
    office_name: str
    office_unit_id: str
    signing_public: str
    encryption_public: str
    fingerprint: str
    trusted: bool
    acked_seq: int
    last_export_seq: int
    added_at: str


@dataclass(frozen=True)
class ConflictRecord:
    """A sync conflict kept for the user to resolve, as stored."""

    id: int
    table: str
    row_id: str
    package_id: str
    sender_id: str
    local_row: dict[str, Any]
    local_vector: dict[str, int]
    remote_row: dict[str, Any]
    remote_vector: dict[str, int]
    kept: str
    detected_at: str
    resolved_at: str | None


_PEER_COLUMNS = (
    "installation_id, office_name, office_unit_id, signing_public, encryption_public, "
    "fingerprint, trusted, acked_seq, last_export_seq, added_at"
)


def _peer(row: Sequence[Any]) -> PeerRecord:
    return PeerRecord(
        installation_id=row[0],
        office_name=row[1],
        office_unit_id=row[2],
        signing_public=row[3],
        encryption_public=row[4],
        fingerprint=row[5],
        trusted=bool(row[6]),
        acked_seq=int(row[7]),
        last_export_seq=int(row[8]),
        added_at=row[9],
    )


class SyncRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ identity

    def identity(self) -> IdentityRecord | None:
        row = self._db.execute(
            "SELECT office_name, office_unit_id, signing_public, encryption_public, created_at "
            "FROM sync_identity WHERE id = 1"
        ).fetchone()
        return None if row is None else IdentityRecord(*row)

    def create_identity(self, record: IdentityRecord) -> None:
        self._db.execute(
            "INSERT INTO sync_identity (id, office_name, office_unit_id, signing_public, "
            "encryption_public, created_at) VALUES (1, ?, ?, ?, ?, ?)",
            [
                record.office_name,
                record.office_unit_id,
                record.signing_public,
                record.encryption_public,
                record.created_at,
            ],
        )

    def set_office(self, name: str, unit_id: str) -> None:
        self._db.execute(
            "UPDATE sync_identity SET office_name = ?, office_unit_id = ? WHERE id = 1",
            [name, unit_id],
        )

    def set_keys(self, signing_public: str, encryption_public: str) -> None:
        self._db.execute(
            "UPDATE sync_identity SET signing_public = ?, encryption_public = ? WHERE id = 1",
            [signing_public, encryption_public],
        )

    # ------------------------------------------------------------------ peers

    def peers(self) -> list[PeerRecord]:
        rows = self._db.execute(
            f"SELECT {_PEER_COLUMNS} FROM sync_peer ORDER BY office_name, installation_id"
        ).fetchall()
        return [_peer(r) for r in rows]

    def peer(self, installation_id: str) -> PeerRecord | None:
        row = self._db.execute(
            f"SELECT {_PEER_COLUMNS} FROM sync_peer WHERE installation_id = ?", [installation_id]
        ).fetchone()
        return None if row is None else _peer(row)

    def save_peer(self, p: PeerRecord) -> None:
        """Insert or refresh a peer's card; watermarks are kept."""
        self._db.execute(
            f"INSERT INTO sync_peer ({_PEER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(installation_id) DO UPDATE SET office_name = excluded.office_name, "
            "office_unit_id = excluded.office_unit_id, signing_public = excluded.signing_public, "
            "encryption_public = excluded.encryption_public, fingerprint = excluded.fingerprint, "
            "trusted = excluded.trusted",
            [
                p.installation_id,
                p.office_name,
                p.office_unit_id,
                p.signing_public,
                p.encryption_public,
                p.fingerprint,
                int(p.trusted),
                p.acked_seq,
                p.last_export_seq,
                p.added_at,
            ],
        )

    def set_trusted(self, installation_id: str, trusted: bool) -> None:
        self._db.execute(
            "UPDATE sync_peer SET trusted = ? WHERE installation_id = ?",
            [int(trusted), installation_id],
        )

    def advance_ack(self, installation_id: str, upto: int) -> bool:
        """Raise the peer's acknowledged watermark (never lowers it); True when it moved."""
        cur = self._db.execute(
            "UPDATE sync_peer SET acked_seq = ? WHERE installation_id = ? AND acked_seq < ?",
            [upto, installation_id, upto],
        )
        return cur.rowcount > 0

    def note_export(self, installation_id: str, upto: int) -> None:
        self._db.execute(
            "UPDATE sync_peer SET last_export_seq = max(last_export_seq, ?) "
            "WHERE installation_id = ?",
            [upto, installation_id],
        )

    # ------------------------------------------------------------------ received packages

    def received(self, package_id: str) -> tuple[str, int] | None:
        row = self._db.execute(
            "SELECT sender_id, upto FROM sync_received WHERE package_id = ?", [package_id]
        ).fetchone()
        return None if row is None else (row[0], int(row[1]))

    def record_received(
        self,
        package_id: str,
        sender_id: str,
        upto: int,
        at: str,
        summary: dict[str, Any],
        *,
        since: int = 0,
    ) -> None:
        self._db.execute(
            "INSERT INTO sync_received (package_id, sender_id, upto, applied_at, summary, since) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [package_id, sender_id, upto, at, json.dumps(summary, sort_keys=True), since],
        )

    def forget_received(self, package_id: str) -> None:
        """The package counts as not applied (after its import was undone)."""
        self._db.execute("DELETE FROM sync_received WHERE package_id = ?", [package_id])

    def received_without_gap(self, sender_id: str) -> int:
        """The sender's counter up to which this office holds everything it sent: packages
        applied here, each made from a watermark the ones before it reach."""
        rows = self._db.execute(
            "SELECT since, upto FROM sync_received WHERE sender_id = ? ORDER BY upto",
            [sender_id],
        ).fetchall()
        covered = 0
        for since, upto in rows:
            if int(since) <= covered:
                covered = max(covered, int(upto))
        return covered

    def set_acked(self, installation_id: str, upto: int) -> None:
        """Set the peer's acknowledged watermark (lower too: it will be sent again)."""
        self._db.execute(
            "UPDATE sync_peer SET acked_seq = ? WHERE installation_id = ?",
            [upto, installation_id],
        )

    def delete_conflict(self, conflict_id: int) -> None:
        self._db.execute("DELETE FROM sync_conflict WHERE id = ?", [conflict_id])

    def reopen_conflict(self, conflict_id: int) -> None:
        self._db.execute("UPDATE sync_conflict SET resolved_at = NULL WHERE id = ?", [conflict_id])

    # ------------------------------------------------------------------ conflicts

    def add_conflict(self, c: ConflictRecord) -> int:
        cur = self._db.execute(
            "INSERT INTO sync_conflict (tbl, row_id, package_id, sender_id, local_row, "
            "local_vector, remote_row, remote_vector, kept, detected_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                c.table,
                c.row_id,
                c.package_id,
                c.sender_id,
                json.dumps(c.local_row, sort_keys=True, ensure_ascii=False),
                json.dumps(c.local_vector, sort_keys=True),
                json.dumps(c.remote_row, sort_keys=True, ensure_ascii=False),
                json.dumps(c.remote_vector, sort_keys=True),
                c.kept,
                c.detected_at,
            ],
        )
        return int(cur.lastrowid or 0)

    def conflicts(self, *, open_only: bool = True) -> list[ConflictRecord]:
        where = "WHERE resolved_at IS NULL" if open_only else ""
        return self._conflicts(where, [])

    def conflict(self, conflict_id: int) -> ConflictRecord | None:
        found = self._conflicts("WHERE id = ?", [conflict_id])
        return found[0] if found else None

    def rows_with_open_conflicts(self) -> set[tuple[str, str]]:
        """(table, row id) of every open conflict (few: an import asks about its rows only
        when they are among them)."""
        rows = self._db.execute(
            "SELECT DISTINCT tbl, row_id FROM sync_conflict WHERE resolved_at IS NULL"
        ).fetchall()
        return {(str(r[0]), str(r[1])) for r in rows}

    def open_conflicts_for(self, table: str, row_id: str) -> list[ConflictRecord]:
        return self._conflicts(
            "WHERE tbl = ? AND row_id = ? AND resolved_at IS NULL", [table, row_id]
        )

    def mark_resolved(self, conflict_id: int, at: str) -> None:
        self._db.execute(
            "UPDATE sync_conflict SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
            [at, conflict_id],
        )

    def _conflicts(self, where: str, params: list[Any]) -> list[ConflictRecord]:
        rows = self._db.execute(
            "SELECT id, tbl, row_id, package_id, sender_id, local_row, local_vector, remote_row, "
            f"remote_vector, kept, detected_at, resolved_at FROM sync_conflict {where} ORDER BY id",
            params,
        ).fetchall()
        return [
            ConflictRecord(
                id=r[0],
                table=r[1],
                row_id=r[2],
                package_id=r[3],
                sender_id=r[4],
                local_row=json.loads(r[5]),
                local_vector=json.loads(r[6]),
                remote_row=json.loads(r[7]),
                remote_vector=json.loads(r[8]),
                kept=r[9],
                detected_at=r[10],
                resolved_at=r[11],
            )
            for r in rows
        ]
