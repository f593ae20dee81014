"""Audit events, chained by hash so that a removed or edited line is detectable.

Since schema v12 an event also names the officer who made the change (`officer_id`, and the name
as shown then, `officer_name`). Events without an officer (all older ones) hash the same nine
fields as before, so the chains written by older programs still verify; an event with an officer
hashes the two more fields, so its officer cannot be changed or removed unseen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str  # ISO 8601 with offset
    installation: str
    actor: str
    action: str  # "result.set", "evidence.add", "assessment.transition"…
    entity: str  # table or kind of row
    entity_id: str
    old: str  # JSON of the values before ("" when created)
    new: str  # JSON of the values after
    prev_hash: str
    hash: str
    officer_id: str = ""
    officer_name: str = ""


def event_payload(
    seq: int,
    at: str,
    installation: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    old: str,
    new: str,
    officer_id: str = "",
    officer_name: str = "",
) -> str:
    """The canonical text of an event that its hash covers (the officer only when there is one)."""
    fields: list[object] = [seq, at, installation, actor, action, entity, entity_id, old, new]
    if officer_id or officer_name:
        fields += [officer_id, officer_name]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + payload).encode("utf-8")).hexdigest()


def expected_hash(event: AuditEvent, prev_hash: str) -> str:
    payload = event_payload(
        event.seq,
        event.at,
        event.installation,
        event.actor,
        event.action,
        event.entity,
        event.entity_id,
        event.old,
        event.new,
        event.officer_id,
        event.officer_name,
    )
    return chain_hash(prev_hash, payload)


def chained_event(
    prev_hash: str,
    seq: int,
    at: str,
    installation: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    old: str,
    new: str,
    officer_id: str = "",
    officer_name: str = "",
) -> AuditEvent:
    """The next event of a chain, its hash computed over the canonical payload."""
    payload = event_payload(
        seq, at, installation, actor, action, entity, entity_id, old, new, officer_id, officer_name
    )
    digest = chain_hash(prev_hash, payload)
    return AuditEvent(
        seq,
        at,
        installation,
        actor,
        action,
        entity,
        entity_id,
        old,
        new,
        prev_hash,
        digest,
        officer_id,
        officer_name,
    )


@dataclass(frozen=True)
class ChainBreak:
    seq: int  # sequence number of the first event that does not fit
    reason: str  # "hash", "prev_hash" or "gap"


def first_broken_link(events: Sequence[AuditEvent]) -> ChainBreak | None:
    """The first event whose link to its predecessor is broken (edited, removed or inserted)."""
    prev = GENESIS_HASH
    expected_seq = events[0].seq if events else 1
    if events and events[0].seq != 1:
        return ChainBreak(events[0].seq, "gap")
    for event in events:
        if event.seq != expected_seq:
            return ChainBreak(event.seq, "gap")
        if event.prev_hash != prev:
            return ChainBreak(event.seq, "prev_hash")
        if expected_hash(event, prev) != event.hash:
            return ChainBreak(event.seq, "hash")
        prev = event.hash
        expected_seq += 1
    return None
