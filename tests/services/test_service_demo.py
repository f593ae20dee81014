"""The commune-scale demo: reproducible, realistic, and a valid data folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fixtures.workspaces import build_demo_folder, database_path, demo_template, table_dump
from PIL import Image

from anninh_desktop.domain.assessments import AssessmentState, ResultValue
from anninh_desktop.domain.progress import progress
from anninh_desktop.services import assessment_service, integrity_service
from anninh_desktop.services.workspace import Workspace

EXEMPLARY = "qd9745-xa-dien-hinh"
MAIN_COMMUNE = "32092"
ORIENTATION = 0x0112
# Columns that name the installation (random per data folder) or hash it in.
PER_INSTALLATION = ("changed_by", "installation", "prev_hash", "hash")
TABLES = (
    "unit",
    "unit_succession",
    "criterion_set",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "audit_event",
    "document",
    "appraisal",
)


def _exemplary(ws: Workspace) -> assessment_service.Checklist:
    unit = ws.store.units.by_code(MAIN_COMMUNE)
    assert unit is not None
    (a,) = [
        a
        for a in ws.store.assessments.for_unit(unit.id)
        if ws.store.criteria.get(a.set_id).code == EXEMPLARY
    ]
    return assessment_service.checklist(ws, a.id)


@pytest.mark.slow
def test_same_seed_gives_the_same_content(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    template = demo_template(tmp_path_factory)
    again = tmp_path / "again"
    build_demo_folder(again)

    first = table_dump(database_path(template), TABLES, skip_columns=PER_INSTALLATION)
    second = table_dump(database_path(again), TABLES, skip_columns=PER_INSTALLATION)
    for table in TABLES:
        assert first[table] == second[table], table
    assert sorted(p.name for p in (template / "blobs").rglob("*") if p.is_file()) == sorted(
        p.name for p in (again / "blobs").rglob("*") if p.is_file()
    )


def test_exemplary_commune_has_32_of_34_with_plans_for_the_two_gaps(demo_ws: Workspace) -> None:
    view = _exemplary(demo_ws)

    assert view.progress.label == "32/34"
    assert (view.progress.met, view.progress.not_met, view.progress.total) == (32, 2, 34)
    unmet = [r for r in view.results.values() if r.value is ResultValue.NOT_MET]
    assert len(unmet) == 2
    assert all(r.remediation.strip() and r.due_date is not None for r in unmet)
    assert view.assessment.state is AssessmentState.SELF_ASSESSED


def test_demo_has_plenty_of_evidence_with_a_shared_item(demo_ws: Workspace) -> None:
    db = demo_ws.store.db
    assert demo_ws.store.evidence.count() >= 60
    assert db.execute("SELECT count(DISTINCT sha256) FROM evidence_revision").fetchone()[0] >= 60
    shared = db.execute(
        "SELECT evidence_id FROM evidence_link WHERE deleted = 0 GROUP BY evidence_id "
        "HAVING count(DISTINCT result_id) >= 2"
    ).fetchall()
    assert shared, "one evidence item should support two criteria"
    kinds = {r[0] for r in db.execute("SELECT DISTINCT media_type FROM evidence_revision")}
    assert {"application/pdf", "image/jpeg"} <= kinds
    assert len(kinds) >= 4  # office files (Word, Excel) too


def test_demo_has_a_sideways_photo_with_exif_orientation_6(demo_ws: Workspace) -> None:
    hashes = [
        r[0]
        for r in demo_ws.store.db.execute(
            "SELECT DISTINCT sha256 FROM evidence_revision WHERE media_type = 'image/jpeg'"
        )
    ]
    orientations = []
    for digest in hashes:
        with demo_ws.store.blobs.open(digest) as fh, Image.open(io.BytesIO(fh.read())) as image:
            assert image.format == "JPEG"
            orientations.append(image.getexif().get(ORIENTATION))
    assert 6 in orientations
    assert orientations.count(6) < len(orientations)


def test_demo_has_assessments_in_every_state(demo_ws: Workspace) -> None:
    states = {s.assessment.state for s in demo_ws.store.assessments.summaries()}
    assert states == set(AssessmentState)


def test_recognised_demo_assessments_are_consistent(demo_ws: Workspace) -> None:
    for summary in demo_ws.store.assessments.summaries():
        a = summary.assessment
        if a.state is AssessmentState.RECOGNISED:
            assert a.decision_number and a.decision_date is not None
            s = demo_ws.store.criteria.get(a.set_id)
            counts = progress(s, demo_ws.store.assessments.results(a.id))
            assert counts.not_assessed == 0


def test_demo_data_passes_the_integrity_check(demo_ws: Workspace) -> None:
    report = integrity_service.check(demo_ws)
    assert report.ok, report.problems
    assert report.blobs_checked >= 60
    assert report.audit_events > 100


ACRONYMS = {"THCS", "THPT", "TNHH", "ANTQ", "ĐK-UBND", "UBND"}


def test_demo_evidence_reads_as_a_clerk_writes_it(demo_ws: Workspace) -> None:
    issuers = set()
    for summary in demo_ws.store.assessments.summaries():
        for item in demo_ws.store.evidence.for_unit(summary.assessment.unit_id):
            words = item.title.replace("—", " ").split()
            shouting = [w for w in words if w.isupper() and len(w) > 1 and w not in ACRONYMS]
            assert not shouting, item.title  # "Nghị quyết", never "Nghị QUYẾT"
            assert item.title[:1].isupper()
            issuers.add(item.issuer)
    assert {"Công an xã Hồ Thị Kỷ", "Ủy ban nhân dân xã Hồ Thị Kỷ"} <= issuers
    assert not any("Công An" in i or "Xã Hồ" in i for i in issuers)  # not Title Case
