"""The bundled catalogue of Vietnam's administrative units: current and historic, with succession.

`resources/units/` (made by `scripts/make_units_snapshot.py`, described in its SOURCE.md) holds the
34 provinces and 3,321 communes in force since 1 July 2025, the provinces, districts and communes
in force until 30 June 2025, and which current units took over each historic one.

Unit ids are derived from kind, official code and era, so the same official unit has the same id on
every computer (offices exchange data by USB); see `unit_id`.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
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

# Version 5 and the RFC 4122 variant in the 128 bits of a uuid5.
_UUID_MASK = 0xFFFFFFFF_FFFF_0FFF_3FFF_FFFFFFFFFFFF
_UUID5_BITS = 0x00000000_0000_5000_8000_000000000000
_SNAPSHOT_LINE = re.compile(r"<!--\s*snapshot:\s*([^;]+?)\s*;\s*(.+?)\s*-->")
_KINDS = {"province": UnitKind.PROVINCE, "district": UnitKind.DISTRICT, "commune": UnitKind.COMMUNE}
_NAMED = ("code", "name", "subtype")
_WITH_PROVINCE = (*_NAMED, "province_code")
_WITH_DISTRICT = (*_NAMED, "district_code")
_SUCCESSION = ("old_kind", "old_code", "new_kind", "new_code", "partly")


def unit_id(kind: UnitKind, code: str, era: str) -> str:
    """The id of an official unit: uuid5 over "vn-unit:<kind>:<code>:<era>", as 32 hex digits."""
    return _id_maker(kind, era)(code)


def _id_maker(kind: UnitKind, era: str) -> Callable[[str], str]:
    """`unit_id` for one kind and era; same as `uuid.uuid5(UNIT_ID_NAMESPACE, name).hex`, but
    without building UUID objects (loading makes some 14,000 ids)."""
    head = _NAMESPACE_BYTES + f"vn-unit:{kind.value}:".encode()
    tail = f":{era}".encode()
    sha1 = hashlib.sha1

    def make(code: str) -> str:
        digest = sha1(head + code.encode() + tail).digest()
        return "%032x" % (int.from_bytes(digest[:16], "big") & _UUID_MASK | _UUID5_BITS)

    return make


class UnitCatalog:
    """Official units with lookups by id and code, the parent tree and the succession links."""

    def __init__(
        self,
        current: Sequence[Unit],
        historic: Sequence[Unit],
        source: str,
        partial: Iterable[tuple[str, str]] = (),
    ) -> None:
        """`current` and `historic` in display order; `partial` holds (old id, new id) pairs."""
        self.source = source
        self._current = tuple(current)
        self._historic = tuple(historic)
        self._by_id = {u.id: u for u in self._current}
        self._by_id.update((u.id, u) for u in self._historic)
        self._current_by_code = {(u.kind, u.code): u for u in self._current}
        self._historic_by_code = {(u.kind, u.code): u for u in self._historic}
        self._partial = frozenset(partial)
        # Built on first use: most callers never ask.
        self._children: dict[str, list[Unit]] | None = None
        self._predecessors: dict[str, list[Unit]] | None = None

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Unit]:
        """Current units, then historic ones."""
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
        return self._current

    def historic_units(self) -> tuple[Unit, ...]:
        """Historic provinces, districts, then communes, each by code."""
        return self._historic

    def provinces(self) -> tuple[Unit, ...]:
        """The current provinces by code."""
        return tuple(u for u in self._current if u.kind is UnitKind.PROVINCE)

    def parent(self, unit: Unit | str) -> Unit | None:
        parent_id = self._unit(unit).parent_id
        return None if parent_id is None else self._by_id.get(parent_id)

    def children(self, unit: Unit | str) -> tuple[Unit, ...]:
        """Units whose parent is `unit`, by code (a province's communes, a district's communes…)."""
        if self._children is None:
            self._children = {}
            for child in (*self._current, *self._historic):
                if child.parent_id is not None:
                    self._children.setdefault(child.parent_id, []).append(child)
        return tuple(self._children.get(_id(unit), ()))

    def successors(self, unit: Unit | str) -> tuple[Unit, ...]:
        """The current units that took over a historic unit (empty for a current unit)."""
        return tuple(self._by_id[i] for i in self._unit(unit).successor_ids if i in self._by_id)

    def predecessors(self, unit: Unit | str, kind: UnitKind | None = None) -> tuple[Unit, ...]:
        """Historic units taken over (wholly or partly) by a current unit, optionally of one kind.

        A current commune's predecessors are historic communes and districts; a province's are
        historic provinces.
        """
        if self._predecessors is None:
            self._predecessors = {}
            for old in self._historic:
                for new_id in old.successor_ids:
                    self._predecessors.setdefault(new_id, []).append(old)
        found = self._predecessors.get(_id(unit), ())
        return tuple(u for u in found if kind is None or u.kind is kind)

    def partly_merged(self, old: Unit | str, new: Unit | str) -> bool:
        """Whether only part of `old` went into `new`: a commune the conversion table marks as
        "Nhập một phần", or a district split among several communes."""
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
    # Some 30,000 long-lived objects: cyclic garbage collection passes would only slow this down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load((resources or resources_dir()) / "units")
    finally:
        if collecting:
            gc.enable()


def _load(folder: Path) -> UnitCatalog:
    province, district, commune = UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE

    provinces, province_ids = _build(province, CURRENT_ERA, _rows(folder, "provinces", _NAMED))
    communes, commune_ids = _build(
        commune, CURRENT_ERA, _rows(folder, "communes", _WITH_PROVINCE), parents=province_ids
    )

    # Successor ids per historic kind and code, and the (old kind, old code, new id) partial rows.
    new_ids = {province: province_ids, commune: commune_ids}
    successors: dict[UnitKind, dict[str, list[str]]] = {province: {}, district: {}, commune: {}}
    partly: list[tuple[UnitKind, str, str]] = []
    for old_kind, old_code, new_kind, new_code, part in _rows(folder, "successions", _SUCCESSION):
        kind = _KINDS[old_kind]
        new_id = new_ids[_KINDS[new_kind]][new_code]
        successors[kind].setdefault(old_code, []).append(new_id)
        if part == "1":
            partly.append((kind, old_code, new_id))

    def historic(
        kind: UnitKind, stem: str, header: tuple[str, ...], parents: dict[str, str] | None
    ) -> tuple[list[Unit], dict[str, str]]:
        return _build(kind, HISTORIC_ERA, _rows(folder, stem, header), parents, successors[kind])

    old_provinces, old_province_ids = historic(province, "historic-provinces", _NAMED, None)
    old_districts, old_district_ids = historic(
        district, "historic-districts", _WITH_PROVINCE, old_province_ids
    )
    old_communes, old_commune_ids = historic(
        commune, "historic-communes", _WITH_DISTRICT, old_district_ids
    )
    old_ids = {province: old_province_ids, district: old_district_ids, commune: old_commune_ids}
    partial = [(old_ids[kind][code], new_id) for kind, code, new_id in partly]
    return UnitCatalog(
        [*provinces, *communes],
        [*old_provinces, *old_districts, *old_communes],
        _source(folder),
        partial,
    )


def _build(
    kind: UnitKind,
    era: str,
    rows: list[list[str]],
    parents: dict[str, str] | None = None,
    successors: dict[str, list[str]] | None = None,
) -> tuple[list[Unit], dict[str, str]]:
    """Units of one kind and era from (code, name, subtype[, parent code]) rows, and their ids by
    code. Historic units (with `successors`) end on HISTORIC_TO; current ones start on CURRENT_FROM.
    """
    make = _id_maker(kind, era)
    ids: dict[str, str] = {}
    units: list[Unit] = []
    append = units.append
    valid_from, valid_to = (None, HISTORIC_TO) if successors is not None else (CURRENT_FROM, None)
    following = successors or {}
    for row in rows:
        code = row[0]
        ids[code] = this = make(code)
        parent = None if parents is None else parents[row[3]]
        # Positional for speed (some 14,000 units): Unit's field order.
        append(
            Unit(
                this,
                kind,
                row[1],
                row[2],
                code,
                parent,
                valid_from,
                valid_to,
                tuple(following.get(code, ())),
            )
        )
    return units, ids


def _rows(folder: Path, stem: str, header: tuple[str, ...]) -> list[list[str]]:
    """The data rows of `<stem>.csv` or `<stem>.csv.gz`, after checking the header.

    The snapshot script guarantees plain CSV (no quotes, commas or line breaks inside fields), so a
    split is enough - and several times faster than the csv module.
    """
    plain = folder / f"{stem}.csv"
    if plain.exists():
        data = plain.read_bytes()
    else:
        data = gzip.decompress((folder / f"{stem}.csv.gz").read_bytes())
    lines = data.decode("utf-8").split("\n")
    if not lines or tuple(lines[0].split(",")) != header:
        raise ValueError(f"{stem}: unexpected header {lines[:1]}, expected {list(header)}")
    width = len(header)
    rows = [line.split(",") for line in lines[1:] if line]
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{stem}: bad row {row}")
    return rows


def _source(folder: Path) -> str:
    """The catalogue's source, "QĐ 19/2025/QĐ-TTg snapshot of <date> (<package>)", from the
    marker comment on SOURCE.md's first line."""
    try:
        first = (folder / "SOURCE.md").read_text(encoding="utf-8").split("\n", 1)[0]
    except OSError:
        first = ""
    match = _SNAPSHOT_LINE.search(first)
    if match is None:
        return "QĐ 19/2025/QĐ-TTg snapshot"
    return f"QĐ 19/2025/QĐ-TTg snapshot of {match[1]} ({match[2]})"
