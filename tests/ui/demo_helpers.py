"""The demo's assessments the window tests work on."""

from __future__ import annotations

from fixtures.workspaces import MAIN_COMMUNE_CODE

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services import assessment_service


def reopened_commune_assessment(ws, code: str = "tt124-xa-phuong") -> str:
    """The demo commune's 2026 assessment of a set, self-assessed in the demo (its results
    locked), reopened for editing as the header's "Reopen for editing" does; returns its id."""
    commune = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    for a in ws.store.assessments.for_unit(commune.id):
        if a.year == 2026 and ws.store.criteria.get(a.set_id).code == code:
            if a.state is AssessmentState.SELF_ASSESSED:
                assessment_service.transition(ws, a.id, AssessmentState.IN_PROGRESS)
            return a.id
    raise LookupError(code)
