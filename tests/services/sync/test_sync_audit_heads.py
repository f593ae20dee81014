"""The signed history heads a package carries (services/sync/audit_heads.py), piece by piece.

Commune A (demo data, a long audit log) claims its head to the province P; P compares each claim
with the heads it kept from A. The end-to-end cases (a recomputed chain, a shortened log) are in
test_sync_check.py; here each part is pinned: the exact signed text, the checkpoints an export
carries, what counts as unsigned, rewritten or shortened, what the receiver keeps, and what the
sender finds in its own log.
"""

from __future__ import annotations

from typing import Any

import pytest
from sync_helpers import Offices

from anninh_desktop.services.sync import container, identity, keys
from anninh_desktop.services.sync.audit_heads import (
    MAX_CHECKPOINTS,
    HistoryAlarm,
    LocalProblem,
    check_claim,
    claim,
    keep,
    local_problems,
    note_sent,
)
from anninh_desktop.services.sync.payload import Manifest
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.sync_audit import KeptHead, alarms, kept_heads, sent_heads
from anninh_desktop.storage.sync_repo import PeerRecord


def _head_bytes(installation: str, seq: int, digest: str) -> bytes:
    """The signed text, written out independently of the module."""
    text = f'"domain":"anninh-audit-head-v1","hash":"{digest}","installation":"{installation}"'
    return ("{" + text + f',"seq":{seq}' + "}").encode("utf-8")


def _signed(ws: Workspace, seq: int, digest: str, **extra: Any) -> dict[str, Any]:
    pairs = keys.load(ws.root)
    assert pairs is not None
    signature = pairs.signing.sign(_head_bytes(ws.store.installation, seq, digest)).hex()
    return {"seq": seq, "hash": digest, "signature": signature, **extra}


def _manifest(sender: str, recipient: str, audit: dict[str, Any], n: int = 1) -> Manifest:
    return Manifest(
        format=container.FORMAT,
        package_id=f"{n:032x}",
        sender=sender,
        recipient=recipient,
        upto=100 + n,
        since=0,
        created_at=f"2026-03-02T09:00:{n % 60:02d}+07:00",
        audit=audit,
    )


def _sender(offices: Offices) -> PeerRecord:
    found = identity.repo(offices.p).peer(offices.a_id)
    assert found is not None
    return found


def _sent(ws: Workspace, peer: str, seqs: list[int]) -> None:
    with transaction(ws.store.db):
        for n, seq in enumerate(seqs, start=1):
            audit = {"seq": seq, "hash": ws.store.audit.hash_at(seq)} if seq else {}
            note_sent(ws, _manifest(ws.store.installation, peer, audit, n))


# ---------------------------------------------------------------- what the sender claims


def test_a_claim_is_the_head_signed_with_the_offices_key(offices: Offices) -> None:
    a = offices.a
    seq, digest = a.store.audit.head()
    assert seq > 100
    found = claim(a, offices.p_id)
    assert (found["seq"], found["hash"], found["checkpoints"]) == (seq, digest, [])
    public = keys.signing_public(identity.ensure_identity(a).signing_public)
    public.verify(bytes.fromhex(found["signature"]), _head_bytes(offices.a_id, seq, digest))
    assert (
        check_claim(offices.p, _sender(offices), _manifest(offices.a_id, offices.p_id, found)) == []
    )


def test_note_sent_records_the_head_the_package_carried(offices: Offices) -> None:
    a = offices.a
    seq, digest = a.store.audit.head()
    with transaction(a.store.db):
        note_sent(a, _manifest(offices.a_id, offices.p_id, {"seq": seq, "hash": digest}, 7))
        note_sent(a, _manifest(offices.a_id, offices.p_id, {}, 8))
    (with_head, without) = sorted(sent_heads(a.store.db, offices.p_id), key=lambda h: h.upto)
    assert (with_head.package_id, with_head.peer_id, with_head.upto) == (
        f"{7:032x}",
        offices.p_id,
        107,
    )
    assert (with_head.audit_seq, with_head.audit_hash) == (seq, digest)
    assert with_head.created_at == "2026-03-02T09:00:07+07:00"
    assert (without.audit_seq, without.audit_hash, without.upto) == (0, "", 108)


