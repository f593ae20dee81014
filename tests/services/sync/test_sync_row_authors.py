"""Row signatures of the sync (services/sync/authorship.py): what is signed, and by whom.

Every row version a package carries bears its author's own Ed25519 signature (`_s`). An import
attributes a row to the package's sender, unless the row names another office as its author and
that office's own signature of the row verifies with the key of its card (trusted here). A row
that names a known office without that office's signature is refused, whatever it changes. The
hostile packages here are made by commune A with the keys it really holds: its own signing key,
the province's public card, and signatures the province really made of other row versions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sync_helpers import Offices, commune_and_province, craft_package, introduce, store_state

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.authority import Overstep
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import set_language
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity, keys
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.authorship import (
    Author,
    Authors,
    row_digest,
    row_text,
    sign_row,
    verify_row,
)
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.plan import Incoming, Plan
from anninh_desktop.services.sync.reading import _refuse, attribution, read_package, refusal_text
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.sync_rows import current_counter, local_row
from anninh_desktop.storage.sync_signatures import signature_for

UNVERIFIED = "it names another office as its author without that office's signature"
ROW = {"id": "ab" * 16, "state": "recognised", "note": "Đã thẩm định", "change_seq": 7}


def _signing(ws: Workspace) -> Ed25519PrivateKey:
    pairs = keys.load(ws.root)
    assert pairs is not None
    return pairs.signing


# ---------------------------------------------------------------- what is signed


def test_the_signed_text_is_the_table_and_every_column_in_canonical_utf8_json() -> None:
    row = {"note": "Đã thẩm định", "id": "r1", "change_seq": 7, "changed_by": "p", "gone": None}
    expected = (
        b"anninh-row-v1\n"
        + '{"row":{"change_seq":7,"changed_by":"p","gone":null,"id":"r1","note":"Đã thẩm định"},'
        '"table":"result"}'.encode()
    )
    assert row_text("result", row) == expected
    assert row_digest("result", row) == hashlib.sha256(expected).hexdigest()
    # the order the columns come in does not matter; the table does
    assert row_text("result", dict(reversed(row.items()))) == expected
    assert row_digest("evidence", row) != row_digest("result", row)


def test_a_row_signature_is_the_authors_ed25519_signature_of_that_text() -> None:
    key = Ed25519PrivateKey.generate()
    signature = sign_row(key, "assessment", ROW)
    assert len(signature) == 128 and bytes.fromhex(signature).hex() == signature
    key.public_key().verify(bytes.fromhex(signature), row_text("assessment", ROW))
    with pytest.raises(InvalidSignature):
        Ed25519PrivateKey.generate().public_key().verify(
            bytes.fromhex(signature), row_text("assessment", ROW)
        )
    assert verify_row(key.public_key(), "assessment", ROW, signature)


@pytest.mark.parametrize(
    "what",
    [
        "another field value",
        "another stamp",
        "another table",
        "another key",
        "one byte changed",
        "one byte short",
        "one byte more",
        "not hex",
        "empty",
        "none",
    ],
)
def test_a_signature_verifies_only_for_that_row_version_by_that_key(what: str) -> None:
    key = Ed25519PrivateKey.generate()
    good = sign_row(key, "assessment", ROW)
    public, table, row, signature = key.public_key(), "assessment", dict(ROW), good
    if what == "another field value":
        row["state"] = "returned"
    elif what == "another stamp":
        row["change_seq"] = 8
    elif what == "another table":
        table = "result"
    elif what == "another key":
        public = Ed25519PrivateKey.generate().public_key()
    elif what == "one byte changed":
        raw = bytearray(bytes.fromhex(good))
        raw[10] ^= 1
        signature = raw.hex()
    elif what == "one byte short":
        signature = good[:-2]
    elif what == "one byte more":
        signature = good + "00"
    elif what == "not hex":
        signature = "zz" * 64
    elif what == "empty":
        signature = ""
    else:
        signature = None  # type: ignore[assignment]
    assert verify_row(public, table, row, signature) is False
    assert verify_row(key.public_key(), "assessment", ROW, good) is True


# ---------------------------------------------------------------- whose signatures count here


def test_the_authors_are_this_office_and_its_trusted_peers_with_the_keys_of_their_cards(
    offices: Offices, third: Workspace, tmp_path: Path
) -> None:
    commune, province = commune_and_province(offices.a)
    introduce(third, offices.p, tmp_path / "cards-c", trust=False)
    c_id = identity.ensure_identity(third).installation_id
    authors = Authors(offices.p)
    assert authors.own_id == offices.p_id
    assert authors.get(offices.p_id) == Author(
        offices.p_id,
        "Phòng PV05 Công an tỉnh Cà Mau",
        province,
        identity.ensure_identity(offices.p).signing_public,
    )
    assert authors.get(offices.a_id) == Author(
        offices.a_id,
        "Công an xã Hồ Thị Kỷ",
        commune,
        identity.ensure_identity(offices.a).signing_public,
    )
    assert authors.unit(offices.a_id) == commune
    assert authors.unit(offices.p_id) == province
    # C's card is here but not trusted: its signatures count for nothing
    assert identity.repo(offices.p).peer(c_id) is not None
    assert authors.get(c_id) is None and authors.unit(c_id) is None
    assert authors.get("0" * 32) is None and authors.unit("0" * 32) is None
    identity.trust_peer(offices.p, c_id)
    assert Authors(offices.p).unit(c_id) == identity.ensure_identity(third).office_unit_id


def test_a_peer_entry_bearing_this_offices_own_id_does_not_replace_its_key(
    offices: Offices,
) -> None:
    """Cards of this office itself are refused on import; should one be in the table anyway (a
    folder copied before ids were split), it must not put another key in this office's name."""
    r = identity.repo(offices.p)
    a_peer = r.peer(offices.a_id)
    assert a_peer is not None
    with transaction(offices.p.store.db):
        r.save_peer(dataclasses.replace(a_peer, installation_id=offices.p_id))
    authors = Authors(offices.p)
    own = authors.get(offices.p_id)
    assert (
        own is not None and own.signing_public == identity.ensure_identity(offices.p).signing_public
    )
    assert authors.verify(
        offices.p_id, "assessment", ROW, sign_row(_signing(offices.p), "assessment", ROW)
    )
    assert not authors.verify(
        offices.p_id, "assessment", ROW, sign_row(_signing(offices.a), "assessment", ROW)
    )


