"""The office's officers: the list, PINs, who is working, and their names on audited changes."""

from __future__ import annotations

import pytest
from fixtures.work import register, unit_by_code

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins, session
from anninh_desktop.services.workspace import Workspace


def test_officers_are_added_changed_and_removed_with_audit(ws: Workspace) -> None:
    an = people.add_officer(ws, "  Nguyễn   Văn An ", "Đại úy", "Trưởng Công an xã")
    binh = people.add_officer(ws, "Trần Thị Bình", "Thượng úy")
    assert [o.name for o in people.officers(ws)] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert an.label == "Đại úy Nguyễn Văn An"

    people.update_officer(ws, binh.id, rank="Đại úy", position="Cán bộ")
    people.remove_officer(ws, an.id)
    assert [o.name for o in people.officers(ws)] == ["Trần Thị Bình"]
    assert [o.name for o in people.officers(ws, removed=True)] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert ws.store.officers.get(binh.id).rank == "Đại úy"  # type: ignore[union-attr]

    actions = [(e.action, e.entity_id) for e in ws.store.audit.events() if e.entity == "officer"]
    assert actions == [
        ("officer.add", an.id),
        ("officer.add", binh.id),
        ("officer.edit", binh.id),
        ("officer.remove", an.id),
    ]
    assert ws.store.audit.check() is None


def test_an_officer_needs_a_name(ws: Workspace) -> None:
    with pytest.raises(UserError):
        people.add_officer(ws, "   ")
    assert people.officers(ws) == []


def test_find_officer_by_name_or_id(ws: Workspace) -> None:
    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    assert people.find_officer(ws, "nguyễn văn an") == an
    assert people.find_officer(ws, "Đại úy Nguyễn Văn An") == an
    assert people.find_officer(ws, an.id) == an
    with pytest.raises(UserError):
        people.find_officer(ws, "Lê Văn Cường")


def test_pin_is_stored_salted_and_checked(ws: Workspace) -> None:
    an = people.add_officer(ws, "Nguyễn Văn An")
    binh = people.add_officer(ws, "Trần Thị Bình")
    pins.set_pin(ws, an.id, "2468")
    pins.set_pin(ws, binh.id, "2468")
    a, b = ws.store.officers.pin(an.id), ws.store.officers.pin(binh.id)
    assert a is not None and b is not None
    assert "2468" not in (a.digest, a.salt) and a.salt != b.salt and a.digest != b.digest
    assert pins.check_pin(ws, an.id, "2468") and not pins.check_pin(ws, an.id, "1357")
    for bad in ("12", "abcd", "123456789", "１２３４"):
        with pytest.raises(UserError):
            pins.set_pin(ws, an.id, bad)
    pins.set_pin(ws, an.id, None)
    assert pins.check_pin(ws, an.id, "")  # no PIN: anyone may start as them


def test_start_work_checks_the_pin_and_is_remembered_per_os_user(ws: Workspace) -> None:
    an = people.add_officer(ws, "Nguyễn Văn An")
    pins.set_pin(ws, an.id, "2468")
    with pytest.raises(UserError):
        session.start_work(ws, an.id, "0000")
    assert ws.officer is None and session.remembered_officer(ws) is None

    session.start_work(ws, an.id, "2468")
    assert ws.officer == an and session.remembered_officer(ws) == an
    other_user = Workspace(store=ws.store, clock=ws.clock, actor="someone-else")
    assert session.remembered_officer(other_user) is None
    people.remove_officer(ws, an.id)
    assert session.remembered_officer(ws) is None  # removed: no longer offered


def test_audited_changes_name_the_officer_at_work(ws: Workspace) -> None:
    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    a = register(ws, unit_by_code(ws))
    ref = next(iter(ws.store.assessments.results(a.id)))
    session.start_work(ws, an.id)
    assessment_service.update_result(ws, a.id, ref, value=ResultValue.MET)
    # a worker thread's copy of the workspace names the same officer
    worker = ws.reopen()
    try:
        assert worker.officer == an
    finally:
        worker.close()
    session.stop_work(ws)
    assessment_service.update_result(ws, a.id, ref, value=ResultValue.NOT_MET, remediation="x")

    updates = [e for e in ws.store.audit.events() if e.action == "result.update"]
    assert [(e.officer_id, e.officer_name) for e in updates] == [
        (an.id, "Đại úy Nguyễn Văn An"),
        ("", ""),
    ]
    assert ws.store.audit.check() is None