def test_a_claim_carries_the_hash_now_at_every_head_sent_to_that_peer(offices: Offices) -> None:
    a = offices.a
    _sent(a, offices.p_id, [40, 0, 12, 40, 25])
    _sent(a, "f" * 32, [30])  # another peer's heads are not this one's checkpoints
    found = claim(a, offices.p_id)
    assert found["checkpoints"] == [[s, a.store.audit.hash_at(s)] for s in (12, 25, 40)]
    assert len({h for _, h in found["checkpoints"]}) == 3


def test_a_claim_keeps_the_first_and_the_latest_checkpoints(offices: Offices) -> None:
    a = offices.a
    seqs = list(range(1, MAX_CHECKPOINTS + 8))
    _sent(a, offices.p_id, seqs)
    found = [s for s, _ in claim(a, offices.p_id)["checkpoints"]]
    assert MAX_CHECKPOINTS == 64
    assert found == [1, *seqs[-63:]]
    _sent(a, "e" * 32, list(range(1, MAX_CHECKPOINTS + 1)))  # exactly the limit: all of them
    assert [s for s, _ in claim(a, "e" * 32)["checkpoints"]] == list(range(1, 65))


# ---------------------------------------------------------------- what the receiver finds


@pytest.mark.parametrize(
    "audit",
    [
        {"seq": 5, "hash": "ab"},  # no signature
        {"hash": "ab", "signature": "00" * 64},  # no seq
        {"seq": "five", "hash": "ab", "signature": "00" * 64},
        {"seq": 5, "hash": "ab", "signature": "not hex"},
        {"seq": 5, "hash": "ab", "signature": None},
        {"seq": 5, "hash": "ab", "signature": "00" * 64},  # made up
    ],
)
def test_a_head_without_the_senders_signature_is_unsigned(
    offices: Offices, audit: dict[str, Any]
) -> None:
    found = check_claim(offices.p, _sender(offices), _manifest(offices.a_id, offices.p_id, audit))
    assert found == [HistoryAlarm("unsigned", 0)]


def test_a_head_signed_by_another_office_or_for_another_is_unsigned(offices: Offices) -> None:
    seq, digest = offices.a.store.audit.head()
    by_p = _signed(offices.p, seq, digest)  # the province's own key, its own id
    sender = _sender(offices)
    assert check_claim(offices.p, sender, _manifest(offices.a_id, offices.p_id, by_p)) == [
        HistoryAlarm("unsigned", 0)
    ]
    other = {**_signed(offices.a, seq, digest), "seq": seq - 1}  # A's signature, another head
    assert check_claim(offices.p, sender, _manifest(offices.a_id, offices.p_id, other)) == [
        HistoryAlarm("unsigned", 0)
    ]
    assert check_claim(offices.p, sender, _manifest(offices.a_id, offices.p_id, {})) == []


def _kept(offices: Offices, seqs: dict[int, str]) -> None:
    """P keeps A's signed heads at these sequence numbers."""
    with transaction(offices.p.store.db):
        for n, (seq, digest) in enumerate(seqs.items(), start=1):
            keep(offices.p, _sender(offices), _manifest(offices.a_id, offices.p_id,
                                                        _signed(offices.a, seq, digest), n), [])  # fmt: skip


def test_a_checkpoint_or_head_that_differs_from_a_kept_head_is_a_rewrite(offices: Offices) -> None:
    _kept(offices, {10: "a" * 64, 20: "b" * 64, 30: "c" * 64})
    sender = _sender(offices)

    def found(seq: int, digest: str, checkpoints: list[Any]) -> list[HistoryAlarm]:
        audit = _signed(offices.a, seq, digest, checkpoints=checkpoints)
        return check_claim(offices.p, sender, _manifest(offices.a_id, offices.p_id, audit, 9))

    same = [[10, "a" * 64], [20, "b" * 64]]
    assert found(30, "c" * 64, same) == []
    assert found(40, "d" * 64, [*same, [30, "c" * 64]]) == []
    assert found(40, "d" * 64, [[10, "a" * 64], [20, "x" * 64], [30, "y" * 64]]) == [
        HistoryAlarm("rewritten", 20),
        HistoryAlarm("rewritten", 30),
    ]
    assert found(30, "z" * 64, same) == [HistoryAlarm("rewritten", 30)]  # the head itself
    # checkpoints it cannot read are passed over, the others still count
    bad = [["x", "a"], [20], None, 7, [10, "q" * 64]]
    assert found(40, "d" * 64, bad) == [HistoryAlarm("rewritten", 10)]
    # a head not kept here and not claimed proves nothing either way
    assert found(40, "d" * 64, [[15, "q" * 64]]) == []


