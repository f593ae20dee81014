"""The province-scale demo (performance data) at a small size: same code path, seconds not minutes."""

from __future__ import annotations

import random
from pathlib import Path

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.services.clock import fixed_clock
from anninh_desktop.services.demo.builder import DEMO_NOW, DemoBuilder
from anninh_desktop.services.demo.province_scale import YEARS, build_province
from anninh_desktop.services.workspace import open_workspace


def test_small_province_scale_build(tmp_path: Path) -> None:
    ws = open_workspace(tmp_path / "big", clock=fixed_clock(DEMO_NOW))
    try:
        builder = DemoBuilder(ws=ws, rng=random.Random(1), say=lambda _t: None)
        summary = build_province(builder, communes_wanted=2, evidence_target=120)
        summaries = ws.store.assessments.summaries()
        # 2 communes, each with 10 residential areas and 5 establishments, three periods
        assert len(summaries) == 2 * 16 * len(YEARS)
        assert ws.store.evidence.count() == 120
        assert {s.assessment.state for s in summaries} > {AssessmentState.RECOGNISED}
        assert "120" in summary
        # Names and titles as a Vietnamese clerk writes them: no English, no program words.
        units = {ws.store.units.get(s.assessment.unit_id).display_name for s in summaries}
        for name in units:
            lowered = name.lower()
            assert not any(w in lowered for w in ("agency", "enterprise", "school", "đơn vị"))
        assert any(name.startswith("Trạm Y tế xã ") for name in units)
        titles = {e.title for e in ws.store.evidence.for_unit(summaries[0].assessment.unit_id)}
        assert titles and all(t.startswith("Báo cáo ") and "Minh chứng" not in t for t in titles)
    finally:
        ws.close()
