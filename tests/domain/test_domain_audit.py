"""audit: the hash chain detects edited, removed, inserted and reordered events."""

from __future__ import annotations

import dataclasses
import json

from factories import FAST, append_event, make_chain
from hypothesis import assume, given
from hypothesis import strategies as st

from anninh_desktop.domain.audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainBreak,
    chain_hash,
    event_payload,
    expected_hash,
    first_broken_link,
)


def chain(n: int = 5) -> list[AuditEvent]:
    return make_chain(json.dumps({"value": i}) for i in range(n))


def test_helper_builds_the_chain_like_storage() -> None:
    events = chain(3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert all(len(e.hash) == 64 for e in events)


def test_payload_and_hash_are_deterministic() -> None:
    payload = event_payload(1, "t", "i", "Nguyễn Văn A", "a", "e", "id", "", "{}")
    assert payload == event_payload(1, "t", "i", "Nguyễn Văn A", "a", "e", "id", "", "{}")
    assert "Nguyễn Văn A" in payload  # ensure_ascii=False: text kept readable
    assert chain_hash(GENESIS_HASH, payload) == chain_hash(GENESIS_HASH, payload)
    assert chain_hash(GENESIS_HASH, payload) != chain_hash("1" * 64, payload)


def test_payload_fields_cannot_be_shifted() -> None:
    # moving text from one field to the next changes the payload
    a = event_payload(1, "t", "i", "x", "a", "e", "id", "ab", "c")
    b = event_payload(1, "t", "i", "x", "a", "e", "id", "a", "bc")
    assert a != b


def test_expected_hash_matches_appended_event() -> None:
    events = chain(2)
    assert expected_hash(events[1], events[0].hash) == events[1].hash


def test_intact_chain() -> None:
    assert first_broken_link(chain(10)) is None


def test_empty_and_single_event_chains() -> None:
    assert first_broken_link([]) is None
    assert first_broken_link(chain(1)) is None


def test_edited_field_detected() -> None:
    events = chain(5)
    events[2] = dataclasses.replace(events[2], actor="Kẻ gian")
    assert first_broken_link(events) == ChainBreak(3, "hash")


def test_each_payload_field_is_covered() -> None:
    fields = ["at", "installation", "actor", "action", "entity", "entity_id", "old", "new"]
    for name in fields:
        events = chain(4)
        events[1] = dataclasses.replace(events[1], **{name: getattr(events[1], name) + "x"})
        assert first_broken_link(events) == ChainBreak(2, "hash"), name


def test_edited_event_with_recomputed_hash_breaks_the_next_link() -> None:
    events = chain(5)
    edited = dataclasses.replace(events[2], new='{"value":"forged"}')
    events[2] = dataclasses.replace(edited, hash=expected_hash(edited, edited.prev_hash))
    assert first_broken_link(events) == ChainBreak(4, "prev_hash")


def test_removed_middle_event_is_a_gap() -> None:
    events = chain(5)
    del events[2]
    assert first_broken_link(events) == ChainBreak(4, "gap")


def test_removed_first_event_is_a_gap() -> None:
    events = chain(3)
    assert first_broken_link(events[1:]) == ChainBreak(2, "gap")


def test_reordered_pair_detected() -> None:
    events = chain(5)
    events[1], events[2] = events[2], events[1]
    broken = first_broken_link(events)
    assert broken is not None
    assert broken == ChainBreak(3, "gap")


def test_reordered_pair_with_renumbered_seq_detected() -> None:
    events = chain(5)
    second, third = events[1], events[2]
    events[1] = dataclasses.replace(third, seq=2)
    events[2] = dataclasses.replace(second, seq=3)
    broken = first_broken_link(events)
    assert broken is not None and broken.seq == 2


def test_wrong_prev_hash_detected() -> None:
    events = chain(4)
    events[2] = dataclasses.replace(events[2], prev_hash="f" * 64)
    assert first_broken_link(events) == ChainBreak(3, "prev_hash")


def test_wrong_genesis_prev_hash_detected() -> None:
    events = chain(2)
    events[0] = dataclasses.replace(events[0], prev_hash="1" * 64)
    assert first_broken_link(events) == ChainBreak(1, "prev_hash")


def test_first_seq_not_one() -> None:
    events = [dataclasses.replace(e, seq=e.seq + 1) for e in chain(3)]
    assert first_broken_link(events) == ChainBreak(2, "gap")


def test_inserted_event_detected() -> None:
    events = chain(3)
    intruder: list[AuditEvent] = []
    forged = append_event(intruder, new='{"value":"forged"}')
    events.insert(1, dataclasses.replace(forged, seq=2))
    broken = first_broken_link(events)
    assert broken is not None and broken.seq == 2


def test_duplicated_event_detected() -> None:
    events = chain(3)
    events.insert(2, events[1])
    assert first_broken_link(events) == ChainBreak(2, "gap")


@FAST
@given(
    st.lists(st.text(max_size=20), min_size=1, max_size=12),
    st.data(),
)
def test_tampering_any_new_text_is_detected_at_that_seq(
    news: list[str], data: st.DataObject
) -> None:
    events = make_chain(news)
    assert first_broken_link(events) is None
    index = data.draw(st.integers(0, len(events) - 1))
    forged = data.draw(st.text(max_size=20))
    assume(forged != events[index].new)
    events[index] = dataclasses.replace(events[index], new=forged)
    assert first_broken_link(events) == ChainBreak(events[index].seq, "hash")
