"""What the window lists before building: criteria that ask for evidence and have none, and
evidence whose file the check on arrival found wanting (encrypted, cut short, damaged…)."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.evidence import FileCheck
from anninh_desktop.services.assessment_service import checklist
from anninh_desktop.services.dossier.facts import gather
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


@dataclass(frozen=True)
class EvidenceFileWarning:
    code: str  # the item's code in the dossier, e.g. "MC03"
    evidence_id: str
    title: str
    filename: str
    refs: tuple[str, ...]  # the criteria of this assessment it supports
    check: FileCheck  # what the check on arrival found (a warning)


def evidence_file_warnings(ws: Workspace, assessment_id: str) -> list[EvidenceFileWarning]:
    """Evidence linked to the assessment whose latest file carries a warning, in dossier order.

    Such a file is in the dossier only as a placeholder page with the original attached.
    """
    found: list[EvidenceFileWarning] = []
    for entry in gather(ws, assessment_id).evidence:
        revision = entry.revision
        if revision is None or not revision.check.is_warning:
            continue
        found.append(
            EvidenceFileWarning(
                entry.code,
                entry.evidence.id,
                entry.evidence.title,
                revision.filename,
                entry.refs,
                revision.check,
            )
        )
    return found
