"""The bundled snapshot of administrative units and its loader (no Qt, no database)."""

from __future__ import annotations

import gzip
import shutil
import unicodedata
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from anninh_desktop.domain.units import REORGANISATION_DATE, Unit, UnitKind
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.unit_catalog import (
    CURRENT_ERA,
    HISTORIC_ERA,
    HISTORIC_TO,
    UNIT_ID_NAMESPACE,
    UnitCatalog,
    load_catalog,
    unit_id,
)

PROVINCE, DISTRICT, COMMUNE = UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE
CODE_LENGTH = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}


@pytest.fixture(scope="module")
def catalog() -> UnitCatalog:
    return load_catalog()


def of_kind(units: tuple[Unit, ...], kind: UnitKind) -> list[Unit]:
    return [u for u in units if u.kind is kind]


def names(units: tuple[Unit, ...] | list[Unit]) -> list[str]:
    return [u.display_name for u in units]


# --- current units -------------------------------------------------------------------------------


def test_current_counts(catalog: UnitCatalog) -> None:
    current = catalog.current_units()
    assert len(of_kind(current, PROVINCE)) == 34
    assert len(of_kind(current, COMMUNE)) == 3321
    assert Counter(u.subtype for u in of_kind(current, PROVINCE)) == {"tỉnh": 28, "thành phố": 6}
    assert Counter(u.subtype for u in of_kind(current, COMMUNE)) == {
        "xã": 2621,
        "phường": 687,
        "đặc khu": 13,
    }
    assert catalog.provinces() == tuple(of_kind(current, PROVINCE))


def test_historic_counts(catalog: UnitCatalog) -> None:
    historic = catalog.historic_units()
    assert Counter(u.subtype for u in of_kind(historic, PROVINCE)) == {"tỉnh": 57, "thành phố": 6}
    assert Counter(u.subtype for u in of_kind(historic, DISTRICT)) == {
        "huyện": 509,
        "thành phố": 86,
        "thị xã": 52,
        "quận": 49,
    }
    # 10,051 communes of the 2025-01-04 list, less 28 the conversion table no longer knows.
    assert Counter(u.subtype for u in of_kind(historic, COMMUNE)) == {
        "xã": 7698,
        "phường": 1709,
        "thị trấn": 616,
    }
    assert len(catalog) == len(catalog.current_units()) + len(historic) == 3355 + 10782


def test_codes_are_unique_padded_and_sorted(catalog: UnitCatalog) -> None:
    for units in (catalog.current_units(), catalog.historic_units()):
        for kind in (PROVINCE, DISTRICT, COMMUNE):
            codes = [u.code for u in of_kind(units, kind)]
            assert len(codes) == len(set(codes))
            assert codes == sorted(codes)
            assert all(c.isdigit() and len(c) == CODE_LENGTH[kind] for c in codes)
    assert not of_kind(catalog.current_units(), DISTRICT)


def test_ids_are_unique(catalog: UnitCatalog) -> None:
    ids = [u.id for u in catalog]
    assert len(ids) == len(set(ids)) == len(catalog)
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_all_text_is_nfc_and_trimmed(catalog: UnitCatalog) -> None:
    for unit in catalog:
        for text in (unit.name, unit.subtype, unit.code):
            assert unicodedata.is_normalized("NFC", text), text
            assert text == " ".join(text.split()), text
        assert unit.name and unit.subtype


def test_names_carry_no_type_prefix(catalog: UnitCatalog) -> None:
    named_like_their_type = []
    for unit in catalog:
        if unit.name.lower().startswith(unit.subtype):
            named_like_their_type.append(unit.name)
            assert unit.display_name == unit.name
        else:
            assert unit.display_name == f"{unit.subtype[:1].upper()}{unit.subtype[1:]} {unit.name}"
    # Officially "Phường Phường Đúc" (Huế, until 2025): shown as "Phường Đúc".
    assert named_like_their_type == ["Phường Đúc"]


def test_validity(catalog: UnitCatalog) -> None:
    for unit in catalog.current_units():
        assert (unit.valid_from, unit.valid_to, unit.successor_ids) == (
            REORGANISATION_DATE,
            None,
            (),
        )
        assert unit.is_current(date(2026, 1, 1)) and not unit.is_current(date(2025, 6, 30))
    for unit in catalog.historic_units():
        assert (unit.valid_from, unit.valid_to) == (None, HISTORIC_TO) == (None, date(2025, 6, 30))
        assert unit.is_historic and not unit.is_current(REORGANISATION_DATE)