def test_authors_verify_each_office_with_its_own_key_again_and_again(offices: Offices) -> None:
    authors = Authors(offices.p)
    by_a = sign_row(_signing(offices.a), "assessment", ROW)
    by_p = sign_row(_signing(offices.p), "assessment", ROW)
    for _ in range(2):  # the second time, with the key kept from the first
        assert authors.verify(offices.a_id, "assessment", ROW, by_a) is True
        assert authors.verify(offices.p_id, "assessment", ROW, by_p) is True
        assert authors.verify(offices.a_id, "assessment", ROW, by_p) is False
        assert authors.verify(offices.p_id, "assessment", ROW, by_a) is False
        assert authors.verify(offices.a_id, "result", ROW, by_a) is False
    assert authors.verify("0" * 32, "assessment", ROW, by_a) is False  # unknown office
    assert authors.verify(offices.a_id, "assessment", ROW, None) is False
    assert authors.verify(offices.a_id, "assessment", ROW, by_a.encode()) is False


# ---------------------------------------------------------------- attribution on import


def _incoming(author: str, signature: str | None, **changes: Any) -> Incoming:
    return Incoming("assessment", {**ROW, "changed_by": author, **changes}, {author: 7}, signature)


def test_a_row_is_the_senders_unless_its_authors_own_signature_verifies(
    offices: Offices, third: Workspace, tmp_path: Path
) -> None:
    commune, province = commune_and_province(offices.a)
    introduce(third, offices.p, tmp_path / "cards-c")  # trusted at P
    c = identity.ensure_identity(third)
    sender = identity.repo(offices.p).peer(offices.a_id)
    assert sender is not None
    unit_of = attribution(offices.p, sender)

    def signed(ws: Workspace, author: str, **changes: Any) -> Incoming:
        item = _incoming(author, None, **changes)
        return dataclasses.replace(item, signature=sign_row(_signing(ws), item.table, item.row))

    # the sender's own rows: the package's signature proves them, with or without `_s`
    assert unit_of(_incoming(offices.a_id, None)) == (commune, False)
    assert unit_of(_incoming(offices.a_id, os.urandom(64).hex())) == (commune, False)
    # a row the receiver itself wrote, or a trusted third office, when its signature verifies
    assert unit_of(signed(offices.p, offices.p_id)) == (province, False)
    assert unit_of(signed(third, c.installation_id)) == (c.office_unit_id, False)
    # ... and refused when it does not: missing, made up, made by the sender with its own key,
    # or the named office's real signature of another version of the row
    p_other = sign_row(_signing(offices.p), "assessment", {**ROW, "changed_by": offices.p_id,
                                                          "state": "returned"})  # fmt: skip
    for author in (offices.p_id, c.installation_id):
        for signature in (
            None,
            os.urandom(64).hex(),
            signed(offices.a, author).signature,
            p_other,
        ):
            assert unit_of(_incoming(author, signature)) == (None, False), (author, signature)
    # an office not known (or not trusted) here: the sender's, marked unknown
    assert unit_of(_incoming("0" * 32, None)) == (commune, True)
    assert unit_of(_incoming("", None)) == (commune, True)
    identity.trust_peer(offices.p, c.installation_id, trusted=False)
    unit_of = attribution(offices.p, sender)
    assert unit_of(signed(third, c.installation_id)) == (commune, True)


