"""Who issues a unit's dossier, and how the unit and its office are named in the documents.

The rule (docs/dossier.md): the dossier of a commune and of every unit under it (residential areas,
agencies, enterprises, schools) is issued by that commune's police (Công an xã / phường / đặc khu),
whose parent body is the province police. The number's issuer abbreviation is "CA" plus the
abbreviation of the commune's subtype: CAX (xã), CAP (phường), CAĐK (đặc khu), CATT (thị trấn).
Numbers are counted per commune police (the key adds the commune's code), per kind and per year.
A unit with no commune above it is its own issuer (abbreviation from the initials of its name).
"""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.services.dossier.templates import fragments
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class Office:
    parent_line: str  # "CÔNG AN TỈNH CÀ MAU" (not bold); "" when there is none
    own_line: str  # "CÔNG AN XÃ HỒ THỊ KỶ" (bold)
    name: str  # in running text: "Công an xã Hồ Thị Kỷ"
    abbreviation: str  # in the number: "CAX"
    numbering_key: str  # numbers count per this key: "CAX:32092"
    place: str  # in "Hồ Thị Kỷ, ngày … tháng … năm …"
    commander_title: str  # "TRƯỞNG CÔNG AN XÃ"


@dataclass(frozen=True)
class UnitChain:
    unit: Unit
    parent: Unit | None
    commune: Unit | None
    province: Unit | None


def unit_chain(ws: Workspace, unit_id: str) -> UnitChain:
    """The unit with its parent, its commune (itself for a commune) and its province."""
    units = ws.store.units
    unit = units.get(unit_id)
    parent = units.get(unit.parent_id) if unit.parent_id else None
    commune = province = None
    current: Unit | None = unit
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.kind is UnitKind.COMMUNE and commune is None:
            commune = current
        if current.kind is UnitKind.PROVINCE:
            province = current
            break
        current = units.get(current.parent_id) if current.parent_id else None
    return UnitChain(unit=unit, parent=parent, commune=commune, province=province)


def running_name(unit: Unit) -> str:
    """The unit's name inside a sentence: "xã Hồ Thị Kỷ", "ấp Tân Hưng", "Trường THCS …"."""
    display = unit.display_name
    if unit.subtype and display != unit.name:
        return nfc(f"{unit.subtype.lower()} {unit.name}")
    return nfc(display)


def _upper(text: str) -> str:
    return nfc(text).upper()


def _initials(text: str) -> str:
    return "".join(word[0] for word in nfc(text).split() if word[:1].isalnum()).upper()


def subtype_abbreviation(subtype: str) -> str:
    """X for xã, P for phường… (resources/templates/fragments.txt), else the subtype's initials."""
    table: dict[str, str] = {}
    for line in fragments().lines("subtype_abbreviations"):
        key, _sep, value = line.partition("=")
        table[nfc(key.strip().lower())] = value.strip()
    return table.get(nfc(subtype.strip().lower()), _initials(subtype))


def office_for(chain: UnitChain) -> Office:
    """The issuing office of the dossier of `chain.unit` (see the module's rule)."""
    f = fragments()
    commune, province = chain.commune, chain.province
    if commune is not None:
        values = {
            "province_upper": _upper(province.display_name) if province else "",
            "commune_upper": _upper(commune.display_name),
            "commune_name": running_name(commune),
            "commune_subtype_upper": _upper(commune.subtype),
        }
        abbreviation = f.get("abbreviation_prefix") + subtype_abbreviation(commune.subtype)
        return Office(
            parent_line=f.get("office_parent", **values) if province else "",
            own_line=f.get("office_own", **values),
            name=f.get("office_name", **values),
            abbreviation=abbreviation,
            numbering_key=f"{abbreviation}:{commune.code or commune.id}",
            place=_place(commune),
            commander_title=f.get("commander_title", **values),
        )
    unit = chain.unit
    abbreviation = _initials(unit.display_name) or "DV"
    return Office(
        parent_line=_upper(chain.parent.display_name) if chain.parent else "",
        own_line=_upper(unit.display_name),
        name=unit.display_name,
        abbreviation=abbreviation,
        numbering_key=f"{abbreviation}:{unit.code or unit.id}",
        place=_place(chain.parent or unit),
        commander_title=_upper(unit.display_name),
    )


def _place(unit: Unit) -> str:
    """The place name of the date line: the commune's own name ("Hồ Thị Kỷ"), or "Phường 1"."""
    name = nfc(unit.name.strip())
    return unit.display_name if not name or name.isdigit() else name
