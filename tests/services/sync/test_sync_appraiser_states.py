"""A commune may not move its own assessment into an appraiser's state, nor decide it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sync_helpers import Offices, commune_and_province, craft_package, store_state

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.authority import check_change
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package

S = AssessmentState


def _commune_assessment(offices: Offices, state: str) -> dict[str, Any]:
    commune, _ = commune_and_province(offices.a)
    cur = offices.p.store.db.execute(
        "SELECT * FROM assessment WHERE unit_id = ? AND state = ? LIMIT 1", [commune, state]
    )
    columns = [d[0] for d in cur.description]
    found = cur.fetchone()
    assert found is not None, f"the demo commune has no assessment in state {state}"
    return dict(zip(columns, found, strict=True))


def _received(offices: Offices) -> None:
    """A submits its commune's 2026 assessment and P receives it."""
    commune, _ = commune_and_province(offices.a)
    (first,) = [
        x
        for x in offices.a.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    ][:1]
    assessment_service.transition(offices.a, first.id, S.SUBMITTED, Actor.UNIT)
    apply_package(
        offices.p,
        read_package(offices.p, export_package(offices.a, offices.p_id, offices.usb).path),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "change",
    [
        {"state": "recognised"},
        {"state": "under_appraisal"},
        {"decision_number": "99/QĐ-tự-công-nhận"},
    ],
)
def test_a_commune_package_that_decides_for_itself_is_refused_whole(
    offices: Offices, tmp_path: Path, change: dict[str, str]
) -> None:
    _received(offices)
    base = _commune_assessment(offices, "submitted")
    seq = base["change_seq"] + 50
    row = {
        **base,
        **change,
        "changed_by": offices.a_id,
        "change_seq": seq,
        "_v": {offices.a_id: seq},
    }
    path = craft_package(offices.a, offices.p, tmp_path / "a.ansync", tables={"assessment": [row]})
    before = store_state(offices.p)
    with pytest.raises(UserError, match="only the appraising office may move") as info:
        read_package(offices.p, path)
    assert "nothing was imported" in info.value.message
    assert store_state(offices.p) == before


@pytest.mark.slow
def test_a_self_recognition_made_through_the_services_does_not_travel(
    offices: Offices, tmp_path: Path
) -> None:
    _received(offices)
    base = _commune_assessment(offices, "submitted")
    # Bypassing the command line's refusal, the commune moves it under appraisal itself.
    assessment_service.transition(offices.a, base["id"], S.UNDER_APPRAISAL, Actor.APPRAISER)
    out = export_package(offices.a, offices.p_id, tmp_path / "usb2")
    assert out.skipped >= 1  # left out: the province would refuse it
    apply_package(offices.p, read_package(offices.p, out.path))
    assert offices.p.store.assessments.get(base["id"]).state is S.SUBMITTED


def _lookup(units: dict[str, tuple[str, str | None]]):  # type: ignore[no-untyped-def]
    return units.get


UNITS = {"prov": ("province", None), "com": ("commune", "prov")}
LOCAL = {"id": "x", "unit_id": "com", "state": "submitted", "decision_number": ""}


@pytest.mark.parametrize(
    ("row", "refused"),
    [
        ({**LOCAL, "state": "returned"}, True),
        # Taking back a submitted assessment is the appraiser's (a return), not the unit's.
        ({**LOCAL, "state": "in_progress"}, True),
        ({**LOCAL, "decision_number": "1/QĐ"}, True),
        ({**LOCAL, "return_reason": "thiếu"}, True),
        ({**LOCAL, "state": "submitted", "registered_on": "2026-01-02"}, False),
    ],
)
def test_state_moves_of_the_owner_are_checked_against_the_local_row(
    row: dict[str, Any], refused: bool
) -> None:
    local = {**LOCAL, "return_reason": "", "registered_on": "2026-01-01"}
    found = check_change("assessment", row, local, "com", "com", _lookup(UNITS))
    assert bool(found) is refused
    if found:
        assert {o.reason for o in found} == {"appraiser_state"}
    # The province may make the appraiser's moves; a field of the unit's stays the unit's.
    by_province = check_change("assessment", row, local, "com", "prov", _lookup(UNITS))
    assert bool(by_province) is (not refused)


@pytest.mark.slow
def test_the_reason_of_a_return_travels_to_the_commune(offices: Offices, tmp_path: Path) -> None:
    _received(offices)
    base = _commune_assessment(offices, "submitted")
    reason = "Bổ sung biên bản họp dân quý I; ảnh chụp chưa rõ ngày."
    appraisal_service.return_for_correction(offices.p, base["id"], reason=reason)
    assert appraisal_service.return_reason(offices.p, base["id"]) == reason
    back = export_package(offices.p, offices.a_id, tmp_path / "usb-p").path
    apply_package(offices.a, read_package(offices.a, back))
    assert offices.a.store.assessments.get(base["id"]).state is S.RETURNED
    assert appraisal_service.return_reason(offices.a, base["id"]) == reason
    # The commune corrects: the reason stays in view until it sends the assessment again.
    assessment_service.transition(offices.a, base["id"], S.IN_PROGRESS, Actor.UNIT)
    assert appraisal_service.return_reason(offices.a, base["id"]) == reason
    assessment_service.transition(offices.a, base["id"], S.SELF_ASSESSED, Actor.UNIT)
    assessment_service.transition(offices.a, base["id"], S.SUBMITTED, Actor.UNIT)
    assert appraisal_service.return_reason(offices.a, base["id"]) == ""
    # The commune's resubmission travels (its reason field untouched) and P accepts it.
    again = export_package(offices.a, offices.p_id, tmp_path / "usb-a2").path
    apply_package(offices.p, read_package(offices.p, again))
    assert offices.p.store.assessments.get(base["id"]).state is S.SUBMITTED