def test_an_honest_export_signs_every_row_of_its_own_with_its_own_key(
    offices: Offices, tmp_path: Path
) -> None:
    commune, _ = commune_and_province(offices.a)
    preview = read_package(offices.p, export_package(offices.a, offices.p_id, tmp_path).path)
    rows = [i for items in preview.incoming.values() for i in items]
    assert len(rows) > 100
    a_key = keys.signing_public(identity.ensure_identity(offices.a).signing_public)
    p_key = keys.signing_public(identity.ensure_identity(offices.p).signing_public)
    for item in rows:
        assert item.author == offices.a_id
        assert item.signature is not None
        assert verify_row(a_key, item.table, item.row, item.signature), item.key
        assert not verify_row(p_key, item.table, item.row, item.signature)
    changed = [c for c in preview.plan.changes if c.change.value != "unchanged"]
    assert changed and all(c.author_unit == commune for c in changed)
    assert set(preview.plan.authors.values()) == {(commune, False)}
    apply_package(offices.p, preview)
    # the receiver keeps each row's signature with its author, for the rows it passes on
    item = rows[0]
    kept = signature_for(offices.p.store.db, item.table, str(item.row["id"]))
    assert kept is not None
    assert (kept.author, kept.signature) == (offices.a_id, item.signature)
    assert kept.digest == row_digest(item.table, item.row)


# ---------------------------------------------------------------- hostile packages


def _returned_by_province(offices: Offices) -> str:
    """A submits an assessment, P returns it with a reason; both offices hold P's version."""
    commune, _ = commune_and_province(offices.a)
    first = next(
        x
        for x in offices.a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is AssessmentState.SELF_ASSESSED
    )
    assessment_service.transition(offices.a, first.id, AssessmentState.SUBMITTED, Actor.UNIT)
    apply_package(
        offices.p,
        read_package(offices.p, export_package(offices.a, offices.p_id, offices.usb / "1").path),
    )
    appraisal_service.return_for_correction(offices.p, first.id, reason="Bổ sung biên bản")
    apply_package(
        offices.a,
        read_package(offices.a, export_package(offices.p, offices.a_id, offices.usb / "2").path),
    )
    return first.id


