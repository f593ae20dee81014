"""History: the audit log of a unit, an assessment or a criterion, in words, filtered, exported."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from fixtures.work import register, unit_by_code

from anninh_desktop import i18n
from anninh_desktop.domain.assessments import ResultValue, WorkStatus
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import assessment_service, evidence_service
from anninh_desktop.services.evidence_rows import EvidenceMetadata
from anninh_desktop.services.history.export_xlsx import export_history
from anninh_desktop.services.history.log import (
    HistoryFilter,
    HistoryScope,
    ScopeKind,
    chain_state,
    filtered,
    history,
    people_in,
)
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import session
from anninh_desktop.services.workspace import Workspace


def _work(ws: Workspace) -> tuple[str, str, str, str]:
    """An assessment with two criteria worked on by an officer, and one piece of evidence."""
    a = register(ws, unit_by_code(ws))
    first, second = list(ws.store.assessments.results(a.id))[:2]
    an = people.add_officer(ws, "Nguyễn Văn An", "Đại úy")
    session.start_work(ws, an.id)
    assessment_service.update_result(ws, a.id, first, value=ResultValue.MET)
    assessment_service.update_result(
        ws, a.id, first, work_status=WorkStatus.DONE, note="Đã họp dân"
    )
    assessment_service.update_result(
        ws, a.id, second, value=ResultValue.NOT_MET, remediation="Họp lại vào quý III"
    )
    e = evidence_service.add_content(
        ws,
        a.unit_id,
        b"%PDF-1.4 nghi quyet",
        "nq.pdf",
        EvidenceMetadata("Nghị quyết họp dân", EvidenceKind.RESOLUTION),
        link_to=[(a.id, first), (a.id, second)],
    )
    evidence_service.unlink(ws, e.id, a.id, second)
    return a.id, first, second, an.label


def test_criterion_history_says_who_changed_what_from_what_to_what(ws: Workspace) -> None:
    assessment_id, first, second, officer = _work(ws)
    unit = unit_by_code(ws)
    entries = history(ws, HistoryScope(ScopeKind.CRITERION, unit.id, assessment_id, first))
    # newest first: the link of the evidence, the evidence, the work status, the result
    evidence = "Evidence “Nghị quyết họp dân”"
    assert [(e.what, e.subject, e.who) for e in entries] == [
        ("Evidence linked to a criterion", f"{evidence} — criterion {first}", officer),
        ("Evidence added", evidence, officer),
        ("Result changed", f"Criterion {first}", officer),
        ("Result changed", f"Criterion {first}", officer),
    ]
    assert entries[3].changes_text() == "Result: Not assessed → Met\nWork status: To do → Working"
    assert entries[2].changes_text() == "Work status: Working → Done\nNote: Đã họp dân"
    assert entries[1].changes_text() == "Title: Nghị quyết họp dân\nFile: nq.pdf"
    assert entries[0].computer == "this computer"

    # the other criterion sees its own link and unlink, not the first one's link
    other = history(ws, HistoryScope(ScopeKind.CRITERION, unit.id, assessment_id, second))
    assert [e.action for e in other] == [
        "evidence.unlink",
        "evidence.link",
        "evidence.add",
        "result.update",
    ]
    assert "Remediation plan: Họp lại vào quý III" in other[3].changes_text()


def test_assessment_and_unit_histories_hold_their_rows(ws: Workspace) -> None:
    assessment_id, _first, _second, _officer = _work(ws)
    unit = unit_by_code(ws)
    of_assessment = history(ws, HistoryScope(ScopeKind.ASSESSMENT, unit.id, assessment_id))
    actions = [e.action for e in of_assessment]
    assert actions[-1] == "assessment.register"
    assert actions.count("result.update") == 3 and "evidence.add" in actions
    of_unit = history(ws, HistoryScope(ScopeKind.UNIT, unit.id))
    assert {e.seq for e in of_assessment} <= {e.seq for e in of_unit}
    assert not any(e.action == "officer.add" for e in of_unit)  # not this unit's history


def test_filters_by_text_person_kind_and_dates(ws: Workspace) -> None:
    assessment_id, _first, _second, officer = _work(ws)
    unit = unit_by_code(ws)
    entries = history(ws, HistoryScope(ScopeKind.ASSESSMENT, unit.id, assessment_id))
    assert people_in(entries) == sorted({officer, ws.actor})
    assert {e.who for e in filtered(entries, HistoryFilter(who=officer))} == {officer}
    assert all(
        e.category == "evidence" for e in filtered(entries, HistoryFilter(category="evidence"))
    )
    assert len(filtered(entries, HistoryFilter(text="hop dan"))) >= 2  # diacritics ignored
    assert filtered(entries, HistoryFilter(text="không có chữ này")) == []
    day = entries[0].at.date()
    assert filtered(entries, HistoryFilter(since=day, until=day)) == entries
    assert filtered(entries, HistoryFilter(until=date(2000, 1, 1))) == []


def test_history_in_vietnamese(ws: Workspace) -> None:
    assessment_id, first, _second, _officer = _work(ws)
    i18n.set_language("vi")
    entries = history(
        ws, HistoryScope(ScopeKind.CRITERION, unit_by_code(ws).id, assessment_id, first)
    )
    assert entries[3].what == "Thay đổi kết quả"
    assert entries[3].changes_text() == (
        "Kết quả: Chưa đánh giá → Đạt\nTình trạng thực hiện: Chưa làm → Đang làm"
    )
    assert entries[3].subject == f"Tiêu chí {first}"
    assert entries[1].subject == "Minh chứng “Nghị quyết họp dân”"
    assert chain_state(ws).message.startswith("Nhật ký còn nguyên vẹn")


def test_chain_state_names_the_first_broken_link(ws: Workspace, seeded_dir: Path) -> None:
    _work(ws)
    assert chain_state(ws).intact
    seq = ws.store.audit.events()[-3].seq
    ws.close()
    conn = sqlite3.connect(seeded_dir / "anninh.sqlite3")
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET officer_name = 'Người khác' WHERE seq = ?", [seq])
    conn.commit()
    conn.close()
    from fixtures.workspaces import open_folder

    reopened = open_folder(seeded_dir)
    try:
        state = chain_state(reopened)
        assert not state.intact and state.broken_at == seq
        assert f"event {seq} was changed" in state.message
    finally:
        reopened.close()


def test_export_to_excel_keeps_the_rows_and_the_chain_state(ws: Workspace, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assessment_id, first, _second, officer = _work(ws)
    unit = unit_by_code(ws)
    entries = history(ws, HistoryScope(ScopeKind.CRITERION, unit.id, assessment_id, first))
    path = export_history(tmp_path / "lich-su.xlsx", "Tiêu chí 1", entries, chain_state(ws))
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Seq", "Time", "Who")
    assert [r[2] for r in rows[1:5]] == [officer] * 4
    assert rows[4][6] == "Result: Not assessed → Met\nWork status: To do → Working"
    assert rows[-1][4:6] == ("Log check", chain_state(ws).message)