# --- Cà Mau ---------------------------------------------------------------------------------------


def test_ca_mau_and_its_communes(catalog: UnitCatalog) -> None:
    ca_mau = catalog.by_code("96")
    assert ca_mau is not None
    assert (ca_mau.kind, ca_mau.name, ca_mau.subtype) == (PROVINCE, "Cà Mau", "tỉnh")
    assert ca_mau.display_name == "Tỉnh Cà Mau"
    communes = catalog.children(ca_mau)
    assert len(communes) == 64
    assert all(c.kind is COMMUNE and c.parent_id == ca_mau.id for c in communes)
    assert {"Xã Đất Mũi", "Xã Tạ An Khương", "Xã Nguyễn Việt Khái", "Phường Bạc Liêu"} <= set(
        names(communes)
    )
    dat_mui = catalog.by_code("32248")
    assert dat_mui is not None and dat_mui.display_name == "Xã Đất Mũi"
    assert catalog.parent(dat_mui) == ca_mau
    # "Châu Hưng" is no current commune: Thị trấn Châu Hưng (Bạc Liêu) is now part of Xã Vĩnh Lợi.
    assert "Châu Hưng" not in {c.name for c in communes}


def test_display_names(catalog: UnitCatalog) -> None:
    ha_noi = catalog.by_code("01")
    assert ha_noi is not None and (ha_noi.name, ha_noi.subtype) == ("Hà Nội", "thành phố")
    assert ha_noi.display_name == "Thành phố Hà Nội"
    con_dao = catalog.by_code("26732", COMMUNE)
    assert con_dao is not None and con_dao.display_name == "Đặc khu Côn Đảo"
    chau_hung = catalog.historic_by_code("31900", COMMUNE)
    assert chau_hung is not None and chau_hung.subtype == "thị trấn"
    assert chau_hung.display_name == "Thị trấn Châu Hưng"
    phuong_4 = catalog.historic_by_code("27691")
    assert phuong_4 is not None and phuong_4.display_name == "Phường 4"


# --- succession -----------------------------------------------------------------------------------


def test_bac_lieu_merged_into_ca_mau(catalog: UnitCatalog) -> None:
    bac_lieu = catalog.historic_by_code("95", PROVINCE)
    ca_mau = catalog.by_code("96", PROVINCE)
    assert bac_lieu is not None and ca_mau is not None
    assert bac_lieu.display_name == "Tỉnh Bạc Liêu"
    assert catalog.successors(bac_lieu) == (ca_mau,)
    assert names(catalog.predecessors(ca_mau)) == ["Tỉnh Cà Mau", "Tỉnh Bạc Liêu"][::-1]
    assert catalog.historic_by_code("96", PROVINCE) in catalog.predecessors(ca_mau)


def test_historic_communes_map_to_successors(catalog: UnitCatalog) -> None:
    def successors(code: str) -> list[tuple[str, str]]:
        old = catalog.historic_by_code(code, COMMUNE)
        assert old is not None
        return [(u.code, u.display_name) for u in catalog.successors(old)]

    assert successors("31900") == [("31900", "Xã Vĩnh Lợi")]  # Thị trấn Châu Hưng
    assert successors("31903") == [("31900", "Xã Vĩnh Lợi")]  # Xã Châu Hưng A
    assert successors("00082") == [("00082", "Phường Cửa Nam")]  # Phường Trần Hưng Đạo
    assert successors("00001") == [("00097", "Phường Hồng Hà")]  # Phường Phúc Xá
    # Phường Cửa Nam (Hoàn Kiếm) was split among four new wards.
    assert [code for code, _ in successors("00073")] == ["00004", "00070", "00082", "00226"]
    # Phường 4 of Tân An (Long An) went to Tây Ninh, like the rest of Long An.
    assert successors("27691") == [("27694", "Phường Long An")]