def _newer(ws: Workspace, table: str, row_id: str, author: str, **changes: Any) -> dict[str, Any]:
    """A newer version of a row `ws` holds, by `author` as its stamp and vector claim."""
    found = local_row(ws.store.db, table, row_id)
    assert found is not None
    row, vector = found
    seq = max(vector.values()) + 10
    return {**row, **changes, "changed_by": author, "change_seq": seq,
            "_v": {**vector, author: seq}}  # fmt: skip


def _refused(ws: Workspace, path: Path) -> str:
    before = store_state(ws)
    with pytest.raises(UserError, match=UNVERIFIED) as info:
        read_package(ws, path)
    assert store_state(ws) == before
    return info.value.message


def test_a_commune_package_claiming_a_row_is_the_provinces_is_refused_naming_why(
    offices: Offices, tmp_path: Path
) -> None:
    assessment = _returned_by_province(offices)
    kept = signature_for(offices.a.store.db, "assessment", assessment)
    assert kept is not None and kept.author == offices.p_id  # a real signature of P, held by A
    forged = _newer(offices.a, "assessment", assessment, offices.p_id, state="recognised",
                    decision_number="99/QĐ-CAT", decision_date="2026-03-01")  # fmt: skip
    clean = {k: v for k, v in forged.items() if k != "_v"}
    for signature in (
        None,  # no signature at all
        sign_row(_signing(offices.a), "assessment", clean),  # A's own, of this very row
        kept.signature,  # P's real signature, of the version P made
    ):
        row = forged if signature is None else {**forged, "_s": signature}
        path = craft_package(
            offices.a, offices.p, tmp_path / "f.ansync", tables={"assessment": [row]}
        )
        message = _refused(offices.p, path)
        assert message == (
            f"{path} from Công an xã Hồ Thị Kỷ makes 1 change that office may not make "
            f"(assessment {assessment[:12]}: {UNVERIFIED}); the whole package was refused and "
            "nothing was imported."
        )
    assert offices.p.store.assessments.get(assessment).state is AssessmentState.RETURNED


def test_a_change_the_commune_may_make_is_refused_too_when_it_names_the_province(
    offices: Offices, tmp_path: Path
) -> None:
    """The refusal is about who wrote the row, not about what it changes: the same note on the
    commune's own result passes as the commune's, and is refused as the province's."""
    commune, _ = commune_and_province(offices.a)
    apply_package(
        offices.p,
        read_package(offices.p, export_package(offices.a, offices.p_id, offices.usb).path),
    )
    (result_id,) = offices.a.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
        "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    as_province = _newer(offices.p, "result", result_id, offices.p_id, note="Sửa của tỉnh?")
    path = craft_package(
        offices.a, offices.p, tmp_path / "p.ansync", tables={"result": [as_province]}
    )
    assert f"result {result_id[:12]}: {UNVERIFIED}" in _refused(offices.p, path)
    as_commune = _newer(offices.p, "result", result_id, offices.a_id, note="Sửa của tỉnh?")
    path = craft_package(
        offices.a, offices.p, tmp_path / "a.ansync", tables={"result": [as_commune]}
    )
    preview = read_package(offices.p, path)
    assert preview.plan.refusals == ()
    assert preview.plan.authors[("result", result_id)] == (commune, False)
    apply_package(offices.p, preview)
    assert offices.p.store.assessments.result(result_id).note == "Sửa của tỉnh?"


# ---------------------------------------------------------------- how a refusal reads


