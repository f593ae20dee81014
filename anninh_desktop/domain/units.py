"""Units that are certified, and the administrative units above them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.i18n import N_

# The day the two-level local government (34 provinces, 3,321 communes) took effect.
REORGANISATION_DATE = date(2025, 7, 1)


class UnitKind(enum.StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"  # historic only: abolished on 1 July 2025
    COMMUNE = "commune"
    RESIDENTIAL_AREA = "residential_area"
    AGENCY = "agency"
    ENTERPRISE = "enterprise"
    SCHOOL = "school"


UNIT_KIND_LABELS: dict[UnitKind, str] = {
    UnitKind.PROVINCE: N_("Province"),
    UnitKind.DISTRICT: N_("District"),
    UnitKind.COMMUNE: N_("Commune"),
    UnitKind.RESIDENTIAL_AREA: N_("Residential area"),
    UnitKind.AGENCY: N_("Agency"),
    UnitKind.ENTERPRISE: N_("Enterprise"),
    UnitKind.SCHOOL: N_("Educational establishment"),
}

# Kinds a user creates under a commune.
CHILD_KINDS = (UnitKind.RESIDENTIAL_AREA, UnitKind.AGENCY, UnitKind.ENTERPRISE, UnitKind.SCHOOL)
# Kinds that are certified against a criterion set.
CERTIFIED_KINDS = (UnitKind.COMMUNE, *CHILD_KINDS)


@dataclass(frozen=True)
class Unit:
    """An administrative or grassroots unit (province, commune, village, agency…)."""

    id: str
    kind: UnitKind
    name: str
    subtype: str = ""  # xã, phường, đặc khu, thị trấn, thôn, ấp, tổ dân phố…
    code: str = ""  # official code where one exists (2 digits province, 5 digits commune)
    parent_id: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None  # None: still exists
    successor_ids: tuple[str, ...] = field(default=())

    def is_current(self, on: date) -> bool:
        """Whether the unit exists on the given day."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to

    @property
    def is_historic(self) -> bool:
        return self.valid_to is not None

    @property
    def display_name(self) -> str:
        """Name with its subtype ("Xã Châu Hưng") unless the name already starts with it."""
        return display_name(self.subtype, self.name)


def display_name(subtype: str, name: str) -> str:
    """Name with its subtype ("Xã Châu Hưng") unless the name already starts with it."""
    if subtype and not name.lower().startswith(subtype.lower()):
        return f"{subtype[:1].upper()}{subtype[1:]} {name}"
    return name