def test_partly_merged(catalog: UnitCatalog) -> None:
    cua_nam_old = catalog.historic_by_code("00073", COMMUNE)
    tran_hung_dao = catalog.historic_by_code("00082", COMMUNE)
    cua_nam = catalog.by_code("00082", COMMUNE)
    assert cua_nam_old is not None and tran_hung_dao is not None and cua_nam is not None
    assert catalog.partly_merged(cua_nam_old, cua_nam)
    assert not catalog.partly_merged(tran_hung_dao, cua_nam)
    assert not catalog.partly_merged(cua_nam, cua_nam_old)


def test_predecessors_of_a_current_commune(catalog: UnitCatalog) -> None:
    vinh_loi = catalog.by_code("31900", COMMUNE)
    assert vinh_loi is not None
    assert names(catalog.predecessors(vinh_loi, COMMUNE)) == [
        "Thị trấn Châu Hưng",
        "Xã Châu Hưng A",
    ]
    assert names(catalog.predecessors(vinh_loi, DISTRICT)) == ["Huyện Vĩnh Lợi"]
    assert catalog.predecessors(vinh_loi, PROVINCE) == ()


def test_every_historic_unit_has_a_current_successor(catalog: UnitCatalog) -> None:
    current = {u.id: u for u in catalog.current_units()}
    expected = {PROVINCE: PROVINCE, DISTRICT: COMMUNE, COMMUNE: COMMUNE}
    for unit in catalog.historic_units():
        assert unit.successor_ids, unit
        assert len(set(unit.successor_ids)) == len(unit.successor_ids)
        for successor_id in unit.successor_ids:
            assert current[successor_id].kind is expected[unit.kind]
    for unit in of_kind(catalog.historic_units(), PROVINCE):
        assert len(unit.successor_ids) == 1  # provinces merged whole


def test_every_current_unit_has_predecessors(catalog: UnitCatalog) -> None:
    for province in catalog.provinces():
        assert catalog.predecessors(province, PROVINCE)
    without_old_commune = []
    for commune in of_kind(catalog.current_units(), COMMUNE):
        assert catalog.predecessors(commune, DISTRICT)
        if not catalog.predecessors(commune, COMMUNE):
            without_old_commune.append(commune.display_name)
    # Former districts without communes.
    assert without_old_commune == [
        "Đặc khu Bạch Long Vĩ",
        "Đặc khu Cồn Cỏ",
        "Đặc khu Hoàng Sa",
        "Đặc khu Lý Sơn",
        "Đặc khu Côn Đảo",
    ]
    con_dao = catalog.by_code("26732", COMMUNE)
    assert con_dao is not None
    assert names(catalog.predecessors(con_dao)) == ["Huyện Côn Đảo"]


def test_successors_stay_within_the_successor_province(catalog: UnitCatalog) -> None:
    for old in of_kind(catalog.historic_units(), COMMUNE):
        district = catalog.parent(old)
        assert district is not None
        old_province = catalog.parent(district)
        assert old_province is not None
        (new_province,) = catalog.successors(old_province)
        assert all(new.parent_id == new_province.id for new in catalog.successors(old))


# --- parent links ---------------------------------------------------------------------------------


def test_parent_links(catalog: UnitCatalog) -> None:
    expected_parent = {
        (False, PROVINCE): None,
        (False, COMMUNE): PROVINCE,
        (True, PROVINCE): None,
        (True, DISTRICT): PROVINCE,
        (True, COMMUNE): DISTRICT,
    }
    for unit in catalog:
        parent_kind = expected_parent[unit.is_historic, unit.kind]
        parent = catalog.parent(unit)
        if parent_kind is None:
            assert unit.parent_id is None
            continue
        assert parent is not None, unit
        assert (parent.kind, parent.is_historic) == (parent_kind, unit.is_historic)
        assert unit in catalog.children(parent)
    assert sum(len(catalog.children(p)) for p in catalog.provinces()) == 3321
    vinh_loi_district = catalog.historic_by_code("958", DISTRICT)
    assert vinh_loi_district is not None and vinh_loi_district.display_name == "Huyện Vĩnh Lợi"
    assert {"Thị trấn Châu Hưng", "Xã Châu Hưng A"} <= set(
        names(catalog.children(vinh_loi_district))
    )
    assert catalog.parent(vinh_loi_district) == catalog.historic_by_code("95")