def test_a_refusal_names_the_table_the_row_the_field_and_the_reason() -> None:
    rid = "0123456789abcdef" * 2
    assert refusal_text(Overstep("assessment", rid, "unverified_author")) == (
        f"assessment 0123456789ab: {UNVERIFIED}"
    )
    assert refusal_text(Overstep("assessment", rid, "appraiser_field", "note")) == (
        "assessment 0123456789ab (note): an appraising office may change only the state and "
        "the decision"
    )
    assert refusal_text(Overstep("unit", rid, "a_new_code")) == "unit 0123456789ab: a_new_code"
    set_language("vi")
    assert refusal_text(Overstep("result", rid, "not_owner")) == (
        "result 0123456789ab: dòng dữ liệu thuộc cơ quan khác"
    )


def _plan(refusals: int = 0, mismatch: tuple[str, ...] = ()) -> Plan:
    return Plan(
        (),
        tuple(Overstep("result", f"{i:02d}" * 16, "not_owner") for i in range(refusals)),
        mismatch,
    )


def test_the_whole_refusal_counts_every_change_and_names_the_first_five(
    offices: Offices, tmp_path: Path
) -> None:
    sender = identity.repo(offices.p).peer(offices.a_id)
    assert sender is not None
    path = tmp_path / "x.ansync"
    _refuse(_plan(), sender, path)  # nothing refused: nothing said
    with pytest.raises(UserError) as info:
        _refuse(_plan(1), sender, path)
    assert info.value.message == (
        f"{path} from Công an xã Hồ Thị Kỷ makes 1 change that office may not make (result "
        "000000000000: the row belongs to another office); the whole package was refused and "
        "nothing was imported."
    )
    with pytest.raises(UserError) as info:
        _refuse(_plan(7), sender, path)
    named = "; ".join(
        f"result {f'{i:02d}' * 6}: the row belongs to another office" for i in range(5)
    )
    assert info.value.message == (
        f"{path} from Công an xã Hồ Thị Kỷ makes 7 changes that office may not make ({named}); "
        "the whole package was refused and nothing was imported."
    )
    ids = tuple(f"{i}" * 32 for i in range(1, 8))
    with pytest.raises(UserError) as info:
        _refuse(_plan(3, ids), sender, path)  # a differing criterion set is told first
    assert info.value.message == (
        f"{path} holds a criterion set version whose content differs from the same version here "
        f"({', '.join(i[:12] for i in ids[:5])}); nothing was imported."
    )


BAD_VERSION = "its version information claims changes that were never made"


def test_a_row_whose_version_claims_what_was_never_made_is_refused(
    offices: Offices, tmp_path: Path
) -> None:
    """A version vector no honest office sends: a version of the receiver beyond what the
    receiver ever made, or a stamp its own author's entry does not hold."""
    commune, _ = commune_and_province(offices.a)
    p = offices.p
    apply_package(p, read_package(p, export_package(offices.a, offices.p_id, offices.usb).path))
    (result_id,) = offices.a.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
        "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    row = _newer(p, "result", result_id, offices.a_id, note="Sửa lại")
    seq, vector, own = row["change_seq"], row["_v"], current_counter(p.store.db)

    def sent(n: int, **changes: Any) -> Path:
        return craft_package(
            offices.a, p, tmp_path / f"{n}.ansync", tables={"result": [{**row, **changes}]}
        )

    for n, changes in enumerate(
        [
            {"_v": {**vector, offices.p_id: own + 1}},  # a version of P that P never made
            {"_v": {**vector, offices.a_id: seq - 1}},  # its author's entry behind its stamp
            {"_v": {"f" * 32: 1}},  # no entry of its author at all
            {"change_seq": str(seq)},
            {"change_seq": True},
        ]
    ):
        before = store_state(p)
        with pytest.raises(UserError) as info:
            read_package(p, sent(n, **changes))
        assert f"result {result_id[:12]}: {BAD_VERSION}" in info.value.message, changes
        assert store_state(p) == before
    # exactly at the edges: P's own latest version, the author's entry at its stamp
    preview = read_package(p, sent(9, _v={**vector, offices.p_id: own}))
    assert preview.plan.refusals == ()
