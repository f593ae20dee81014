"""Repositories take and return domain objects; synced rows carry their writer and counter."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest

from anninh_desktop.domain.assessments import (
    Assessment,
    AssessmentState,
    Result,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.criteria import CriterionSet, EvidenceKind
from anninh_desktop.domain.documents import Document
from anninh_desktop.domain.evidence import Evidence, EvidenceLink, EvidenceRevision
from anninh_desktop.domain.ids import new_id
from anninh_desktop.domain.numbering import DocumentNumber
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.clock import VIETNAM_TZ
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

COMMUNE_CODE = "32092"
HEX32 = re.compile(r"[0-9a-f]{32}")
SYNCED_TABLES = (
    "unit",
    "criterion_set",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "document",
    "appraisal",
)


def _commune(ws: Workspace) -> Unit:
    unit = ws.store.units.by_code(COMMUNE_CODE)
    assert unit is not None
    return unit


def _commune_set(ws: Workspace, code: str = "tt124-khu-dan-cu") -> CriterionSet:
    s = ws.store.criteria.latest(code)
    assert s is not None
    return s


# ------------------------------------------------------------------------ units


def test_unit_round_trip(ws: Workspace) -> None:
    unit = Unit(
        id=new_id(),
        kind=UnitKind.SCHOOL,
        name="Trường THCS Hồ Thị Kỷ",
        subtype="trường",
        parent_id=_commune(ws).id,
        valid_from=date(2025, 9, 5),
        valid_to=None,
    )
    with ws.store.change() as stamp:
        ws.store.units.save(unit, stamp)
    assert ws.store.units.get(unit.id) == unit
    assert unit in ws.store.units.children(_commune(ws).id)


def test_unit_with_successors_round_trips(ws: Workspace) -> None:
    commune = _commune(ws)
    merged = Unit(
        id=new_id(),
        kind=UnitKind.RESIDENTIAL_AREA,
        name="Ấp Cũ",
        subtype="ấp",
        parent_id=commune.id,
        valid_to=date(2025, 6, 30),
    )
    successor = Unit(
        id=new_id(),
        kind=UnitKind.RESIDENTIAL_AREA,
        name="Ấp Mới",
        subtype="ấp",
        parent_id=commune.id,
        valid_from=date(2025, 7, 1),
    )
    merged = dataclasses.replace(merged, successor_ids=(successor.id,))
    with ws.store.change() as stamp:
        ws.store.units.save(successor, stamp)
        ws.store.units.save(merged, stamp)

    assert ws.store.units.get(merged.id) == merged, "save() dropped the successor links"
    assert [u.id for u in ws.store.units.predecessors(successor.id)] == [merged.id]


def test_reference_units_keep_their_successions(ws: Workspace) -> None:
    predecessor_id, successor_id = ws.store.db.execute(
        "SELECT predecessor_id, successor_id FROM unit_succession ORDER BY predecessor_id LIMIT 1"
    ).fetchone()
    old = ws.store.units.get(predecessor_id)
    assert old.is_historic
    assert successor_id in old.successor_ids
    assert predecessor_id in [u.id for u in ws.store.units.predecessors(successor_id)]


def test_unit_names_are_stored_nfc_and_searched_folded(ws: Workspace) -> None:
    decomposed = unicodedata.normalize("NFD", "Khóm Đầu Sấu")
    unit = Unit(
        id=new_id(),
        kind=UnitKind.RESIDENTIAL_AREA,
        name=decomposed,
        subtype="khóm",
        parent_id=_commune(ws).id,
    )
    with ws.store.change() as stamp:
        ws.store.units.save(unit, stamp)
    stored = ws.store.units.get(unit.id)
    assert stored.name == unicodedata.normalize("NFC", decomposed)
    assert [u.id for u in ws.store.units.search("dau sau")] == [unit.id]
    assert [u.id for u in ws.store.units.search("ĐẦU SẤU")] == [unit.id]


# ------------------------------------------------------------------------ assessments


def test_assessment_and_results_round_trip(ws: Workspace) -> None:
    area = create_child_unit(ws, _commune(ws).id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    s = _commune_set(ws)
    a = Assessment(
        id=new_id(),
        unit_id=area.id,
        set_id=s.id,
        year=2026,
        period_start=date(2025, 11, 1),
        period_end=date(2026, 10, 31),
        state=AssessmentState.RECOGNISED,
        registered_on=date(2026, 1, 15),
        decision_number="123/QĐ-UBND",
        decision_date=date(2026, 11, 28),
        decided_by="Chủ tịch UBND xã",
    )
    refs = [c.ref for c in s.assessable_criteria()]
    results = [
        Result(
            id=new_id(),
            assessment_id=a.id,
            criterion_ref=refs[0],
            value=ResultValue.MET,
            work_status=WorkStatus.DONE,
            note="Đủ hồ sơ",
            responsible="Trưởng ấp",
        ),
        Result(
            id=new_id(),
            assessment_id=a.id,
            criterion_ref=refs[1],
            value=ResultValue.NOT_MET,
            work_status=WorkStatus.IN_PROGRESS,
            figures="3/5",
            due_date=date(2026, 6, 30),
            remediation="Củng cố tổ tự quản",
            points=7.5,
        ),
        Result(
            id=new_id(),
            assessment_id=a.id,
            criterion_ref=refs[2],
            value=ResultValue.NOT_APPLICABLE,
            na_reason="Không có cơ sở kinh doanh",
        ),
    ]
    with ws.store.change() as stamp:
        ws.store.assessments.add(a, results, stamp)

    assert ws.store.assessments.get(a.id) == a
    assert ws.store.assessments.find(area.id, s.id, 2026) == a
    assert ws.store.assessments.for_unit(area.id) == [a]
    assert ws.store.assessments.results(a.id) == {r.criterion_ref: r for r in results}
    assert ws.store.assessments.result(results[1].id) == results[1]

    changed = dataclasses.replace(
        results[1], value=ResultValue.MET, due_date=None, note="Đã khắc phục", points=None
    )
    with ws.store.change() as stamp:
        ws.store.assessments.save_result(changed, stamp)
    assert ws.store.assessments.result(changed.id) == changed

    (summary,) = ws.store.assessments.summaries(unit_ids=[area.id])
    assert (summary.total, summary.done, summary.met, summary.not_applicable) == (3, 3, 2, 1)


# ------------------------------------------------------------------------ evidence


def test_evidence_revisions_and_links_round_trip(ws: Workspace) -> None:
    area = create_child_unit(ws, _commune(ws).id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    a = assessment_service.register(ws, area.id, _commune_set(ws), 2026)
    results = ws.store.assessments.results(a.id)
    first, second = list(results.values())[:2]
    e = Evidence(
        id=new_id(),
        unit_id=area.id,
        title="Kế hoạch bảo đảm ANTT năm 2026",
        kind=EvidenceKind.PLAN,
        number="12/KH-UBND",
        issue_date=date(2026, 1, 5),
        issuer="UBND xã Hồ Thị Kỷ",
        effective_date=date(2026, 1, 6),
    )
    other_zone = timezone(timedelta(hours=-5))
    revisions = [
        EvidenceRevision(
            id=new_id(),
            evidence_id=e.id,
            revision=1,
            sha256="a" * 64,
            size=10,
            filename="kế hoạch.pdf",
            media_type="application/pdf",
            added_at=datetime(2026, 1, 6, 8, 0, tzinfo=VIETNAM_TZ),
        ),
        EvidenceRevision(
            id=new_id(),
            evidence_id=e.id,
            revision=2,
            sha256="b" * 64,
            size=12,
            filename="kế hoạch (sửa).pdf",
            media_type="application/pdf",
            added_at=datetime(2026, 1, 7, 20, 0, tzinfo=other_zone),
        ),
    ]
    with ws.store.change() as stamp:
        ws.store.evidence.save(e, stamp)
        for r in revisions:
            ws.store.evidence.add_revision(r, stamp)
        assert ws.store.evidence.link(EvidenceLink(new_id(), e.id, first.id), stamp)
        assert ws.store.evidence.link(EvidenceLink(new_id(), e.id, second.id), stamp)
        assert not ws.store.evidence.link(EvidenceLink(new_id(), e.id, first.id), stamp)

    assert ws.store.evidence.get(e.id) == e
    assert ws.store.evidence.for_unit(area.id) == [e]
    assert ws.store.evidence.revisions(e.id) == revisions
    assert ws.store.evidence.latest_revision(e.id) == revisions[-1]
    assert ws.store.evidence.for_result(first.id) == [e]
    assert ws.store.evidence.counts_by_criterion(a.id) == {
        first.criterion_ref: 1,
        second.criterion_ref: 1,
    }

    with ws.store.change() as stamp:
        assert ws.store.evidence.unlink(e.id, first.id, stamp)
        assert not ws.store.evidence.unlink(e.id, first.id, stamp)
    assert ws.store.evidence.for_result(first.id) == []
    with ws.store.change() as stamp:
        assert ws.store.evidence.link(EvidenceLink(new_id(), e.id, first.id), stamp)  # revives
    assert ws.store.evidence.counts_by_criterion(a.id)[first.criterion_ref] == 1
    assert ws.store.db.execute("SELECT count(*) FROM evidence_link").fetchone()[0] == 2


def test_revisions_are_immutable_in_the_database(ws: Workspace) -> None:
    area = create_child_unit(ws, _commune(ws).id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    item = evidence_service.add_content(
        ws, area.id, b"noi dung", "bien-ban.pdf", evidence_service.EvidenceMetadata("Biên bản")
    )
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        ws.store.db.execute(
            "UPDATE evidence_revision SET sha256 = ? WHERE evidence_id = ?", ["c" * 64, item.id]
        )


def test_documents_round_trip_their_numbers(ws: Workspace) -> None:
    with ws.store.change() as stamp:
        for number in ("01/BC-CAX", "Số: 07/BC-CAX", "không số"):
            ws.store.documents.add(
                Document(
                    id=new_id(),
                    assessment_id=None,
                    kind="BC",
                    number=number,
                    year=2026,
                    issuer="CAX",
                    created_at=datetime(2026, 3, 2, tzinfo=VIETNAM_TZ),
                ),
                stamp,
            )
    numbers = ws.store.documents.issued_numbers("CAX", "BC", 2026)
    assert sorted(numbers, key=lambda n: n.sequence) == [
        DocumentNumber(1, 2026, "BC", "CAX"),
        DocumentNumber(7, 2026, "BC", "CAX"),
    ]
    assert ws.store.documents.issued_numbers("CAX", "BC", 2025) == []


def test_a_document_is_added_with_every_field_and_without_sqlite_utils(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dossier build records its numbers through `add`: plain SQL, so that the build need not
    import sqlite-utils (bench/dossier_build.py)."""

    def no_tables_api(_db: object) -> None:
        raise AssertionError("DocumentRepository.add used sqlite-utils")

    monkeypatch.setattr(type(ws.store.db), "tables_api", property(no_tables_api))
    document = Document(
        id=new_id(),
        assessment_id=None,
        kind="dossier",
        number="",
        year=2026,
        issuer="CAX",
        sha256="a" * 64,
        filename="ho-so-xa.pdf",
        created_at=datetime(2026, 3, 2, 8, 30, tzinfo=VIETNAM_TZ),
        signatures='[{"signer": "Nguyễn Văn A"}]',
        verification="hợp lệ",
        verified_at=datetime(2026, 3, 3, 9, 0, tzinfo=VIETNAM_TZ),
    )
    with ws.store.change() as stamp:
        ws.store.documents.add(document, stamp)
    assert ws.store.documents.get(document.id) == document
    changed_by, change_seq = ws.store.db.execute(
        "SELECT changed_by, change_seq FROM document WHERE id = ?", [document.id]
    ).fetchone()
    assert (changed_by, change_seq) == (stamp.installation, stamp.seq)


