"""Who issues a dossier, its number's abbreviation, the place of the date line, the addressee."""

from __future__ import annotations

import pytest

from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.services.dossier.office import (
    UnitChain,
    office_for,
    running_name,
    subtype_abbreviation,
)

PROVINCE = Unit(id="p", kind=UnitKind.PROVINCE, name="Cà Mau", subtype="tỉnh", code="96")
CITY = Unit(id="c", kind=UnitKind.PROVINCE, name="Hà Nội", subtype="thành phố", code="01")


def _commune(subtype: str, name: str) -> Unit:
    return Unit(
        id="x", kind=UnitKind.COMMUNE, name=name, subtype=subtype, code="32092", parent_id="p"
    )


@pytest.mark.parametrize(
    ("subtype", "abbreviation"),
    [
        ("xã", "X"),
        ("phường", "P"),
        ("đặc khu", "ĐK"),
        ("thị trấn", "TT"),
        ("Xã", "X"),
        ("khu mới", "KM"),
    ],
)
def test_subtype_abbreviations(subtype: str, abbreviation: str) -> None:
    assert subtype_abbreviation(subtype) == abbreviation


def test_a_commune_is_issued_by_its_police_under_the_province_police() -> None:
    commune = _commune("xã", "Hồ Thị Kỷ")
    office = office_for(
        UnitChain(unit=commune, parent=PROVINCE, commune=commune, province=PROVINCE)
    )
    assert office.parent_line == "CÔNG AN TỈNH CÀ MAU"
    assert office.own_line == "CÔNG AN XÃ HỒ THỊ KỶ"
    assert office.name == "Công an xã Hồ Thị Kỷ"
    assert office.abbreviation == "CAX"
    assert office.numbering_key == "CAX:32092"
    assert office.place == "Hồ Thị Kỷ"
    assert office.commander_title == "TRƯỞNG CÔNG AN XÃ"


def test_a_ward_of_a_city_and_a_numbered_ward() -> None:
    ward = Unit(
        id="w", kind=UnitKind.COMMUNE, name="1", subtype="phường", code="00001", parent_id="c"
    )
    office = office_for(UnitChain(unit=ward, parent=CITY, commune=ward, province=CITY))
    assert office.parent_line == "CÔNG AN THÀNH PHỐ HÀ NỘI"
    assert office.own_line == "CÔNG AN PHƯỜNG 1"
    assert office.abbreviation == "CAP"
    assert office.place == "Phường 1"  # a bare number is no place name


def test_units_under_a_commune_are_issued_by_the_commune_police() -> None:
    commune = _commune("đặc khu", "Phú Quốc")
    hamlet = Unit(
        id="a", kind=UnitKind.RESIDENTIAL_AREA, name="Tân Hưng", subtype="ấp", parent_id="x"
    )
    office = office_for(UnitChain(unit=hamlet, parent=commune, commune=commune, province=PROVINCE))
    assert office.own_line == "CÔNG AN ĐẶC KHU PHÚ QUỐC"
    assert office.abbreviation == "CAĐK"
    assert running_name(hamlet) == "ấp Tân Hưng"
    school = Unit(id="s", kind=UnitKind.SCHOOL, name="Trường THCS Hồ Thị Kỷ", parent_id="x")
    assert running_name(school) == "Trường THCS Hồ Thị Kỷ"


def test_a_unit_without_a_commune_issues_its_own_dossier() -> None:
    agency = Unit(id="g", kind=UnitKind.AGENCY, name="Sở Tư pháp", parent_id="p")
    office = office_for(UnitChain(unit=agency, parent=PROVINCE, commune=None, province=PROVINCE))
    assert office.own_line == "SỞ TƯ PHÁP"
    assert office.parent_line == "TỈNH CÀ MAU"
    assert office.abbreviation == "STP"
