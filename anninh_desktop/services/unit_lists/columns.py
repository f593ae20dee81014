"""The list's columns and the words a file may use for them and for the kinds of unit.

Headers and kinds are recognised without diacritics or case ("Loai", "LOẠI", "Kind"), so a list
typed on a computer without a Vietnamese keyboard, or exported in English, reads the same.
"""

from __future__ import annotations

from anninh_desktop.domain.text import fold
from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.i18n import N_

COL_KIND, COL_NAME, COL_SUBTYPE = "kind", "name", "subtype"
REQUIRED = (COL_KIND, COL_NAME)

# The template's headers, in Vietnamese: the list is filled in by Vietnamese offices.
TEMPLATE_HEADERS = {COL_KIND: "Loại", COL_NAME: "Tên", COL_SUBTYPE: "Phân loại"}
# Kinds as the template writes them.
KIND_WORDS = {
    UnitKind.RESIDENTIAL_AREA: "Khu dân cư",
    UnitKind.AGENCY: "Cơ quan",
    UnitKind.ENTERPRISE: "Doanh nghiệp",
    UnitKind.SCHOOL: "Cơ sở giáo dục",
}
HEADER_LABELS = {
    COL_KIND: N_("Kind"),
    COL_NAME: N_("Name"),
    COL_SUBTYPE: N_("Subtype"),
}

_HEADER_WORDS = {
    COL_KIND: ("loai", "loai don vi", "kind", "type"),
    COL_NAME: ("ten", "ten don vi", "name"),
    COL_SUBTYPE: ("phan loai", "loai hinh", "subtype"),
}
_KIND_ALIASES = {
    UnitKind.RESIDENTIAL_AREA: ("khu dan cu", "kdc", "residential area", "residential_area"),
    UnitKind.AGENCY: ("co quan", "agency", "co quan to chuc"),
    UnitKind.ENTERPRISE: ("doanh nghiep", "dn", "enterprise", "cong ty"),
    UnitKind.SCHOOL: (
        "co so giao duc",
        "truong",
        "truong hoc",
        "school",
        "educational establishment",
    ),
}
_KINDS = {alias: kind for kind, aliases in _KIND_ALIASES.items() for alias in aliases}
_HEADERS = {word: column for column, words in _HEADER_WORDS.items() for word in words}


def column_of(header: str) -> str | None:
    """Which column a header names, if any."""
    return _HEADERS.get(fold(header).strip(" :*"))


def kind_of(text: str) -> UnitKind | None:
    """The kind a cell names (Vietnamese or English, with or without marks), if any."""
    kind = _KINDS.get(fold(text))
    return kind if kind in CHILD_KINDS else None