# ------------------------------------------------------------------------ sync columns and ids


def _work(ws: Workspace) -> None:
    """Some ordinary work through the services: units, an assessment, results, evidence."""
    area = create_child_unit(ws, _commune(ws).id, UnitKind.RESIDENTIAL_AREA, "Ấp Cây Khô", "ấp")
    a = assessment_service.register(ws, area.id, _commune_set(ws), 2026)
    refs = list(ws.store.assessments.results(a.id))
    assessment_service.update_result(ws, a.id, refs[0], value="met")
    evidence_service.add_content(
        ws,
        area.id,
        b"%PDF nghi quyet",
        "nghi-quyet.pdf",
        evidence_service.EvidenceMetadata("Nghị quyết chi bộ", EvidenceKind.RESOLUTION),
        link_to=[(a.id, refs[0])],
    )


def test_every_synced_row_written_here_carries_this_installation_and_a_rising_counter(
    ws: Workspace,
) -> None:
    _work(ws)
    me = ws.store.installation
    assert HEX32.fullmatch(me)
    seqs = []
    for table in SYNCED_TABLES:
        rows = ws.store.db.execute(
            f"SELECT changed_by, change_seq FROM {table} WHERE change_seq > 0"
        ).fetchall()
        assert {r[0] for r in rows} <= {me}, table
        seqs.extend(r[1] for r in rows)
    unstamped = ws.store.db.execute(
        "SELECT count(*) FROM unit WHERE change_seq = 0 AND changed_by = ''"
    ).fetchone()[0]
    assert unstamped > 10_000, "official reference units are shared data, not changes"
    counter = int(ws.store.meta("change_counter") or 0)
    assert max(seqs) == counter

    # The assessment's row was written at registration, then again when work started.
    row = ws.store.db.execute("SELECT state, change_seq FROM assessment").fetchone()
    result_seqs = ws.store.db.execute("SELECT min(change_seq) FROM result").fetchone()[0]
    assert row[0] == "in_progress" and row[1] > result_seqs
    link_seq = ws.store.db.execute("SELECT change_seq FROM evidence_link").fetchone()[0]
    assert link_seq == counter


