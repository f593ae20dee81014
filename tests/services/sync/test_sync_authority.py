"""Authority comes from the signature (issue 13, item 1).

Every hostile package here is made by commune A with the keys it really holds (its own signing
and encryption keys; the province's public card), by hand, as a hostile commune would.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from sync_helpers import (
    Offices,
    commune_and_province,
    craft_package,
    introduce,
    new_installation,
    store_state,
)

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.authorship import sign_row
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.keys import load
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_rows import current_counter, local_row

pytestmark = pytest.mark.slow
S = AssessmentState


def _send(src: Workspace, dst: Workspace, folder: Path) -> None:
    out = export_package(src, identity.ensure_identity(dst).installation_id, folder)
    apply_package(dst, read_package(dst, out.path))


def _row(ws: Workspace, table: str, row_id: str) -> dict[str, Any]:
    found = local_row(ws.store.db, table, row_id)
    assert found is not None
    return found[0]


def _refused(ws: Workspace, path: Path, match: str) -> str:
    before = store_state(ws)
    with pytest.raises(UserError, match=match) as info:
        read_package(ws, path)
    assert "nothing was imported" in info.value.message
    assert store_state(ws) == before
    return info.value.message


def _stamped(ws: Workspace, row: dict[str, Any], author: str, seq: int) -> dict[str, Any]:
    """The row as a new version by `author` at `seq`, its vector covering what `ws` holds."""
    found = local_row(ws.store.db, "assessment", row["id"])
    vector = dict(found[1]) if found else {}
    vector[author] = seq
    return {**row, "changed_by": author, "change_seq": seq, "_v": vector}


def _submitted(offices: Offices) -> str:
    """A submits its 2026 assessment; P receives it. Returns the assessment id."""
    commune, _ = commune_and_province(offices.a)
    (first,) = [
        x
        for x in offices.a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    ][:1]
    assessment_service.transition(offices.a, first.id, S.SUBMITTED, Actor.UNIT)
    _send(offices.a, offices.p, offices.usb / "1")
    assert offices.p.store.assessments.get(first.id).state is S.SUBMITTED
    return first.id


# ---------------------------------------------------------------- claims of another author


def test_a_commune_package_claiming_the_province_as_author_is_refused(
    offices: Offices, tmp_path: Path
) -> None:
    assessment = _submitted(offices)
    base = _row(offices.p, "assessment", assessment)
    seq = current_counter(offices.p.store.db)  # plausible for the province
    forged = {
        **_stamped(offices.p, base, offices.p_id, seq),
        "state": "recognised",
        "decision_number": "99/QĐ-CAT",
        "decision_date": "2026-03-01",
        "decided_by": "Giám đốc Công an tỉnh",
    }
    path = craft_package(
        offices.a, offices.p, tmp_path / "a.ansync", tables={"assessment": [forged]}
    )
    message = _refused(offices.p, path, "without that office's signature")
    assert "Công an xã Hồ Thị Kỷ" in message
    # A made-up signature does not help, nor does the province's real signature of another
    # version (one A received from P): a signature covers every field.
    for signature in (os.urandom(64).hex(), _province_signature_of_other_version(offices)):
        path = craft_package(
            offices.a,
            offices.p,
            tmp_path / "b.ansync",
            tables={"assessment": [{**forged, "_s": signature}]},
        )
        _refused(offices.p, path, "without that office's signature")
    assert offices.p.store.assessments.get(assessment).state is S.SUBMITTED


def _province_signature_of_other_version(offices: Offices) -> str:
    """A signature the province really made (of a row version A received), reused."""
    pairs = load(offices.p.root)
    assert pairs is not None
    return sign_row(pairs.signing, "assessment", {"id": "other", "state": "returned"})


def test_the_same_change_signed_by_the_commune_itself_is_refused_as_the_appraisers(
    offices: Offices, tmp_path: Path
) -> None:
    assessment = _submitted(offices)
    base = _row(offices.p, "assessment", assessment)
    seq = current_counter(offices.a.store.db) + 5
    own = {**_stamped(offices.p, base, offices.a_id, seq), "state": "recognised"}
    path = craft_package(offices.a, offices.p, tmp_path / "a.ansync", tables={"assessment": [own]})
    _refused(offices.p, path, "only the appraising office may move")


# ---------------------------------------------------------------- units


def _unit_version(offices: Offices, unit_id: str, **changes: Any) -> dict[str, Any]:
    row = _row(offices.p, "unit", unit_id)
    seq = current_counter(offices.a.store.db) + 7
    return {
        **row,
        **changes,
        "changed_by": offices.a_id,
        "change_seq": seq,
        "_v": {offices.a_id: seq},
    }


def test_a_commune_may_not_move_or_delete_its_own_unit(offices: Offices, tmp_path: Path) -> None:
    commune, province = commune_and_province(offices.a)
    other_province = offices.p.store.db.execute(
        "SELECT id FROM unit WHERE kind = 'province' AND id != ? AND valid_to IS NULL LIMIT 1",
        [province],
    ).fetchone()[0]
    for n, change in enumerate(
        ({"parent_id": other_province}, {"deleted": 1}, {"kind": "residential_area"})
    ):
        row = _unit_version(offices, commune, **change)
        path = craft_package(
            offices.a, offices.p, tmp_path / f"u{n}.ansync", tables={"unit": [row]}
        )
        message = _refused(offices.p, path, "only the office above a unit may move it")
        assert next(iter(change)) in message
    assert _row(offices.p, "unit", commune)["parent_id"] == province
    # Its own name is its own to change; its residential areas are its to add and remove.
    renamed = _unit_version(offices, commune, name="Hồ Thị Kỷ (mới)")
    area = {
        "id": "5" * 32,
        "kind": "residential_area",
        "subtype": "ấp",
        "name": "Ấp Mới",
        "name_folded": "ap moi",
        "code": "",
        "parent_id": commune,
        "valid_from": None,
        "valid_to": None,
        "changed_by": offices.a_id,
        "change_seq": renamed["change_seq"],
        "deleted": 0,
        "successors": [],
        "_v": {offices.a_id: renamed["change_seq"]},
    }
    path = craft_package(
        offices.a, offices.p, tmp_path / "ok.ansync", tables={"unit": [renamed, area]}
    )
    apply_package(offices.p, read_package(offices.p, path))
    seq = renamed["change_seq"] + 1
    gone = {**area, "deleted": 1, "change_seq": seq, "_v": {offices.a_id: seq}}
    path = craft_package(offices.a, offices.p, tmp_path / "gone.ansync", tables={"unit": [gone]})
    apply_package(offices.p, read_package(offices.p, path))
    assert _row(offices.p, "unit", area["id"])["deleted"] == 1
    # …but not to move under another commune (the other commune's, or the province's, to say).
    other_commune = offices.p.store.db.execute(
        "SELECT id FROM unit WHERE kind = 'commune' AND parent_id = ? AND id != ? LIMIT 1",
        [province, commune],
    ).fetchone()[0]
    seq += 1
    moved = {
        **gone,
        "deleted": 0,
        "parent_id": other_commune,
        "change_seq": seq,
        "_v": {offices.a_id: seq},
    }
    path = craft_package(offices.a, offices.p, tmp_path / "mv.ansync", tables={"unit": [moved]})
    _refused(offices.p, path, "only the office above a unit may move it")


# ---------------------------------------------------------------- new rows


def _new_assessment(offices: Offices, state: str, **extra: Any) -> list[dict[str, Any]]:
    commune, _ = commune_and_province(offices.a)
    template = offices.a.store.db.execute(
        "SELECT * FROM assessment WHERE unit_id = ? AND year = 2026 LIMIT 1", [commune]
    )
    columns = [d[0] for d in template.description]
    base = dict(zip(columns, template.fetchone(), strict=True))
    seq = current_counter(offices.a.store.db) + 9
    return [
        {
            **base,
            "id": "9" * 32,
            "year": 2031,
            "state": state,
            **extra,
            "changed_by": offices.a_id,
            "change_seq": seq,
            "_v": {offices.a_id: seq},
        }
    ]


def test_a_new_assessment_cannot_arrive_recognised_from_its_commune(
    offices: Offices, tmp_path: Path
) -> None:
    decided = _new_assessment(
        offices, "recognised", decision_number="1/QĐ-tự", decided_by="Chủ tịch xã"
    )
    path = craft_package(
        offices.a, offices.p, tmp_path / "a.ansync", tables={"assessment": decided}
    )
    _refused(offices.p, path, "only the appraising office may move")
    fresh = _new_assessment(offices, "registered")
    path = craft_package(offices.a, offices.p, tmp_path / "b.ansync", tables={"assessment": fresh})
    assert read_package(offices.p, path).totals() == {"new": 1}


# ---------------------------------------------------------------- relays with proof


@pytest.fixture
def second_pc(
    offices: Offices, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[Workspace]:
    """PC 2 of commune A's office: knows PC 1 and the province, has PC 1's data."""
    a2 = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "A2"))
    new_installation(a2)
    commune, _ = commune_and_province(offices.a)
    identity.set_office(a2, "Công an xã Hồ Thị Kỷ (máy 2)", commune)
    introduce(offices.a, a2, tmp_path / "cards-a2")
    introduce(offices.p, a2, tmp_path / "cards-p2")
    _send(offices.a, a2, tmp_path / "usb-a2")
    yield a2
    a2.close()


def test_the_provinces_decision_relayed_by_pc1_reaches_pc2_with_the_provinces_signature(
    offices: Offices, second_pc: Workspace, tmp_path: Path
) -> None:
    assessment = _submitted(offices)
    _send(offices.a, second_pc, tmp_path / "usb-sub")
    ws_p = offices.p
    ref = next(iter(ws_p.store.assessments.results(assessment)))
    appraisal_service.record_verdict(ws_p, assessment, ref, "agree", appraiser="Đại úy Thẩm")
    appraisal_service.return_for_correction(ws_p, assessment, reason="Bổ sung biên bản")
    _send(ws_p, offices.a, tmp_path / "usb-p")
    assert offices.a.store.assessments.get(assessment).state is S.RETURNED
    # PC 1 passes the province's return and verdict to PC 2: authored and signed by P.
    out = export_package(
        offices.a, identity.ensure_identity(second_pc).installation_id, tmp_path / "r"
    )
    relayed = read_package(second_pc, out.path)
    kinds = {
        (c.table, c.change.value) for c in relayed.plan.changes if c.change.value != "unchanged"
    }
    assert ("assessment", "updated") in kinds and ("appraisal", "new") in kinds
    apply_package(second_pc, relayed)
    assert second_pc.store.assessments.get(assessment).state is S.RETURNED
    assert appraisal_service.return_reason(second_pc, assessment) == "Bổ sung biên bản"

    # The same relay with the decision altered on the way keeps P's signature: refused.
    row = _row(offices.a, "assessment", assessment)
    found = local_row(offices.a.store.db, "assessment", assessment)
    assert found is not None
    from anninh_desktop.storage.sync_signatures import signature_for

    kept = signature_for(offices.a.store.db, "assessment", assessment)
    assert kept is not None and kept.author == offices.p_id
    # (a newer version by P, as the vector and stamp claim: PC 2 must look at it)
    vector = {**found[1], offices.p_id: found[1][offices.p_id] + 1}
    altered = {
        **row,
        "state": "recognised",
        "decision_number": "7/QĐ",
        "change_seq": row["change_seq"] + 1,
        "_v": vector,
        "_s": kept.signature,
    }
    fresh_pc2 = second_pc
    path = craft_package(
        offices.a, fresh_pc2, tmp_path / "alt.ansync", tables={"assessment": [altered]}
    )
    _refused(fresh_pc2, path, "without that office's signature")


def test_a_relayed_row_whose_author_the_receiver_does_not_trust_is_refused(
    offices: Offices, second_pc: Workspace, tmp_path: Path
) -> None:
    assessment = _submitted(offices)
    _send(offices.a, second_pc, tmp_path / "usb-sub")
    appraisal_service.return_for_correction(offices.p, assessment, reason="Thiếu")
    _send(offices.p, offices.a, tmp_path / "usb-p")
    identity.trust_peer(second_pc, offices.p_id, trusted=False)
    out = export_package(
        offices.a, identity.ensure_identity(second_pc).installation_id, tmp_path / "r"
    )
    # As PC 1's own change, the return oversteps: PC 2 is told to import the author's card.
    _refused(second_pc, out.path, "import the card of the office that wrote it")


def test_a_row_of_an_office_the_receiver_does_not_know_is_the_senders(
    offices: Offices, second_pc: Workspace, tmp_path: Path
) -> None:
    """PC 2 edits a result; PC 1 passes it to the province, which does not know PC 2: the change
    is PC 1's as far as the province can tell, and PC 1's office owns the result."""
    commune, _ = commune_and_province(offices.a)
    (result_id,) = second_pc.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
        "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    r = second_pc.store.assessments.result(result_id)
    with second_pc.store.change() as stamp:
        second_pc.store.assessments.save_result(dataclasses.replace(r, note="Máy 2 ghi"), stamp)
    _send(second_pc, offices.a, tmp_path / "u1")
    _send(offices.a, offices.p, tmp_path / "u2")
    assert offices.p.store.assessments.result(result_id).note == "Máy 2 ghi"


def test_a_copy_of_a_commune_folder_keeps_its_edits_as_its_own(
    offices: Offices, tmp_path: Path
) -> None:
    """Edits made on an unanswered copy with the command line are restamped when it becomes a
    copy: they meet the original's edits as concurrent versions (a conflict), never silently."""
    import shutil

    from anninh_desktop.services.sync import relocation
    from anninh_desktop.services.sync.conflicts import list_conflicts

    a = offices.a
    _send(a, offices.p, tmp_path / "first")
    commune, _ = commune_and_province(a)
    (result_id,) = a.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
        "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    a.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(a.root, tmp_path / "copy")
    copy = open_folder(tmp_path / "copy")
    try:
        assert relocation.relocated(copy)

        def note(ws: Workspace, text: str) -> None:
            r = ws.store.assessments.result(result_id)
            with ws.store.change() as stamp:
                ws.store.assessments.save_result(dataclasses.replace(r, note=text), stamp)

        note(copy, "Sửa trên máy sao chép")  # the command line does not ask first
        note(a, "Sửa trên máy gốc")
        identity.new_installation_id_for_copy(copy)
        introduce(copy, offices.p, tmp_path / "cards-copy")
        _send(a, offices.p, tmp_path / "from-a")
        _send(copy, offices.p, tmp_path / "from-copy")
        (conflict,) = list_conflicts(offices.p)
        (field,) = conflict.fields
        assert {field.mine, field.theirs} == {"Sửa trên máy gốc", "Sửa trên máy sao chép"}
    finally:
        copy.close()
