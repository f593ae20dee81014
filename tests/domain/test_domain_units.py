"""units.Unit: display name and validity."""

from __future__ import annotations

from datetime import date

import pytest

from anninh_desktop.domain.units import (
    CERTIFIED_KINDS,
    CHILD_KINDS,
    UNIT_KIND_LABELS,
    Unit,
    UnitKind,
)


def unit(name: str = "Châu Hưng", subtype: str = "xã", **kwargs: object) -> Unit:
    return Unit(id="u1", kind=UnitKind.COMMUNE, name=name, subtype=subtype, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "subtype", "shown"),
    [
        ("Châu Hưng", "xã", "Xã Châu Hưng"),
        ("Xã Châu Hưng", "xã", "Xã Châu Hưng"),
        ("xã Châu Hưng", "xã", "xã Châu Hưng"),
        ("Bến Thành", "phường", "Phường Bến Thành"),
        ("Phú Quốc", "đặc khu", "Đặc khu Phú Quốc"),
        ("Số 5", "tổ dân phố", "Tổ dân phố Số 5"),
        ("Tổ dân phố 5", "tổ dân phố", "Tổ dân phố 5"),
        ("Trường THPT Lê Quý Đôn", "", "Trường THPT Lê Quý Đôn"),
    ],
)
def test_display_name(name: str, subtype: str, shown: str) -> None:
    assert unit(name, subtype).display_name == shown


def test_is_current_without_dates() -> None:
    assert unit().is_current(date(1990, 1, 1))
    assert unit().is_current(date(2100, 1, 1))
    assert not unit().is_historic


def test_is_current_bounds_are_inclusive() -> None:
    u = unit(valid_from=date(2025, 7, 1), valid_to=date(2026, 6, 30))
    assert not u.is_current(date(2025, 6, 30))
    assert u.is_current(date(2025, 7, 1))
    assert u.is_current(date(2026, 6, 30))
    assert not u.is_current(date(2026, 7, 1))
    assert u.is_historic


def test_historic_unit_ends_on_reorganisation_eve() -> None:
    old = unit("Châu Hưng", valid_to=date(2025, 6, 30), successor_ids=("u2",))
    assert old.is_current(date(2025, 6, 30))
    assert not old.is_current(date(2025, 7, 1))


def test_kind_tables_are_consistent() -> None:
    assert set(UNIT_KIND_LABELS) == set(UnitKind)
    assert UnitKind.COMMUNE in CERTIFIED_KINDS
    assert set(CHILD_KINDS) < set(CERTIFIED_KINDS)
    assert UnitKind.PROVINCE not in CERTIFIED_KINDS
