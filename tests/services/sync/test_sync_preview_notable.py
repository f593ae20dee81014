"""The import preview names what matters, field by field, and marks the appraiser's changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_helpers import Offices, commune_and_province

from anninh_desktop.domain.assessments import RESULT_LABELS, AssessmentState, ResultValue
from anninh_desktop.domain.authority import Role
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import set_language
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.notable import NotableLine, notable_lines
from anninh_desktop.services.sync.reading import read_package

pytestmark = pytest.mark.slow
S = AssessmentState


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_the_preview_names_state_decision_verdict_and_deletion(
    offices: Offices, tmp_path: Path
) -> None:
    a, p = offices.a, offices.p
    apply_package(p, read_package(p, export_package(a, offices.p_id, tmp_path / "0").path))
    commune, _ = commune_and_province(a)
    (first,) = [
        x
        for x in a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    ][:1]
    assessment_service.transition(a, first.id, S.SUBMITTED, Actor.UNIT)
    # A residential area the commune removes travels as a tombstone.
    area = a.store.db.execute(
        "SELECT id, name FROM unit WHERE parent_id = ? AND kind = 'residential_area' LIMIT 1",
        [commune],
    ).fetchone()
    with a.store.change() as stamp:
        a.store.db.execute(
            "UPDATE unit SET deleted = 1, changed_by = ?, change_seq = ? WHERE id = ?",
            [stamp.installation, stamp.seq, area[0]],
        )
    out = export_package(a, offices.p_id, tmp_path / "a")
    preview = read_package(p, out.path)
    lines = notable_lines(p, preview)
    state = [x for x in lines if x.field == "State" and x.after == "Submitted"]
    assert state and state[0].needs is Role.OWNER and state[0].author == "Công an xã Hồ Thị Kỷ"
    assert state[0].subject.startswith("Assessment 2026")
    deleted = [x for x in lines if x.field == "Deleted"]
    assert [(x.before, x.after, x.needs) for x in deleted] == [("no", "yes", Role.ADMINISTRATOR)]
    assert not any(x.needs_appraiser for x in lines)
    apply_package(p, preview)

    # The province returns it with a reason and a verdict: named, and marked as the appraiser's.
    ref = next(iter(p.store.assessments.results(first.id)))
    appraisal_service.record_verdict(p, first.id, ref, "agree", appraiser="Đại úy Thẩm")
    appraisal_service.return_for_correction(p, first.id, reason="Bổ sung biên bản họp dân")
    back = read_package(a, export_package(p, offices.a_id, tmp_path / "p").path)
    lines = notable_lines(a, back)
    shown = {(x.field, x.before, x.after, x.needs_appraiser) for x in lines}
    assert ("State", "Submitted", "Returned for correction", True) in shown
    assert ("Reason of the return", "–", "Bổ sung biên bản họp dân", True) in shown
    assert ("Verdict", "–", "Agree", True) in shown
    verdict = next(x for x in lines if x.field == "Verdict")
    assert verdict.subject == f"Verdict on criterion {ref}"
    assert {x.author for x in lines} == {"Phòng PV05 Công an tỉnh Cà Mau"}


def test_a_result_changed_after_submission_is_named(offices: Offices, tmp_path: Path) -> None:
    """A hostile commune changes a result of its submitted assessment by hand: the province's
    preview names it (it stays the commune's row; the province may return the assessment)."""
    from sync_helpers import craft_package

    from anninh_desktop.storage.sync_rows import local_row

    a, p = offices.a, offices.p
    commune, _ = commune_and_province(a)
    (first,) = [
        x
        for x in a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    ][:1]
    assessment_service.transition(a, first.id, S.SUBMITTED, Actor.UNIT)
    apply_package(p, read_package(p, export_package(a, offices.p_id, tmp_path / "a").path))
    result_id = next(iter(p.store.assessments.results(first.id).values())).id
    found = local_row(p.store.db, "result", result_id)
    assert found is not None
    row, vector = found
    seq = max(vector.values()) + 10
    changed = {
        **row,
        "value": "not_met" if row["value"] != "not_met" else "met",
        "changed_by": offices.a_id,
        "change_seq": seq,
        "_v": {**vector, offices.a_id: seq},
    }
    # the same change to a result of an assessment still open: the commune's to make, not named
    (open_id,) = p.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
        "WHERE s.unit_id = ? AND s.state = 'self_assessed' AND s.id != ? ORDER BY r.id LIMIT 1",
        [commune, first.id],
    ).fetchone()
    open_found = local_row(p.store.db, "result", open_id)
    assert open_found is not None
    open_row, open_vector = open_found
    also = {
        **open_row,
        "note": "sửa khi còn mở",
        "changed_by": offices.a_id,
        "change_seq": seq + 1,
        "_v": {**open_vector, offices.a_id: seq + 1},
    }
    path = craft_package(a, p, tmp_path / "x.ansync", tables={"result": [also, changed]})
    lines = notable_lines(p, read_package(p, path))
    (line,) = lines
    assert line == NotableLine(
        unit_id=commune,
        unit=p.store.units.get(commune).display_name,
        subject=f"Criterion {row['criterion_ref']}",
        field="Result",
        before=RESULT_LABELS[ResultValue(row["value"])] if row["value"] else "–",
        after=RESULT_LABELS[ResultValue(changed["value"])],
        needs=Role.OWNER,
        conflict=False,
        author="Công an xã Hồ Thị Kỷ",
        locked=True,
    )
    assert line.authority == "changed while the assessment is locked here"


def test_a_result_is_locked_only_when_its_assessment_here_is_locked(offices: Offices) -> None:
    from anninh_desktop.services.sync.notable import _locked

    a = offices.a
    commune, _ = commune_and_province(a)
    first = next(
        x
        for x in a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    )
    assessment_service.transition(a, first.id, S.SUBMITTED, Actor.UNIT)
    open_id = next(
        x.id
        for x in a.store.assessments.for_unit(commune)
        if x.state is S.SELF_ASSESSED and x.id != first.id
    )
    seen: dict[str, bool] = {}
    assert _locked(a, {"assessment_id": first.id}, seen) is True
    assert _locked(a, {"assessment_id": open_id}, seen) is False
    # an assessment not held here is not locked here
    assert _locked(a, {"assessment_id": "0" * 32}, seen) is False
    assert seen[first.id] is True and seen["0" * 32] is False
    # each assessment is looked up once: what was seen stands
    seen[first.id] = False
    assert _locked(a, {"assessment_id": first.id}, seen) is False