def test_a_head_behind_the_latest_kept_one_is_a_shortened_history(offices: Offices) -> None:
    sender = _sender(offices)

    def found(seq: int, digest: str) -> list[HistoryAlarm]:
        audit = _signed(offices.a, seq, digest)
        return check_claim(offices.p, sender, _manifest(offices.a_id, offices.p_id, audit, 9))

    assert found(3, "a" * 64) == []  # nothing kept yet
    _kept(offices, {10: "a" * 64, 20: "b" * 64})
    assert found(20, "b" * 64) == []
    assert found(21, "e" * 64) == []
    assert found(19, "e" * 64) == [HistoryAlarm("shortened", 20)]
    assert found(10, "a" * 64) == [HistoryAlarm("shortened", 20)]
    assert found(10, "x" * 64) == [HistoryAlarm("rewritten", 10), HistoryAlarm("shortened", 20)]


def test_the_receiver_keeps_the_signed_head_and_every_alarm(offices: Offices) -> None:
    p, sender = offices.p, _sender(offices)
    audit = _signed(offices.a, 42, "f" * 64)
    found = [HistoryAlarm("rewritten", 10), HistoryAlarm("shortened", 50)]
    with transaction(p.store.db):
        keep(p, sender, _manifest(offices.a_id, offices.p_id, audit, 5), found)
    at = [a.detected_at for a in alarms(p.store.db)]
    assert [(x.sender_id, x.package_id, x.kind, x.seq) for x in alarms(p.store.db)] == [
        (offices.a_id, f"{5:032x}", "rewritten", 10),
        (offices.a_id, f"{5:032x}", "shortened", 50),
    ]
    assert at[0] == at[1] and at[0].startswith("20")
    assert kept_heads(p.store.db, offices.a_id) == {
        42: KeptHead(offices.a_id, 42, "f" * 64, audit["signature"], f"{5:032x}", at[0])
    }
    # an unsigned head is not kept (its alarm is), nor is a package without a head
    with transaction(p.store.db):
        keep(p, sender, _manifest(offices.a_id, offices.p_id, {**audit, "seq": 43}, 6),
             [HistoryAlarm("unsigned", 0)])  # fmt: skip
        keep(p, sender, _manifest(offices.a_id, offices.p_id, {}, 7), [])
    assert list(kept_heads(p.store.db, offices.a_id)) == [42]
    assert [x.kind for x in alarms(p.store.db)] == ["rewritten", "shortened", "unsigned"]


def test_alarm_texts_name_the_office_and_the_head() -> None:
    office = "Công an xã Hồ Thị Kỷ"
    assert HistoryAlarm("rewritten", 12).text(office) == (
        "The history (audit log) of Công an xã Hồ Thị Kỷ was changed after it sent it here: its "
        "events up to number 12 are no longer the ones it signed before (or its data was "
        "restored from an older backup and went on from there)."
    )
    assert HistoryAlarm("shortened", 30).text(office) == (
        "The history (audit log) of Công an xã Hồ Thị Kỷ is shorter than the 30 events it "
        "signed before: events were removed (or its data was restored from an older backup)."
    )
    assert HistoryAlarm("unsigned", 0).text(office) == (
        "The history head in this package is not signed by Công an xã Hồ Thị Kỷ; it was not kept."
    )


# ---------------------------------------------------------------- the sender's own log


def test_the_sender_finds_heads_it_sent_that_its_log_no_longer_has(offices: Offices) -> None:
    a = offices.a
    _sent(a, offices.p_id, [0, 10, 20])
    assert local_problems(a) == []
    with transaction(a.store.db):
        note_sent(a, _manifest(offices.a_id, offices.p_id, {"seq": 15, "hash": "0" * 64}, 30))
        note_sent(a, _manifest(offices.a_id, "f" * 32, {"seq": 99_999, "hash": "1" * 64}, 31))
    assert local_problems(a) == [
        LocalProblem(offices.p_id, 15, "2026-03-02T09:00:30+07:00"),
        LocalProblem("f" * 32, 99_999, "2026-03-02T09:00:31+07:00"),
    ]
