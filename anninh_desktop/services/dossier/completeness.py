"""What the window lists before building: criteria that ask for evidence and have none."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services.assessment_service import checklist
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class MissingEvidence:
    ref: str
    text: str
    required: tuple[EvidenceKind, ...]  # the kinds the criterion asks for
    value: ResultValue  # the criterion's result (a criterion not met may still want its proof)


def completeness_problems(ws: Workspace, assessment_id: str) -> list[MissingEvidence]:
    """Criteria, in set order, that require evidence and have none linked.

    Rows marked not applicable need none (the same rule as the navigator's "lacks evidence" filter
    and the checklist's red mark).
    """
    view = checklist(ws, assessment_id)
    problems: list[MissingEvidence] = []
    for criterion in view.criterion_set.assessable_criteria():
        result = view.results.get(criterion.ref)
        if result is None or not criterion.required_evidence:
            continue
        if result.value is ResultValue.NOT_APPLICABLE:
            continue
        if view.evidence_counts.get(criterion.ref, 0) == 0:
            problems.append(
                MissingEvidence(
                    criterion.ref, criterion.text, criterion.required_evidence, result.value
                )
            )
    return problems