def test_each_change_advances_the_counter_once_and_a_failed_one_not_at_all(ws: Workspace) -> None:
    first = int(ws.store.meta("change_counter") or 0)
    with ws.store.change() as stamp:
        assert stamp.seq == first + 1
        assert stamp.installation == ws.store.installation
    with pytest.raises(RuntimeError), ws.store.change() as stamp:
        unit = Unit(id=new_id(), kind=UnitKind.AGENCY, name="Trạm Y tế", parent_id=_commune(ws).id)
        ws.store.units.save(unit, stamp)
        raise RuntimeError("crash")
    assert int(ws.store.meta("change_counter") or 0) == first + 1
    with pytest.raises(KeyError, match=unit.id):  # rolled back: the unit was never saved
        ws.store.units.get(unit.id)


def test_ids_are_32_hex_text_and_globally_unique(ws: Workspace) -> None:
    _work(ws)
    seen: set[str] = set()
    for table in SYNCED_TABLES:
        (id_type,) = [
            r[2] for r in ws.store.db.execute(f"PRAGMA table_info({table})") if r[1] == "id"
        ]
        assert id_type == "TEXT", table
        ids = [r[0] for r in ws.store.db.execute(f"SELECT id FROM {table}")]
        assert all(isinstance(i, str) and HEX32.fullmatch(i) for i in ids), table
        assert not seen & set(ids), f"{table} reuses an id of another table"
        seen |= set(ids)
