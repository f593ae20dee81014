"""Finding the demo's assessments for the checklist tests."""

from __future__ import annotations


def find_assessment(ws, code: str, state: str, year: int = 2026) -> str:
    """The id of the demo assessment of a set (by code) in a state."""
    for summary in ws.store.assessments.summaries(year=year):
        a = summary.assessment
        if a.state.value == state and ws.store.criteria.get(a.set_id).code == code:
            return a.id
    raise LookupError((code, state, year))
