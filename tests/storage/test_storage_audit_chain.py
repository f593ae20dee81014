"""The audit chain as stored (storage/audit_repo.py), on a bare database: what `append` writes,
the head kept apart, and `check` naming the first event that does not belong — each way the log
can be changed behind the program's back, with the exact event and reason."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import astuple
from datetime import date
from pathlib import Path

import pytest

from anninh_desktop.domain.audit import GENESIS_HASH, ChainBreak, chained_event, expected_hash
from anninh_desktop.storage.audit_repo import AuditRepository
from anninh_desktop.storage.database import Database, open_database
from anninh_desktop.storage.meta import get_meta, set_meta


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "audit.sqlite3")
    yield database
    database.close()


def _append(repo: AuditRepository, n: int, **kw: object) -> None:
    for i in range(n):
        repo.append(
            at=f"2026-03-0{i % 9 + 1}T08:00:00+07:00",
            installation="inst",
            actor="can-bo",
            action="unit.rename",
            entity="unit",
            entity_id=f"u{i % 2}",
            old={"name": f"Ấp {i}"},
            new={"name": f"Ấp {i + 1}"},
            **kw,  # type: ignore[arg-type]
        )


def _unguard(db: Database) -> None:
    """What someone with an SQLite tool does first: drop the append-only triggers."""
    db.execute("DROP TRIGGER audit_event_no_update")
    db.execute("DROP TRIGGER audit_event_no_delete")


def test_an_empty_log_is_intact_and_starts_at_genesis(db: Database) -> None:
    repo = AuditRepository(db)
    assert repo.head() == (0, GENESIS_HASH)
    assert repo.hash_at(0) == GENESIS_HASH
    assert repo.hash_at(1) == ""
    assert repo.events() == []
    assert repo.check() is None


def test_append_chains_each_event_to_the_last_and_moves_the_head(db: Database) -> None:
    repo = AuditRepository(db)
    first = repo.append(
        at="2026-03-01T08:00:00+07:00",
        installation="inst",
        actor="can-bo",
        action="unit.create",
        entity="unit",
        entity_id="u1",
        new={"name": "Ấp Đông", "code": None, "on": date(2026, 3, 1)},
    )
    assert first == chained_event(
        GENESIS_HASH,
        1,
        "2026-03-01T08:00:00+07:00",
        "inst",
        "can-bo",
        "unit.create",
        "unit",
        "u1",
        "",  # nothing before: an empty text, not "null"
        '{"code": null, "name": "Ấp Đông", "on": "2026-03-01"}',  # sorted, UTF-8, dates as text
    )
    second = repo.append(
        at="2026-03-02T08:00:00+07:00",
        installation="inst",
        actor="can-bo",
        action="unit.rename",
        entity="unit",
        entity_id="u1",
        old={"name": "Ấp Đông"},
        new={"name": "Ấp Tây"},
    )
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (second.old, second.new) == ('{"name": "Ấp Đông"}', '{"name": "Ấp Tây"}')
    assert second.hash == expected_hash(second, first.hash)
    assert repo.events() == [first, second]  # what is stored is what was returned
    assert repo.head() == (2, second.hash)
    assert get_meta(db, "audit_head") == f"2:{second.hash}"
    assert (repo.hash_at(0), repo.hash_at(1), repo.hash_at(2), repo.hash_at(3)) == (
        GENESIS_HASH,
        first.hash,
        second.hash,
        "",
    )
    assert repo.check() is None


def test_events_of_one_row_in_order(db: Database) -> None:
    repo = AuditRepository(db)
    _append(repo, 5)
    assert [e.seq for e in repo.events(entity_id="u0")] == [1, 3, 5]
    assert [e.seq for e in repo.events(entity_id="u1")] == [2, 4]
    assert repo.events(entity_id="nothing") == []
    assert [e.seq for e in repo.events()] == [1, 2, 3, 4, 5]


def test_the_head_follows_the_newest_event_not_the_first_row_found(db: Database) -> None:
    repo = AuditRepository(db)
    _append(repo, 3)
    newest = repo.events()[-1]
    assert repo.head() == (3, newest.hash)
    nxt = repo.append(
        at="x", installation="i", actor="a", action="b", entity="c", entity_id="d", new=[1]
    )
    assert nxt.seq == 4 and nxt.prev_hash == newest.hash and nxt.new == "[1]"


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        # an event edited in the middle: its own hash no longer fits
        ("UPDATE audit_event SET actor = 'ai-do' WHERE seq = 3", ChainBreak(3, "hash")),
        # an event removed in the middle: a gap where it was
        ("DELETE FROM audit_event WHERE seq = 3", ChainBreak(4, "gap")),
        # the first one removed
        ("DELETE FROM audit_event WHERE seq = 1", ChainBreak(2, "gap")),
        # a link rewritten
        ("UPDATE audit_event SET prev_hash = hash WHERE seq = 2", ChainBreak(2, "prev_hash")),
        # the newest removed: the head kept apart still names it
        ("DELETE FROM audit_event WHERE seq = 5", ChainBreak(5, "truncated")),
        ("DELETE FROM audit_event WHERE seq >= 4", ChainBreak(4, "truncated")),
        ("DELETE FROM audit_event", ChainBreak(1, "truncated")),
    ],
)
def test_check_names_the_first_event_that_does_not_belong(
    db: Database, tamper: str, expected: ChainBreak
) -> None:
    repo = AuditRepository(db)
    _append(repo, 5)
    _unguard(db)
    db.execute(tamper)
    assert repo.check() == expected


def test_a_rewritten_newest_event_with_a_recomputed_hash_is_found_by_the_head(
    db: Database,
) -> None:
    repo = AuditRepository(db)
    _append(repo, 3)
    last = repo.events()[-1]
    forged = chained_event(
        last.prev_hash, *astuple(last)[:7], last.old, json.dumps({"name": "Ấp giả"})
    )
    _unguard(db)
    db.execute("UPDATE audit_event SET new = ?, hash = ? WHERE seq = 3", [forged.new, forged.hash])
    assert repo.check() == ChainBreak(3, "truncated")  # the head names another event 3


def test_events_appended_behind_the_programs_back_are_named_from_the_first(db: Database) -> None:
    repo = AuditRepository(db)
    _append(repo, 3)
    head = get_meta(db, "audit_head")
    _append(repo, 2)  # chained correctly, as a careful forger would...
    assert head is not None
    set_meta(db, "audit_head", head)  # ...but the head in meta was not moved
    assert repo.check() == ChainBreak(4, "appended")


def test_a_log_whose_head_is_missing_is_named_from_its_first_event(db: Database) -> None:
    repo = AuditRepository(db)
    _append(repo, 2)
    db.execute("DELETE FROM meta WHERE key = 'audit_head'")
    assert repo.check() == ChainBreak(1, "appended")
    set_meta(db, "audit_head", "")
    assert repo.check() == ChainBreak(1, "appended")
