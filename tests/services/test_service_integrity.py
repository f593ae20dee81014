"""`check`: database, evidence files and the audit log."""

from __future__ import annotations

from pathlib import Path

from fixtures.work import child

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
