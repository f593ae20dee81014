"""The office's officers (synced, scoped to the office's unit) and their PIN hashes (local)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from anninh_desktop.domain.officers import Officer
from anninh_desktop.domain.text import nfc
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_COLUMNS = "id, unit_id, name, rank, position, deleted"


@dataclass(frozen=True)
class StoredPin:
    salt: str
    digest: str
    iterations: int


def _officer(row: tuple[object, ...]) -> Officer:
    return Officer(
        id=str(row[0]),
        unit_id=None if row[1] is None else str(row[1]),
        name=str(row[2]),
        rank=str(row[3]),
        position=str(row[4]),
        active=not row[5],
    )


class OfficerRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, officer: Officer, at: datetime, stamp: ChangeStamp) -> None:
        """Add or change an officer (a removed one comes back when saved active)."""
        self._db.execute(
            "INSERT INTO officer (id, unit_id, name, rank, position, added_at, changed_by, "
            "change_seq, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, "
            "rank = excluded.rank, position = excluded.position, "
            "changed_by = excluded.changed_by, change_seq = excluded.change_seq, "
            "deleted = excluded.deleted",
            [
                officer.id,
                officer.unit_id,
                nfc(officer.name.strip()),
                nfc(officer.rank.strip()),
                nfc(officer.position.strip()),
                at.isoformat(),
                stamp.installation,
                stamp.seq,
                0 if officer.active else 1,
            ],
        )

    def get(self, officer_id: str) -> Officer | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM officer WHERE id = ?", [officer_id]
        ).fetchone()
        return None if row is None else _officer(row)

    def listed(self, unit_id: str | None, *, removed: bool = False) -> list[Officer]:
        """The officers of an office's unit (None: those added before the office was set up),
        by name; `removed` includes the ones taken off the list."""
        sql = f"SELECT {_COLUMNS} FROM officer WHERE unit_id IS ?"
        if not removed:
            sql += " AND deleted = 0"
        rows = self._db.execute(sql + " ORDER BY name, id", [unit_id]).fetchall()
        return [_officer(r) for r in rows]

    def all(self) -> list[Officer]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM officer ORDER BY name, id").fetchall()
        return [_officer(r) for r in rows]

    # PINs (never synced) ----------------------------------------------------------------------
    def pin(self, officer_id: str) -> StoredPin | None:
        row = self._db.execute(
            "SELECT salt, digest, iterations FROM officer_pin WHERE officer_id = ?", [officer_id]
        ).fetchone()
        return None if row is None else StoredPin(str(row[0]), str(row[1]), int(row[2]))

    def set_pin(self, officer_id: str, pin: StoredPin | None) -> None:
        self._db.execute("DELETE FROM officer_pin WHERE officer_id = ?", [officer_id])
        if pin is not None:
            self._db.execute(
                "INSERT INTO officer_pin (officer_id, salt, digest, iterations) VALUES (?,?,?,?)",
                [officer_id, pin.salt, pin.digest, pin.iterations],
            )
