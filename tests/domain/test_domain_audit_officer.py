"""audit: the officer named on an event is covered by its hash; events without one hash as before."""

from __future__ import annotations

import dataclasses

from anninh_desktop.domain.audit import (
    GENESIS_HASH,
    chain_hash,
    chained_event,
    event_payload,
    first_broken_link,
)

FIELDS = (
    "2026-03-03T08:30:00+07:00",
    "ab" * 16,
    "ca-xa",
    "result.update",
    "result",
    "r1",
    "",
    "{}",
)


def test_event_without_officer_hashes_the_nine_fields_of_older_programs() -> None:
    event = chained_event(GENESIS_HASH, 1, *FIELDS)
    legacy = '[1,"2026-03-03T08:30:00+07:00","' + "ab" * 16 + '","ca-xa","result.update",'
    legacy += '"result","r1","","{}"]'
    assert event.hash == chain_hash(GENESIS_HASH, legacy)
    assert (event.officer_id, event.officer_name) == ("", "")


def test_officer_is_part_of_the_hash() -> None:
    named = chained_event(GENESIS_HASH, 1, *FIELDS, "o1", "Đại úy Nguyễn Văn An")
    plain = chained_event(GENESIS_HASH, 1, *FIELDS)
    assert named.hash != plain.hash
    assert named.hash == chain_hash(
        GENESIS_HASH, event_payload(1, *FIELDS, "o1", "Đại úy Nguyễn Văn An")
    )


def test_changing_or_removing_the_officer_breaks_the_chain_there() -> None:
    first = chained_event(GENESIS_HASH, 1, *FIELDS)
    second = chained_event(first.hash, 2, *FIELDS, "o1", "Đại úy Nguyễn Văn An")
    third = chained_event(second.hash, 3, *FIELDS)
    assert first_broken_link([first, second, third]) is None
    renamed = dataclasses.replace(second, officer_name="Đại úy Trần Văn Bình")
    broken = first_broken_link([first, renamed, third])
    assert broken is not None and (broken.seq, broken.reason) == (2, "hash")
    removed = dataclasses.replace(second, officer_id="", officer_name="")
    broken = first_broken_link([first, removed, third])
    assert broken is not None and broken.seq == 2
