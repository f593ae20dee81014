"""The hash-chained audit log: events chain, and edits or removals are found (the last one too)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.workspaces import database_path, open_folder

from anninh_desktop.domain.audit import GENESIS_HASH, ChainBreak, expected_hash
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import integrity_service
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

COMMUNE_CODE = "32092"


def _add_units(ws: Workspace, count: int) -> None:
    commune = ws.store.units.by_code(COMMUNE_CODE)
    assert commune is not None
    for i in range(count):
        create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, f"Ấp số {i + 1}", "ấp")


def test_events_chain_from_genesis_and_head_follows(ws: Workspace) -> None:
    _add_units(ws, 3)
    events = ws.store.audit.events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    prev = GENESIS_HASH
    for event in events:
        assert event.prev_hash == prev
        assert event.hash == expected_hash(event, prev)
        prev = event.hash
    assert ws.store.meta("audit_head") == f"{events[-1].seq}:{events[-1].hash}"
    assert ws.store.audit.check() is None
    last = events[-1]
    assert last.action == "unit.create" and last.actor == "can-bo-thu-nghiem"
    assert last.installation == ws.store.installation
    assert json.loads(last.new)["name"] == "Ấp số 3"


def test_audit_table_refuses_updates_and_deletes(ws: Workspace) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.store.db.execute("UPDATE audit_event SET actor = 'someone else' WHERE seq = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.store.db.execute("DELETE FROM audit_event WHERE seq = 1")


def _tamper(folder: Path, *statements: str) -> None:
    """What a determined user with an SQLite tool could do while the program is closed."""
    conn = sqlite3.connect(database_path(folder))
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


TAMPERING: dict[str, tuple[Callable[[int], str], Callable[[int], tuple[int, str]]]] = {
    # name: (SQL given the number of events, expected (first broken seq, reason))
    "edit-middle-new": (
        lambda n: f'UPDATE audit_event SET new = \'{{"name": "Ấp giả"}}\' WHERE seq = {n // 2}',
        lambda n: (n // 2, "hash"),
    ),
    "delete-middle": (
        lambda n: f"DELETE FROM audit_event WHERE seq = {n // 2}",
        lambda n: (n // 2 + 1, "gap"),
    ),
    "delete-last": (
        lambda n: f"DELETE FROM audit_event WHERE seq = {n}",
        lambda n: (n, "truncated"),
    ),
    "delete-first": (
        lambda n: "DELETE FROM audit_event WHERE seq = 1",
        lambda n: (2, "gap"),
    ),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_found_at_the_first_broken_event(seeded_dir: Path, case: str) -> None:
    ws = open_folder(seeded_dir)
    _add_units(ws, 6)
    count = len(ws.store.audit.events())
    assert ws.store.audit.check() is None
    ws.close()
    statement, expected = TAMPERING[case]
    _tamper(seeded_dir, statement(count))

    ws = open_folder(seeded_dir)
    try:
        broken = ws.store.audit.check()
        report = integrity_service.check(ws)
    finally:
        ws.close()

    seq, reason = expected(count)
    assert broken is not None
    assert (broken.seq, broken.reason) == (seq, reason)
    assert not report.ok
    assert [p for p in report.problems if f"event {seq} " in p], report.problems


def test_rewriting_the_last_event_without_the_head_is_found(seeded_dir: Path) -> None:
    ws = open_folder(seeded_dir)
    _add_units(ws, 2)
    events = ws.store.audit.events()
    ws.close()
    last = events[-1]
    # A careful forger recomputes the last hash, but cannot know to move the head in meta.
    forged = replace(last, new=json.dumps({"name": "Ấp giả"}))
    digest = expected_hash(forged, last.prev_hash)
    _tamper(
        seeded_dir,
        f"UPDATE audit_event SET new = '{forged.new}', hash = '{digest}' WHERE seq = {last.seq}",
    )

    ws = open_folder(seeded_dir)
    try:
        broken = ws.store.audit.check()
    finally:
        ws.close()
    assert broken is not None and broken.seq == last.seq


def test_an_event_appended_behind_the_programs_back_is_named(seeded_dir: Path) -> None:
    ws = open_folder(seeded_dir)
    _add_units(ws, 2)
    last = ws.store.audit.events()[-1]
    ws.close()
    # A well-formed event chained to the last one, written with an SQLite tool: the head in meta
    # still names the old last event, so the new one is the first that does not belong.
    forged = replace(last, seq=last.seq + 1, action="unit.delete", prev_hash=last.hash, hash="")
    forged = replace(forged, hash=expected_hash(forged, last.hash))
    conn = sqlite3.connect(database_path(seeded_dir))
    conn.execute(
        "INSERT INTO audit_event (seq, at, installation, actor, action, entity, entity_id, old, "
        "new, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            forged.seq,
            forged.at,
            forged.installation,
            forged.actor,
            forged.action,
            forged.entity,
            forged.entity_id,
            forged.old,
            forged.new,
            forged.prev_hash,
            forged.hash,
        ],
    )
    conn.commit()
    conn.close()

    ws = open_folder(seeded_dir)
    try:
        broken = ws.store.audit.check()
    finally:
        ws.close()
    assert broken is not None
    assert broken.seq == forged.seq, f"reported event {broken.seq}, the added one is {forged.seq}"


# Texts whose JSON escaping could differ between SQLite's json_array and Python's json.dumps.
TRICKY = [
    'nháy "kép" và \\ gạch chéo',
    "xuống\ndòng\r\ttab\b\f",
    "điều khiển \x01\x1f và \x7f",
    "dòng \u2028 đoạn \u2029",
    "emoji 🚓 và chữ Hán 安寧",
    "",
    json.dumps({"ghi chú": 'trong JSON "lồng"', "n": [1, 2.5, None, True]}, ensure_ascii=False),
]


def test_the_one_pass_check_agrees_with_the_domain_on_any_text(ws: Workspace) -> None:
    """`verify` hashes the text SQLite writes for each event; it must say exactly what
    `domain.audit` says (an event it cannot hash alike is checked by the domain's encoding)."""
    from unittest import mock

    from anninh_desktop.storage.audit_repo import AuditRepository

    audit = ws.store.audit
    with ws.store.change():
        for n, text in enumerate(TRICKY):
            audit.append(
                at="2026-11-22T08:00:00+07:00",
                installation=ws.store.installation,
                actor=text,
                action="test.tricky",
                entity="unit",
                entity_id=f"u{n}",
                old={"text": text},
                new=text,
                # every other event names an officer (hashed with the two more fields)
                officer_id=f"o{n}" if n % 2 else "",
                officer_name=text if n % 2 else "",
            )
    events = ws.store.audit.events()
    assert any(e.officer_id for e in events)
    with mock.patch.object(AuditRepository, "_hash_holds", wraps=audit._hash_holds) as slow:
        assert audit.verify() == (len(events), None)
    # SQLite writes the same JSON as Python for all of these: no event needed the slow check.
    assert slow.call_count == 0


def test_a_tricky_event_changed_by_hand_is_found(seeded_dir: Path) -> None:
    ws = open_folder(seeded_dir)
    with ws.store.change():
        ws.store.audit.append(
            at="2026-11-22T08:00:00+07:00",
            installation=ws.store.installation,
            actor="x",
            action="test.tricky",
            entity="unit",
            entity_id="u1",
            new=TRICKY[1],
        )
    seq = ws.store.audit.head()[0]
    ws.close()
    _tamper(
        seeded_dir, f"UPDATE audit_event SET new = replace(new, 'tab', 'TAB') WHERE seq = {seq}"
    )
    ws = open_folder(seeded_dir)
    try:
        assert ws.store.audit.verify()[1] == ChainBreak(seq, "hash")
    finally:
        ws.close()