# --- ids and loading ------------------------------------------------------------------------------


def test_ids_are_deterministic(catalog: UnitCatalog) -> None:
    again = load_catalog()
    assert again.current_units() == catalog.current_units()
    assert again.historic_units() == catalog.historic_units()
    ca_mau = catalog.by_code("96")
    dat_mui = catalog.by_code("32248")
    assert ca_mau is not None and dat_mui is not None
    # Fixed forever: these ids are stored in every data folder and exchanged between offices.
    assert ca_mau.id == "f9076849f34553008e30851a39e2ad69"
    assert dat_mui.id == "5bac901d4fa25e779159ddf21d29ae6a"
    assert ca_mau.id == uuid.uuid5(UNIT_ID_NAMESPACE, "vn-unit:province:96:2025-07-01").hex
    old_ca_mau = catalog.historic_by_code("96")
    assert old_ca_mau is not None and old_ca_mau.id != ca_mau.id
    assert old_ca_mau.id == unit_id(PROVINCE, "96", HISTORIC_ERA)


def test_unit_id_is_uuid5() -> None:
    for kind in (PROVINCE, DISTRICT, COMMUNE):
        for code in ("01", "958", "00073", "32248"):
            for era in (CURRENT_ERA, HISTORIC_ERA):
                expected = uuid.uuid5(UNIT_ID_NAMESPACE, f"vn-unit:{kind.value}:{code}:{era}")
                assert unit_id(kind, code, era) == expected.hex
                assert uuid.UUID(hex=unit_id(kind, code, era)).version == 5


def test_lookups(catalog: UnitCatalog) -> None:
    ca_mau = catalog.by_code("96")
    assert ca_mau is not None
    assert catalog.get(ca_mau.id) is ca_mau and ca_mau in catalog and ca_mau.id in catalog
    assert catalog.by_code("95") is None  # Bạc Liêu is no more
    assert catalog.by_code("96", COMMUNE) is None
    assert catalog.by_code("958") is None
    assert catalog.get("0" * 32) is None and "0" * 32 not in catalog
    assert catalog.successors(ca_mau) == ()
    assert catalog.children(catalog.by_code("32248") or ca_mau) == ()


def test_source(catalog: UnitCatalog) -> None:
    assert catalog.source.startswith("QĐ 19/2025/QĐ-TTg snapshot of 2026-11-22")
    assert "vietnam-provinces" in catalog.source


def test_resource_files() -> None:
    folder = resources_dir() / "units"
    files = sorted(p.name for p in folder.iterdir())
    assert files == [
        "SOURCE.md",
        "communes.csv",
        "historic-communes.csv",
        "historic-districts.csv",
        "historic-provinces.csv",
        "provinces.csv",
        "successions.csv.gz",
    ]
    assert sum(p.stat().st_size for p in folder.iterdir()) < 1_500_000
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    for needle in ("vietnam-provinces", "GPL-3.0-or-later", "Art. 15", "2026-11-22"):
        assert needle in source
    for path in folder.iterdir():
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
        assert not text.startswith("\ufeff")
        assert unicodedata.is_normalized("NFC", text), path.name


def test_reads_plain_or_gzipped_csv(tmp_path: Path, catalog: UnitCatalog) -> None:
    units = tmp_path / "units"
    shutil.copytree(resources_dir() / "units", units)
    packed = units / "successions.csv.gz"
    for path in list(units.glob("*.csv")):  # swap: plain files gzipped, the gzipped one plain
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
    packed.with_suffix("").write_bytes(gzip.decompress(packed.read_bytes()))
    packed.unlink()
    assert sorted(p.name for p in units.glob("*.csv")) == ["successions.csv"]
    swapped = load_catalog(tmp_path)
    assert swapped.current_units() == catalog.current_units()
    assert swapped.historic_units() == catalog.historic_units()
    assert swapped.source == catalog.source


def test_bad_header_is_refused(tmp_path: Path) -> None:
    units = tmp_path / "units"
    shutil.copytree(resources_dir() / "units", units)
    (units / "provinces.csv").write_text("code,name\n96,Cà Mau\n", encoding="utf-8")
    with pytest.raises(ValueError, match="provinces"):
        load_catalog(tmp_path)
