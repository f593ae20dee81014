"""The evidence pane on a copied demo folder: the commune's open 2026 assessment and a locked one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from demo_helpers import reopened_commune_assessment
from fixtures.work import MAIN_COMMUNE_CODE

from anninh_desktop.domain.workflow import results_locked
from anninh_desktop.services import evidence_service


@dataclass(frozen=True)
class Context:
    unit_id: str
    assessment_id: str  # open for editing (2026, reopened after its self-assessment)
    ref: str  # a criterion of it
    other_ref: str  # another criterion of it
    locked_id: str  # an assessment of the same unit that is read-only (recognised, 2025)


@pytest.fixture()
def context(demo_workspace) -> Context:
    store = demo_workspace.store
    unit = store.units.by_code(MAIN_COMMUNE_CODE)
    assert unit is not None
    open_ = store.assessments.get(reopened_commune_assessment(demo_workspace))
    assert not results_locked(open_)
    assessments = store.assessments.for_unit(unit.id)
    locked = next(a for a in assessments if a.locked)
    refs = [ref for ref, _text in evidence_service.criteria_choices(demo_workspace, open_.id)]
    return Context(unit.id, open_.id, refs[0], refs[1], locked.id)


@pytest.fixture()
def pane(qtbot, demo_workspace, inline_tasks, context):
    from anninh_desktop.ui.evidence import EvidencePane

    widget = EvidencePane(demo_workspace, inline_tasks)
    qtbot.addWidget(widget)
    widget.resize(480, 900)
    widget.set_context(context.unit_id, context.assessment_id, context.ref)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.thumbnails.wait(5000)
