"""Before building, the window lists criteria that ask for evidence and have none."""

from __future__ import annotations

from dossier_helpers import TT124_COMMUNE_SET, demo_assessment

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services.dossier import completeness_problems
from anninh_desktop.services.workspace import Workspace


def test_a_criterion_without_its_evidence_is_listed(demo_ws: Workspace) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    assert completeness_problems(demo_ws, a.id) == []
    for item in evidence_service.linked_items(demo_ws, a.id, "5.1"):
        evidence_service.unlink(demo_ws, item.id, a.id, "5.1")
    (problem,) = completeness_problems(demo_ws, a.id)
    assert problem.ref == "5.1"
    assert problem.required == (
        EvidenceKind.RESOLUTION,
        EvidenceKind.PLAN,
        EvidenceKind.REGISTRATION,
    )
    assert problem.value is ResultValue.MET
    assert problem.text.startswith("Quý I hằng năm")


def test_not_applicable_rows_need_no_evidence(demo_ws: Workspace) -> None:
    commune = demo_ws.store.units.by_code("32092")
    assert commune is not None
    enterprise = next(
        u for u in demo_ws.store.units.children(commune.id) if u.kind is UnitKind.ENTERPRISE
    )
    a = max(demo_ws.store.assessments.for_unit(enterprise.id), key=lambda x: x.year)
    results = demo_ws.store.assessments.results(a.id)
    assert results["6.1"].value is ResultValue.NOT_APPLICABLE
    assert evidence_service.linked_items(demo_ws, a.id, "6.1") == []
    assert "6.1" not in {p.ref for p in completeness_problems(demo_ws, a.id)}
