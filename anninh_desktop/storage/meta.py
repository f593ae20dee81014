"""This installation's identity and its change counter (which installation last changed a row)."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.storage.database import Database


@dataclass(frozen=True)
class ChangeStamp:
    """The author and change number written on a changed row."""

    installation: str
    seq: int

    def columns(self) -> dict[str, object]:
        return {"changed_by": self.installation, "change_seq": self.seq}


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def current_counter(db: Database) -> int:
    """The last change sequence number given out here (0 before the first change)."""
    return int(get_meta(db, "change_counter") or 0)


def installation_id(db: Database) -> str:
    """The random id of this installation, created on first use."""
    current = get_meta(db, "installation_id")
    if current:
        return current
    import uuid  # here: `uuid` imports `platform`, which a start that only reads does not need

    new = uuid.uuid4().hex
    db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('installation_id', ?)", [new])
    return get_meta(db, "installation_id") or new


def next_stamp(db: Database) -> ChangeStamp:
    """Advance this installation's counter; call inside the transaction that writes the row."""
    ident = installation_id(db)
    db.execute(
        "INSERT INTO meta(key, value) VALUES ('change_counter', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )
    seq = int(get_meta(db, "change_counter") or "1")
    return ChangeStamp(ident, seq)
