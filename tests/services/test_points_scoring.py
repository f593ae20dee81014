"""Sets scored with points: points per row within the row's maximum, the total and its class."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.points_set import register_points_assessment
from fixtures.work import register, unit_by_code

from anninh_desktop.domain.progress import points_score
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace


def test_points_are_saved_and_summed_with_their_class(ws: Workspace, tmp_path: Path) -> None:
    a = register_points_assessment(ws, unit_by_code(ws).id, tmp_path)
    s = ws.store.criteria.get(a.set_id)
    assert points_score(s, ws.store.assessments.results(a.id)).total == 0
    assessment_service.update_result(ws, a.id, "1", points=5.5)
    assessment_service.update_result(ws, a.id, "2", points=2)
    score = points_score(s, ws.store.assessments.results(a.id))
    assert (score.total, score.maximum, score.reached) == (7.5, 10, "Khá")
    assessment_service.update_result(ws, a.id, "2", points=4)
    assert points_score(s, ws.store.assessments.results(a.id)).reached == "Xuất sắc"
    assessment_service.update_result(ws, a.id, "2", points=None)  # cleared again
    assert ws.store.assessments.results(a.id)["2"].points is None


@pytest.mark.parametrize("points", [-1, 6.5])
def test_points_outside_the_row_range_are_refused(ws: Workspace, tmp_path: Path, points) -> None:
    a = register_points_assessment(ws, unit_by_code(ws).id, tmp_path)
    with pytest.raises(UserError, match="from 0 to 6 points"):
        assessment_service.update_result(ws, a.id, "1", points=points)
    assert ws.store.assessments.results(a.id)["1"].points is None


def test_a_pass_fail_set_takes_no_points(ws: Workspace) -> None:
    a = register(ws, unit_by_code(ws))
    s = ws.store.criteria.get(a.set_id)
    ref = s.assessable_criteria()[0].ref
    with pytest.raises(UserError, match="not scored with points"):
        assessment_service.update_result(ws, a.id, ref, points=1)
    assert points_score(s, ws.store.assessments.results(a.id)) is None
