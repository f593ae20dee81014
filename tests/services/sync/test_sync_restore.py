"""A restored office can sync: restore on a new PC (it replaces the old one, or it is a copy)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fixtures.workspaces import open_folder
from sync_helpers import Offices, commune_and_province, introduce

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services import appraisal_service, assessment_service, backup_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity, relocation
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow
PASS = "cụm mật khẩu sao lưu"
S = AssessmentState


def _send(src: Workspace, dst: Workspace, folder: Path) -> None:
    out = export_package(src, identity.ensure_identity(dst).installation_id, folder)
    result = apply_package(dst, read_package(dst, out.path))
    import_ack(src, result.ack_path)


def _note(ws: Workspace, result_id: str, text: str) -> None:
    r = ws.store.assessments.result(result_id)
    with ws.store.change() as stamp:
        ws.store.assessments.save_result(dataclasses.replace(r, note=text), stamp)


def _ids(ws: Workspace) -> tuple[str, list[str]]:
    commune, _ = commune_and_province(ws)
    (assessment,) = [
        x
        for x in ws.store.assessments.for_unit(commune)
        if x.year == 2026 and x.state is S.SELF_ASSESSED
    ][:1]
    results = [r.id for r in ws.store.assessments.results(assessment.id).values()]
    return assessment.id, results


def test_restore_on_a_new_pc_then_sync_both_ways(offices: Offices, tmp_path: Path) -> None:
    a, p = offices.a, offices.p
    assessment, results = _ids(a)
    _send(a, p, tmp_path / "1")
    backup = backup_service.backup(a, tmp_path / "backups", passphrase=PASS)

    # The old PC goes on after the backup: a note the province gets, a submission, a return.
    _note(a, results[0], "Sau sao lưu")
    assessment_service.transition(a, assessment, S.SUBMITTED, Actor.UNIT)
    _send(a, p, tmp_path / "2")
    appraisal_service.return_for_correction(p, assessment, reason="Bổ sung biên bản")
    _send(p, a, tmp_path / "3")
    a.close()  # …and its disk fails.

    # A new PC: without choosing what it is, nothing is restored.
    new = tmp_path / "may-moi"
    with pytest.raises(UserError, match="replaces the office's old computer"):
        backup_service.restore(new, backup, passphrase=PASS)
    assert not new.exists()
    result = backup_service.restore(new, backup, passphrase=PASS, mode="replace")
    assert result.identity == "replaced"
    a2 = open_folder(new)
    try:
        offices.a = a2
        assert not relocation.relocated(a2)
        assert identity.ensure_identity(a2).installation_id == offices.a_id  # same office
        assert a2.store.assessments.result(results[0]).note != "Sau sao lưu"  # lost with the disk

        # It syncs both ways with no new card. Its first package tells P what it holds from P…
        _note(a2, results[1], "Máy mới ghi")
        _send(a2, p, tmp_path / "4")
        assert p.store.assessments.result(results[1]).note == "Máy mới ghi"
        # …so P's next package sends again what the lost PC had received: the return.
        _send(p, a2, tmp_path / "5")
        assert a2.store.assessments.get(assessment).state is S.RETURNED
        assert appraisal_service.return_reason(a2, assessment) == "Bổ sung biên bản"
        # An edit made now is newer than the lost PC's edit of the same row: it wins at P.
        _note(a2, results[0], "Máy mới sửa lại")
        _send(a2, p, tmp_path / "6")
        assert p.store.assessments.result(results[0]).note == "Máy mới sửa lại"
        # The province was told that this office's history lost what came after the backup.
        from anninh_desktop.services import integrity_service

        problems = integrity_service.check(p).problems
        assert any("restored from an older backup" in x for x in problems), problems
    finally:
        a2.close()


def test_restore_as_a_copy_gets_its_own_identity(offices: Offices, tmp_path: Path) -> None:
    a, p = offices.a, offices.p
    backup = backup_service.backup(a, tmp_path / "backups", passphrase=PASS)
    copy_dir = tmp_path / "may-thu-hai"
    result = backup_service.restore(copy_dir, backup, passphrase=PASS, mode="copy")
    assert result.identity == "copy"
    copy = open_folder(copy_dir)
    try:
        mine = identity.ensure_identity(copy)
        assert mine.installation_id != offices.a_id
        assert mine.office_name == "Công an xã Hồ Thị Kỷ"
        assert not relocation.relocated(copy)
        # P does not know the copy until it imports its card; then the copy syncs.
        out = export_package(copy, offices.p_id, tmp_path / "c1")
        with pytest.raises(UserError, match="unknown office"):
            read_package(p, out.path)
        introduce(copy, p, tmp_path / "cards")
        _send(copy, p, tmp_path / "c2")
        _send(p, copy, tmp_path / "c3")
    finally:
        copy.close()
