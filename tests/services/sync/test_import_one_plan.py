"""An import plans its package once (issue 14): apply uses the preview's plan while nothing was
written to the store since it was made, and plans again when something was; the plan's rows
serve the undo journal, a row the package holds twice is applied as before."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from unittest import mock

import pytest
from sync_helpers import Offices, commune_and_province, craft_package, store_state

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.sync import apply as apply_module
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.sync.undo import undo_last_import
from anninh_desktop.storage.sync_rows import local_row

pytestmark = pytest.mark.slow


def _editable_result(offices: Offices) -> tuple[str, str, str]:
    """(assessment, ref, result id) of the commune's self-assessed assessment, known to P."""
    commune, _ = commune_and_province(offices.a)
    row = offices.a.store.db.execute(
        "SELECT a.id, r.criterion_ref, r.id FROM result r JOIN assessment a ON "
        "a.id = r.assessment_id WHERE a.unit_id = ? AND a.state = 'self_assessed' "
        "ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    return str(row[0]), str(row[1]), str(row[2])


def test_apply_uses_the_plan_of_its_preview(offices: Offices) -> None:
    preview = read_package(offices.p, export_package(offices.a, offices.p_id, offices.usb).path)
    with mock.patch.object(apply_module, "make_plan", wraps=apply_module.make_plan) as planned:
        result = apply_package(offices.p, preview)
    assert result.applied and result.totals["new"] > 100
    assert planned.call_count == 0
    # …and applying it did what a second plan would have done: it all arrived.
    assessment, _ref, result_id = _editable_result(offices)
    assert local_row(offices.p.store.db, "result", result_id) is not None
    assert offices.p.store.assessments.get(assessment).id == assessment


def test_a_change_made_after_the_preview_is_planned_again_and_not_lost(
    offices: Offices, tmp_path: Path
) -> None:
    """P edits a row the package also changes, after its preview: applying the preview's plan
    would overwrite P's edit as an ordinary update; planned again, it is a conflict."""
    apply_package(
        offices.p,
        read_package(offices.p, export_package(offices.a, offices.p_id, offices.usb).path),
    )
    assessment, ref, result_id = _editable_result(offices)
    # Self-assessed locks the results: the commune reopens them to edit.
    assessment_service.transition(offices.a, assessment, AssessmentState.IN_PROGRESS)
    assessment_service.update_result(offices.a, assessment, ref, note="Ghi chú của xã")
    second = export_package(offices.a, offices.p_id, tmp_path / "usb2")
    preview = read_package(offices.p, second.path)
    (change,) = [c for c in preview.plan.changes if c.row["id"] == result_id]
    assert change.change.value == "updated"

    # The province's store changes the same row after the preview (the window's rules would
    # refuse a province this edit; the store's write is what the plan must notice).
    p = offices.p
    with p.store.change() as stamp:
        r = p.store.assessments.results(assessment)[ref]
        p.store.assessments.save_result(dataclasses.replace(r, note="Ghi chú của tỉnh"), stamp)
    with mock.patch.object(apply_module, "make_plan", wraps=apply_module.make_plan) as planned:
        result = apply_package(offices.p, preview)
    assert planned.call_count == 1
    assert result.conflicts == 1
    conflicts = offices.p.store.db.execute(
        "SELECT row_id FROM sync_conflict WHERE resolved_at IS NULL"
    ).fetchall()
    assert conflicts == [(result_id,)]


def test_a_row_the_package_holds_twice_is_applied_in_order_and_undone_whole(
    offices: Offices, tmp_path: Path
) -> None:
    commune, _ = commune_and_province(offices.a)
    item = evidence_service.add_content(
        offices.a, commune, b"bien ban", "bb.pdf", EvidenceMetadata("Biên bản họp dân")
    )
    found = local_row(offices.a.store.db, "evidence", item.id)
    assert found is not None
    row, vector = found
    first = {**row, "_v": vector}
    second = {**row, "title": "Biên bản họp dân (bản sửa)", "_v": vector}
    before = store_state(offices.p)
    path = craft_package(
        offices.a, offices.p, tmp_path / "twice.ansync", tables={"evidence": [first, second]}
    )
    result = apply_package(offices.p, read_package(offices.p, path))
    assert result.totals == {"new": 2}
    stored = local_row(offices.p.store.db, "evidence", item.id)
    assert stored is not None and stored[0]["title"] == "Biên bản họp dân (bản sửa)"
    undo_last_import(offices.p)
    after = store_state(offices.p)
    for table in ("evidence", "row_version", "row_signature"):
        assert after[0].get(table) == before[0].get(table), table
