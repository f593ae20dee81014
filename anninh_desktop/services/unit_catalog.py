"""The bundled catalogue of Vietnam's administrative units: current and historic, with succession.

`resources/units/` (made by `scripts/make_units_snapshot.py`, described in its SOURCE.md) holds the
34 provinces and 3,321 communes in force since 1 July 2025, the provinces, districts and communes
in force until 30 June 2025, and which current units took over each historic one.

Unit ids are derived from kind, official code and era, so the same official unit has the same id on
every computer (offices exchange data by USB); see `unit_id`.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from anninh_desktop.domain.units import REORGANISATION_DATE, Unit, UnitKind
from anninh_desktop.locations import resources_dir

CURRENT_FROM = REORGANISATION_DATE
HISTORIC_TO = REORGANISATION_DATE - timedelta(days=1)
# Era tags inside unit ids: the same code names different units before and after 1 July 2025.
CURRENT_ERA = "2025-07-01"
HISTORIC_ERA = "pre-2025-07-01"
# uuid5(NAMESPACE_DNS, "vn-unit.anninh-desktop"). Never change it: ids are stored and exchanged.
UNIT_ID_NAMESPACE = uuid.UUID("8c0ae7d1-c803-51b2-ad55-1248a2be79ad")
_NAMESPACE_BYTES = UNIT_ID_NAMESPACE.bytes

_SNAPSHOT_LINE = re.compile(r"<!--\s*snapshot:\s*([^;]+?)\s*;\s*(.+?)\s*-->")
_KINDS = {"province": UnitKind.PROVINCE, "district": UnitKind.DISTRICT, "commune": UnitKind.COMMUNE}
_NAMED = ("code", "name", "subtype")


def unit_id(kind: UnitKind, code: str, era: str) -> str:
    """The id of an official unit: uuid5 over "vn-unit:<kind>:<code>:<era>", as 32 hex digits.

    Same result as `uuid.uuid5(UNIT_ID_NAMESPACE, name).hex`, computed without building UUID objects
    (loading makes some 14,000 of them).
    """
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + f"vn-unit:{kind.value}:{code}:{era}".encode()).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return digest.hex()


class UnitCatalog:
    """Official units with lookups by id and code, the parent tree and the succession links."""

    def __init__(
        self,
        units: Iterable[Unit],
        source: str,
        partial: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.source = source
        self._by_id: dict[str, Unit] = {}
        self._current: list[Unit] = []
        self._historic: list[Unit] = []
        self._current_by_code: dict[tuple[UnitKind, str], Unit] = {}
        self._historic_by_code: dict[tuple[UnitKind, str], Unit] = {}
        self._children: dict[str, list[Unit]] = {}
        self._predecessors: dict[str, list[Unit]] = {}
        self._partial = frozenset(partial)
        for unit in units:
            self._by_id[unit.id] = unit
            if unit.is_historic:
                self._historic.append(unit)
                self._historic_by_code[unit.kind, unit.code] = unit
                for successor in unit.successor_ids:
                    self._predecessors.setdefault(successor, []).append(unit)
            else:
                self._current.append(unit)
                self._current_by_code[unit.kind, unit.code] = unit
            if unit.parent_id is not None:
                self._children.setdefault(unit.parent_id, []).append(unit)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._by_id.values())

    def __contains__(self, unit: object) -> bool:
        key = unit.id if isinstance(unit, Unit) else unit
        return isinstance(key, str) and key in self._by_id

    def get(self, unit_id: str) -> Unit | None:
        return self._by_id.get(unit_id)

    def by_code(self, code: str, kind: UnitKind | None = None) -> Unit | None:
        """The current unit with this official code ("96", "32248"); codes are zero-padded."""
        return self._lookup(self._current_by_code, code, kind)

    def historic_by_code(self, code: str, kind: UnitKind | None = None) -> Unit | None:
        """The historic (until 30 June 2025) unit with this code ("95", "958", "31900")."""
        return self._lookup(self._historic_by_code, code, kind)

    def current_units(self) -> tuple[Unit, ...]:
        """Provinces, then communes, each by code."""
        return tuple(self._current)

    def historic_units(self) -> tuple[Unit, ...]:
        """Historic provinces, districts, then communes, each by code."""
        return tuple(self._historic)

    def provinces(self) -> tuple[Unit, ...]:
        """The current provinces by code."""
        return tuple(u for u in self._current if u.kind is UnitKind.PROVINCE)

    def parent(self, unit: Unit | str) -> Unit | None:
        parent_id = self._unit(unit).parent_id
        return None if parent_id is None else self._by_id.get(parent_id)

    def children(self, unit: Unit | str) -> tuple[Unit, ...]:
        """Units whose parent is `unit`, by code (a province's communes, a district's communes…)."""
        return tuple(self._children.get(_id(unit), ()))

    def successors(self, unit: Unit | str) -> tuple[Unit, ...]:
        """The current units that took over a historic unit (empty for a current unit)."""
        return tuple(self._by_id[i] for i in self._unit(unit).successor_ids if i in self._by_id)

    def predecessors(self, unit: Unit | str, kind: UnitKind | None = None) -> tuple[Unit, ...]:
        """Historic units taken over (wholly or partly) by a current unit, optionally of one kind.

        A current commune's predecessors are historic communes and districts; a province's are
        historic provinces.
        """
        found = self._predecessors.get(_id(unit), ())
        return tuple(u for u in found if kind is None or u.kind is kind)

    def partly_merged(self, old: Unit | str, new: Unit | str) -> bool:
        """Whether only part of `old` went into `new` (the conversion table's "Nhập một phần")."""
        return (_id(old), _id(new)) in self._partial

    def _unit(self, unit: Unit | str) -> Unit:
        return unit if isinstance(unit, Unit) else self._by_id[unit]

    @staticmethod
    def _lookup(
        table: dict[tuple[UnitKind, str], Unit], code: str, kind: UnitKind | None
    ) -> Unit | None:
        if kind is not None:
            return table.get((kind, code))
        for each in (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE):
            found = table.get((each, code))
            if found is not None:
                return found
        return None


def _id(unit: Unit | str) -> str:
    return unit.id if isinstance(unit, Unit) else unit


def load_catalog(resources: Path | None = None) -> UnitCatalog:
    """Read the snapshot from `resources/units/` (default: the program's resources folder)."""
    folder = (resources or resources_dir()) / "units"
    current_ids: dict[tuple[UnitKind, str], str] = {}
    units: list[Unit] = []

    for code, name, subtype in _rows(folder, "provinces", _NAMED):
        units.append(_current(UnitKind.PROVINCE, code, name, subtype, None, current_ids))
    for code, name, subtype, province in _rows(folder, "communes", (*_NAMED, "province_code")):
        parent = current_ids[UnitKind.PROVINCE, province]
        units.append(_current(UnitKind.COMMUNE, code, name, subtype, parent, current_ids))

    successors: dict[tuple[UnitKind, str], list[str]] = {}
    partial: list[tuple[str, str]] = []
    header = ("old_kind", "old_code", "new_kind", "new_code", "partly")
    for old_kind, old_code, new_kind, new_code, partly in _rows(folder, "successions", header):
        old = (_KINDS[old_kind], old_code)
        new_id = current_ids[_KINDS[new_kind], new_code]
        successors.setdefault(old, []).append(new_id)
        if partly == "1":
            partial.append((unit_id(old[0], old_code, HISTORIC_ERA), new_id))

    def historic(kind: UnitKind, row: list[str], parent_kind: UnitKind | None) -> Unit:
        code, name, subtype = row[:3]
        parent = None if parent_kind is None else unit_id(parent_kind, row[3], HISTORIC_ERA)
        return Unit(
            id=unit_id(kind, code, HISTORIC_ERA),
            kind=kind,
            name=name,
            subtype=subtype,
            code=code,
            parent_id=parent,
            valid_to=HISTORIC_TO,
            successor_ids=tuple(successors.get((kind, code), ())),
        )

    units.extend(
        historic(UnitKind.PROVINCE, row, None)
        for row in _rows(folder, "historic-provinces", _NAMED)
    )
    units.extend(
        historic(UnitKind.DISTRICT, row, UnitKind.PROVINCE)
        for row in _rows(folder, "historic-districts", (*_NAMED, "province_code"))
    )
    units.extend(
        historic(UnitKind.COMMUNE, row, UnitKind.DISTRICT)
        for row in _rows(folder, "historic-communes", (*_NAMED, "district_code"))
    )
    return UnitCatalog(units, _source(folder), partial)


def _current(
    kind: UnitKind,
    code: str,
    name: str,
    subtype: str,
    parent_id: str | None,
    ids: dict[tuple[UnitKind, str], str],
) -> Unit:
    ids[kind, code] = this = unit_id(kind, code, CURRENT_ERA)
    return Unit(
        id=this,
        kind=kind,
        name=name,
        subtype=subtype,
        code=code,
        parent_id=parent_id,
        valid_from=CURRENT_FROM,
    )


def _rows(folder: Path, stem: str, header: tuple[str, ...]) -> list[list[str]]:
    """The data rows of `<stem>.csv` or `<stem>.csv.gz`, after checking the header."""
    plain = folder / f"{stem}.csv"
    if plain.exists():
        text = plain.read_text(encoding="utf-8")
    else:
        text = gzip.decompress((folder / f"{stem}.csv.gz").read_bytes()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != header:
        raise ValueError(f"{stem}: unexpected header {rows[:1]}, expected {list(header)}")
    return rows[1:]


def _source(folder: Path) -> str:
    """ "QĐ 19/2025/QĐ-TTg snapshot of <date> (<package>)" from SOURCE.md's first line."""
    try:
        first = (folder / "SOURCE.md").read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        first = ""
    match = _SNAPSHOT_LINE.search(first)
    if match is None:
        return "QĐ 19/2025/QĐ-TTg snapshot"
    return f"QĐ 19/2025/QĐ-TTg snapshot of {match[1]} ({match[2]})"
