"""`check`: database, evidence files and the audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fixtures.movement_data import movement_demo_template
from fixtures.work import child
from fixtures.workspaces import copy_folder, open_folder

from anninh_desktop.services import evidence_service, integrity_service
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.workspace import Workspace


def _item(ws: Workspace, data: bytes) -> str:
    area = child(ws, "Ấp Cây Khô")
    evidence_service.add_content(ws, area.id, data, "anh.jpg", EvidenceMetadata("Ảnh"))
    (digest,) = [h for h, _size in ws.store.evidence.all_blob_hashes()]
    return digest


def test_a_fresh_data_folder_is_in_order(ws: Workspace) -> None:
    report = integrity_service.check(ws)
    assert report.ok, report.problems
    assert report.audit_events == len(ws.store.audit.events()) > 0


def test_missing_evidence_file_is_reported(ws: Workspace) -> None:
    digest = _item(ws, b"anh hop dan")
    ws.store.blobs.path_for(digest).unlink()
    report = integrity_service.check(ws)
    assert report.problems == [f"Evidence file {digest[:12]} is missing from the data folder"]


def test_changed_evidence_file_is_reported(ws: Workspace) -> None:
    digest = _item(ws, b"anh hop dan")
    path: Path = ws.store.blobs.path_for(digest)
    path.write_bytes(b"anh da bi sua")
    seen: list[tuple[int, int]] = []
    report = integrity_service.check(ws, progress=lambda i, n: seen.append((i, n)))
    assert len(report.problems) == 1 and "is damaged" in report.problems[0]
    assert seen == [(1, 1)]


# ---------------------------------------------------------------- the streaming check (issue 14)


def test_a_folder_with_the_movement_is_in_order(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    """Sites, teams and figures (whose audit events record other things than their columns) do
    not break the check nor look edited."""
    ws = open_folder(copy_folder(movement_demo_template(tmp_path_factory), tmp_path / "data"))
    try:
        report = integrity_service.check(ws)
    finally:
        ws.close()
    assert report.ok, report.problems
    assert report.blobs_checked > 0 and report.audit_events > 100


def _hand_edit(ws: Workspace, sql: str, params: list[object]) -> None:
    conn = sqlite3.connect(ws.store.database_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_values_changed_outside_the_program_are_found_whatever_their_type(
    demo_dir: Path,
) -> None:
    """The log's values compared with the row's: a text (SQLite sets the equal ones aside) and a
    number (compared in Python); a column the last event did not record is not compared."""
    ws = open_folder(demo_dir)
    try:
        me = ws.store.installation
        result, logged = ws.store.db.execute(
            "SELECT r.id, json_extract(e.new, '$.value') FROM result r JOIN audit_event e ON "
            "e.seq = (SELECT max(seq) FROM audit_event WHERE entity = 'result' AND "
            "entity_id = r.id) WHERE r.changed_by = ? AND json_extract(e.new, '$.value') "
            "IS NOT NULL AND json_extract(e.new, '$.note') IS NULL ORDER BY r.id LIMIT 1",
            [me],
        ).fetchone()
        assessment = ws.store.db.execute(
            "SELECT a.id FROM assessment a JOIN audit_event e ON e.seq = (SELECT max(seq) FROM "
            "audit_event WHERE entity = 'assessment' AND entity_id = a.id) WHERE a.changed_by = ? "
            "AND json_type(e.new, '$.year') = 'integer' ORDER BY a.id LIMIT 1",
            [me],
        ).fetchone()[0]
        assert integrity_service.check(ws).ok
        other = "not_met" if logged != "not_met" else "met"
        _hand_edit(
            ws, "UPDATE result SET value = ?, note = 'sửa tay' WHERE id = ?", [other, result]
        )
        _hand_edit(ws, "UPDATE assessment SET year = year + 10 WHERE id = ?", [assessment])
        problems = integrity_service.check(ws).problems
    finally:
        ws.close()
    assert sorted(problems) == sorted(
        [
            f"result {result[:12]}: value differ from what the audit log last recorded for it "
            "(changed outside the program?)",
            f"assessment {assessment[:12]}: year differ from what the audit log last recorded "
            "for it (changed outside the program?)",
        ]
    ), problems


def test_sqlite_problems_come_first_and_are_found_while_the_rest_is_read(ws: Workspace) -> None:
    """The integrity and foreign key checks run in a thread of their own: still reported, first."""
    digest = _item(ws, b"anh hop dan")
    ws.store.blobs.path_for(digest).unlink()
    _hand_edit(
        ws,
        "INSERT INTO evidence_link (id, evidence_id, result_id) VALUES ('l-ghost', 'e-ghost', "
        "'r-ghost')",
        [],
    )
    report = integrity_service.check(ws)
    assert report.problems[0].startswith("Broken reference in the database: evidence_link")
    assert report.problems[-1] == f"Evidence file {digest[:12]} is missing from the data folder"
    assert len(report.problems) == 3  # both references of the link, the missing file
