"""Officers travel with the office's packages (without their PINs); only their office sends them."""

from __future__ import annotations

import pytest
from sync_helpers import Offices, craft_package, store_state

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins, session
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package


def test_officers_reach_the_province_without_their_pins(offices: Offices) -> None:
    a, p = offices.a, offices.p
    an = people.add_officer(a, "Nguyễn Văn An", "Đại úy", "Trưởng Công an xã")
    pins.set_pin(a, an.id, "2468")
    session.start_work(a, an.id, "2468")
    people.add_officer(a, "Trần Thị Bình", "Thượng úy")

    package = export_package(a, offices.p_id, offices.usb)
    assert package.rows.get("officer") == 2
    preview = read_package(p, package.path)
    assert not preview.plan.refusals
    apply_package(p, preview)

    commune = a.store.officers.get(an.id).unit_id  # type: ignore[union-attr]
    assert [o.label for o in p.store.officers.listed(commune)] == [
        "Đại úy Nguyễn Văn An",
        "Thượng úy Trần Thị Bình",
    ]
    assert p.store.officers.pin(an.id) is None  # a PIN never leaves its computer
    assert people.officers(p) == []  # the province's own list is its own
    # the audit chains of both offices still verify with officers named on events
    assert a.store.audit.check() is None and p.store.audit.check() is None
    assert any(e.officer_name == "Đại úy Nguyễn Văn An" for e in a.store.audit.events())

    # a removal travels too
    people.remove_officer(a, an.id)
    apply_package(p, read_package(p, export_package(a, offices.p_id, offices.usb / "2").path))
    assert [o.name for o in p.store.officers.listed(commune)] == ["Trần Thị Bình"]


def test_an_officer_of_another_office_is_refused(offices: Offices) -> None:
    a, p = offices.a, offices.p
    commune = a.store.units.by_code("32092")
    assert commune is not None
    row = dict(
        id="0f" * 16,
        unit_id=commune.id,
        name="Người lạ",
        rank="",
        position="",
        added_at="2026-03-02T09:00:00+07:00",
        changed_by=offices.p_id,
        change_seq=1,
        deleted=0,
    )
    crafted = craft_package(
        p,
        a,
        offices.usb / "crafted.ansync",
        tables={"officer": [{**row, "_v": {offices.p_id: 1}}]},
    )
    before = store_state(a)
    with pytest.raises(UserError, match=r"officer .*belongs to another office"):
        read_package(a, crafted)
    assert store_state(a) == before
