"""audit: the exact form of an event's hash, and the events `chained_event` makes.

Hashes are stored in every data folder and travel in sync packages: a later version must compute
them byte for byte as this one does, or every existing chain would look tampered with. So the
canonical payload and the hash are pinned here as text, not only compared with themselves.
"""

from __future__ import annotations

import hashlib

from factories import append_event

from anninh_desktop.domain.audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainBreak,
    chain_hash,
    chained_event,
    event_payload,
    first_broken_link,
)

FIELDS = dict(
    at="2026-03-02T09:00:00+07:00",
    installation="inst-1",
    actor="Nguyễn Văn A",
    action="result.set",
    entity="result",
    entity_id="r-1",
    old="",
    new='{"value":"met"}',
)
PAYLOAD = (
    '[1,"2026-03-02T09:00:00+07:00","inst-1","Nguyễn Văn A","result.set","result","r-1","",'
    '"{\\"value\\":\\"met\\"}"]'
)
# sha256 over GENESIS_HASH, a line feed and the UTF-8 payload, as every stored chain has it.
FIRST_HASH = "64a94dbdb493f42de88fb9d801d205d34c868ca39cd93f533ada8ef1249a0479"


def test_canonical_payload_is_compact_json_with_readable_vietnamese() -> None:
    assert event_payload(1, *FIELDS.values()) == PAYLOAD


def test_hash_covers_previous_hash_line_feed_and_utf8_payload() -> None:
    by_hand = hashlib.sha256((GENESIS_HASH + "\n" + PAYLOAD).encode("utf-8")).hexdigest()
    assert chain_hash(GENESIS_HASH, PAYLOAD) == by_hand == FIRST_HASH


def test_chained_event_carries_every_field_and_its_hash() -> None:
    event = chained_event(GENESIS_HASH, 1, *FIELDS.values())
    assert event == AuditEvent(
        seq=1,
        **FIELDS,
        prev_hash=GENESIS_HASH,
        hash=FIRST_HASH,  # type: ignore[arg-type]
    )


def test_chained_events_form_a_chain_the_checker_accepts() -> None:
    first = chained_event(GENESIS_HASH, 1, *FIELDS.values())
    second_fields = {**FIELDS, "actor": "Trần Thị B", "old": '{"value":"met"}', "new": "{}"}
    second = chained_event(first.hash, 2, *second_fields.values())
    assert second.prev_hash == first.hash
    assert second.hash == chain_hash(first.hash, event_payload(2, *second_fields.values()))
    assert first_broken_link([first, second]) is None
    # Storage and chained_event agree (the test factory appends like the storage does).
    built: list[AuditEvent] = []
    append_event(built, **FIELDS)  # type: ignore[arg-type]
    assert built == [first]


def test_each_argument_lands_in_its_own_field() -> None:
    values = {name: f"{name}-value" for name in FIELDS}
    event = chained_event("a" * 64, 7, *values.values())
    assert (event.seq, event.prev_hash) == (7, "a" * 64)
    for name, value in values.items():
        assert getattr(event, name) == value, name
    assert event.hash == chain_hash("a" * 64, event_payload(7, *values.values()))


def test_a_chain_starting_after_one_is_a_gap_even_when_its_links_hold() -> None:
    first = chained_event(GENESIS_HASH, 2, *FIELDS.values())
    assert first_broken_link([first]) == ChainBreak(2, "gap")
