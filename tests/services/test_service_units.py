"""Units added under a commune, and finding units by id, code or name."""

from __future__ import annotations

import pytest
from fixtures.work import unit_by_code

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import overview_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.units_service import create_child_unit, find_unit
from anninh_desktop.services.workspace import Workspace


def test_child_unit_is_created_under_a_current_commune(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    unit = create_child_unit(ws, commune.id, UnitKind.SCHOOL, "  Trường   THCS Hồ Thị Kỷ ")
    assert unit.name == "Trường THCS Hồ Thị Kỷ"
    assert ws.store.units.get(unit.id) == unit
    assert unit in ws.store.units.children(commune.id)
    (event,) = ws.store.audit.events(entity_id=unit.id)
    assert event.action == "unit.create"
    assert [u.code for u in overview_service.ancestors(ws, unit)] == ["96", "32092"]


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        (UnitKind.COMMUNE, "Xã Mới", "Only residential areas"),
        (UnitKind.RESIDENTIAL_AREA, "   ", "needs a name"),
    ],
)
def test_child_unit_rules(ws: Workspace, kind: UnitKind, name: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        create_child_unit(ws, unit_by_code(ws).id, kind, name)


def test_no_units_under_a_province_or_a_historic_commune(ws: Workspace) -> None:
    with pytest.raises(UserError, match="not a current commune"):
        create_child_unit(ws, unit_by_code(ws, "96").id, UnitKind.SCHOOL, "Trường A")
    historic = ws.store.db.execute(
        "SELECT id FROM unit WHERE kind = 'commune' AND valid_to IS NOT NULL LIMIT 1"
    ).fetchone()[0]
    with pytest.raises(UserError, match="not a current commune"):
        create_child_unit(ws, historic, UnitKind.SCHOOL, "Trường A")


def test_same_name_twice_under_one_commune_is_refused(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    with pytest.raises(UserError, match="already has a unit named"):
        create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, "ấp cay kho")
    # Another kind, or another commune, may use the name.
    create_child_unit(ws, commune.id, UnitKind.AGENCY, "Ấp Cây Khô")
    create_child_unit(ws, unit_by_code(ws, "32152").id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô")


def test_find_unit_by_id_code_and_name(ws: Workspace) -> None:
    commune = unit_by_code(ws)
    assert find_unit(ws, commune.id) == commune
    assert find_unit(ws, "32092") == commune
    assert find_unit(ws, "ho thi ky") == commune
    assert find_unit(ws, "Hồ Thị Kỷ") == commune
    with pytest.raises(UserError, match="No unit matches"):
        find_unit(ws, "Xã Không Có Thật")
    with pytest.raises(UserError, match="matches several units"):
        find_unit(ws, "Tân")


def test_find_unit_by_the_name_as_displayed(ws: Workspace) -> None:
    # Every list shows "Xã Hồ Thị Kỷ" (display_name); typing it back must find the unit.
    commune = unit_by_code(ws)
    assert commune.display_name == "Xã Hồ Thị Kỷ"
    assert find_unit(ws, "Xã Hồ Thị Kỷ") == commune
    assert find_unit(ws, "xa ho thi ky") == commune
