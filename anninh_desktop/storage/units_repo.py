"""Units and their succession links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.domain.units import CHILD_KINDS, Unit, UnitKind, display_name
from anninh_desktop.storage.codec import date_to_text, text_to_date
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_COLUMNS = "id, kind, subtype, name, code, parent_id, valid_from, valid_to"


def _row_to_unit(row: Sequence[Any], successors: tuple[str, ...] = ()) -> Unit:
    return Unit(
        id=row[0],
        kind=UnitKind(row[1]),
        subtype=row[2],
        name=row[3],
        code=row[4],
        parent_id=row[5],
        valid_from=text_to_date(row[6]),
        valid_to=text_to_date(row[7]),
        successor_ids=successors,
    )


class UnitEntry(NamedTuple):
    """A unit as the navigator's tree and search index need it, with its stored folded name.

    A flat tuple, not a `Unit`: the tree is built from thousands of them at every start.
    """

    id: str
    kind: UnitKind
    subtype: str
    name: str
    code: str
    parent_id: str | None
    valid_from: date | None
    valid_to: date | None
    name_folded: str

    @property
    def display_name(self) -> str:
        return display_name(self.subtype, self.name)

    @property
    def is_historic(self) -> bool:
        return self.valid_to is not None

    def to_unit(self) -> Unit:
        return Unit(
            id=self.id,
            kind=self.kind,
            name=self.name,
            subtype=self.subtype,
            code=self.code,
            parent_id=self.parent_id,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )


_CHILD_KIND_VALUES = tuple(k.value for k in CHILD_KINDS)


_KINDS = {k.value: k for k in UnitKind}


def _entries(rows: Iterable[Sequence[Any]]) -> list[UnitEntry]:
    """Entries of thousands of rows: kinds and dates looked up, not parsed per row."""
    dates: dict[str | None, date | None] = {None: None, "": None}
    out: list[UnitEntry] = []
    for r in rows:
        start, end = r[6], r[7]
        if start not in dates:
            dates[start] = text_to_date(start)
        if end not in dates:
            dates[end] = text_to_date(end)
        out.append(
            UnitEntry(r[0], _KINDS[r[1]], r[2], r[3], r[4], r[5], dates[start], dates[end], r[8])
        )
    return out


class UnitRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _record(self, unit: Unit, stamp: ChangeStamp | None) -> dict[str, object]:
        record: dict[str, object] = {
            "id": unit.id,
            "kind": unit.kind.value,
            "subtype": nfc(unit.subtype),
            "name": nfc(unit.name),
            "name_folded": fold(unit.name),
            "code": unit.code,
            "parent_id": unit.parent_id,
            "valid_from": date_to_text(unit.valid_from),
            "valid_to": date_to_text(unit.valid_to),
        }
        if stamp is not None:
            record.update(stamp.columns())
        return record

    def save(self, unit: Unit, stamp: ChangeStamp) -> None:
        self._db["unit"].upsert(self._record(unit, stamp), pk="id")
        self._db.execute("DELETE FROM unit_succession WHERE predecessor_id = ?", [unit.id])
        for successor in unit.successor_ids:
            self._db.execute(
                "INSERT INTO unit_succession(predecessor_id, successor_id) VALUES (?, ?)",
                [unit.id, successor],
            )

    def bulk_insert_reference(self, units: Iterable[Unit]) -> int:
        """Insert official units (shared reference data, same ids everywhere); existing ids are kept."""
        rank = {UnitKind.PROVINCE: 0, UnitKind.DISTRICT: 1, UnitKind.COMMUNE: 2}
        ordered = sorted(units, key=lambda u: rank.get(u.kind, 3))  # parents before children
        rows = [self._record(u, None) for u in ordered]
        self._db["unit"].insert_all(rows, pk="id", ignore=True, batch_size=2000)
        links = [
            {"predecessor_id": u.id, "successor_id": s} for u in ordered for s in u.successor_ids
        ]
        self._db["unit_succession"].insert_all(
            links, pk=("predecessor_id", "successor_id"), ignore=True, batch_size=5000
        )
        return len(rows)

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM unit WHERE deleted = 0").fetchone()[0])

    def get(self, unit_id: str) -> Unit:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM unit WHERE id = ? AND deleted = 0", [unit_id]
        ).fetchone()
        if row is None:
            raise KeyError(unit_id)
        return _row_to_unit(row, self._successors(unit_id))

    def _successors(self, unit_id: str) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT successor_id FROM unit_succession WHERE predecessor_id = ? ORDER BY successor_id",
            [unit_id],
        ).fetchall()
        return tuple(r[0] for r in rows)

    def predecessors(self, unit_id: str) -> list[Unit]:
        rows = self._db.execute(
            f"SELECT {', '.join('u.' + c.strip() for c in _COLUMNS.split(','))} FROM unit u "
            "JOIN unit_succession s ON s.predecessor_id = u.id WHERE s.successor_id = ? "
            "ORDER BY u.code",
            [unit_id],
        ).fetchall()
        return [_row_to_unit(r) for r in rows]

    def by_code(self, code: str, *, current_only: bool = True) -> Unit | None:
        sql = f"SELECT {_COLUMNS} FROM unit WHERE code = ? AND deleted = 0"
        if current_only:
            sql += " AND valid_to IS NULL"
        row = self._db.execute(sql, [code]).fetchone()
        return _row_to_unit(row) if row else None

    def children(self, parent_id: str | None, *, include_historic: bool = False) -> list[Unit]:
        sql = f"SELECT {_COLUMNS} FROM unit WHERE deleted = 0 AND "
        sql += "parent_id IS NULL" if parent_id is None else "parent_id = ?"
        if not include_historic:
            sql += " AND valid_to IS NULL"
        sql += " ORDER BY kind, name"
        params = [] if parent_id is None else [parent_id]
        return [_row_to_unit(r) for r in self._db.execute(sql, params).fetchall()]

    def search(self, text: str, *, limit: int = 50, include_historic: bool = False) -> list[Unit]:
        """Units whose folded name contains the folded text ("chau hung" finds "Châu Hưng")."""
        sql = f"SELECT {_COLUMNS} FROM unit WHERE deleted = 0 AND name_folded LIKE ?"
        if not include_historic:
            sql += " AND valid_to IS NULL"
        sql += " ORDER BY length(name), name LIMIT ?"
        rows = self._db.execute(sql, [f"%{fold(text)}%", limit]).fetchall()
        return [_row_to_unit(r) for r in rows]

    def of_kinds(self, kinds: Iterable[UnitKind], parent_id: str | None = None) -> list[Unit]:
        kind_values = [k.value for k in kinds]
        marks = ",".join("?" for _ in kind_values)
        sql = f"SELECT {_COLUMNS} FROM unit WHERE deleted = 0 AND kind IN ({marks})"
        params: list[object] = list(kind_values)
        if parent_id is not None:
            sql += " AND parent_id = ?"
            params.append(parent_id)
        sql += " ORDER BY name"
        return [_row_to_unit(r) for r in self._db.execute(sql, params).fetchall()]

    # navigator ---------------------------------------------------------------------------
    def in_use_with_ancestors(self, *, with_predecessors: bool = False) -> list[UnitEntry]:
        """Units created under communes or having an assessment, plus every unit above them.

        With `with_predecessors`, the historic units these units replaced (followed back through
        every reorganisation) are included too, again with their ancestors.
        """
        marks = ",".join("?" for _ in _CHILD_KIND_VALUES)
        back = ""
        if with_predecessors:
            back = (
                ", back(id) AS (SELECT id FROM seed UNION "
                "SELECT s.predecessor_id FROM unit_succession s JOIN back ON s.successor_id = back.id)"
            )
        sql = (
            "WITH RECURSIVE seed(id) AS ("
            f"SELECT id FROM unit WHERE deleted = 0 AND kind IN ({marks}) "
            "UNION SELECT unit_id FROM assessment WHERE deleted = 0)"
            f"{back}, up(id) AS (SELECT id FROM {'back' if with_predecessors else 'seed'} "
            "UNION SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id "
            "WHERE u.parent_id IS NOT NULL) "
            f"SELECT {_COLUMNS}, name_folded FROM unit "
            "WHERE deleted = 0 AND id IN (SELECT id FROM up)"
        )
        return _entries(self._db.execute(sql, list(_CHILD_KIND_VALUES)).fetchall())

    def all_entries(self, *, include_historic: bool = False) -> list[UnitEntry]:
        """Every unit (current ones only unless `include_historic`), in one query."""
        sql = f"SELECT {_COLUMNS}, name_folded FROM unit WHERE deleted = 0"
        if not include_historic:
            sql += " AND valid_to IS NULL"
        return _entries(self._db.execute(sql).fetchall())
