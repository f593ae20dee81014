"""Two PCs of the same commune office edit the same result: both keep both versions, same winner."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from sync_helpers import Offices, commune_and_province, introduce, new_installation

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.conflicts import list_conflicts, resolve_conflict
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


def _note(ws: Workspace, result_id: str, note: str) -> None:
    result = ws.store.assessments.result(result_id)
    with ws.store.change() as stamp:
        ws.store.assessments.save_result(dataclasses.replace(result, note=note), stamp)


def _send(src: Workspace, dst: Workspace, folder: Path) -> None:
    peer = identity.ensure_identity(dst).installation_id
    out = export_package(src, peer, folder)
    apply_package(dst, read_package(dst, out.path))


@contextmanager
def _second_pc(
    a: Workspace, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[tuple[Workspace, str, str]]:
    """PC 2 of the same commune office (its own installation id), with PC 1's data: (PC 2,
    commune id, id of a result both can edit)."""
    b = open_folder(copy_folder(seeded_template(tmp_path_factory), tmp_path / "B"))
    try:
        new_installation(b)
        commune, _ = commune_and_province(a)
        identity.set_office(b, "Công an xã Hồ Thị Kỷ (máy 2)", commune)
        introduce(a, b, tmp_path / "cards")
        _send(a, b, tmp_path / "usb1")
        result_id = a.store.db.execute(
            "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
            # not the demo's earlier, self-recorded decisions: those stay on PC 1
            "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
            [commune],
        ).fetchone()[0]
        yield b, commune, result_id
    finally:
        b.close()


def test_concurrent_edits_are_kept_and_converge(
    offices: Offices, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    a = offices.a
    with _second_pc(a, tmp_path_factory, tmp_path) as (b, commune, result_id):
        _note(a, result_id, "Ghi chú của máy 1")
        _note(b, result_id, "Ghi chú của máy 2")
        # Both send before hearing from the other.
        a_id = identity.ensure_identity(a).installation_id
        b_id = identity.ensure_identity(b).installation_id
        out_a = export_package(a, b_id, tmp_path / "usb2")
        out_b = export_package(b, a_id, tmp_path / "usb3")
        pre_b = read_package(b, out_a.path)
        pre_a = read_package(a, out_b.path)
        assert pre_b.totals()["conflict"] == 1 and pre_a.totals()["conflict"] == 1
        assert apply_package(b, pre_b).conflicts == 1
        assert apply_package(a, pre_a).conflicts == 1

        query = "SELECT note FROM result WHERE id = ?"
        note_a = a.store.db.execute(query, [result_id]).fetchone()[0]
        note_b = b.store.db.execute(query, [result_id]).fetchone()[0]
        assert note_a == note_b  # the same deterministic winner on both PCs
        for ws in (a, b):
            (conflict,) = repo(ws).conflicts()
            kept = {conflict.local_row["note"], conflict.remote_row["note"]}
            assert kept == {"Ghi chú của máy 1", "Ghi chú của máy 2"}  # nothing dropped
        # The merged version dominates both: the next exchange finds nothing new to conflict.
        _send(a, b, tmp_path / "usb4")
        _send(b, a, tmp_path / "usb5")
        assert len(repo(a).conflicts()) == 1 and len(repo(b).conflicts()) == 1

        # A person on PC 1 resolves: the note of PC 2, the work status typed in.
        (view,) = list_conflicts(a, unit_id=commune)
        assert [f.name for f in view.fields] == ["note"]
        assert (view.fields[0].mine, view.fields[0].theirs) == (
            "Ghi chú của máy 1",
            "Ghi chú của máy 2",
        )
        assert list_conflicts(a, unit_id=result_id) == []  # another unit: none
        with pytest.raises(UserError, match="one value per field; named more than once: note"):
            resolve_conflict(a, view.id, take_theirs=["note"], keep_mine=["note"])
        with pytest.raises(UserError, match="work_status takes one of: "):
            resolve_conflict(a, view.id, values={"work_status": "sleeping"})
        with pytest.raises(UserError, match="Unknown or fixed fields for this row: changed_by"):
            resolve_conflict(a, view.id, take_theirs=["changed_by"])
        done = resolve_conflict(
            a, view.id, take_theirs=["note"], values={"work_status": "in_progress"}
        )
        assert done.resolved_at is not None and list_conflicts(a) == []
        with pytest.raises(UserError, match=f"Conflict {view.id} was resolved on "):
            resolve_conflict(a, view.id, keep_mine=["note"])
        # The resolution travels like any edit; both PCs end equal and nothing comes back.
        _send(a, b, tmp_path / "usb6")
        _send(b, a, tmp_path / "usb7")
        query = "SELECT note, work_status, changed_by FROM result WHERE id = ?"
        row_a = a.store.db.execute(query, [result_id]).fetchone()
        row_b = b.store.db.execute(query, [result_id]).fetchone()
        assert row_a == row_b == ("Ghi chú của máy 2", "in_progress", a_id)
        assert list_conflicts(b) == []  # closed by the resolution that arrived
        assert len(repo(a).conflicts(open_only=False)) == 1
        assert len(repo(b).conflicts(open_only=False)) == 1


def test_the_same_edit_on_two_pcs_merges_without_a_conflict(
    offices: Offices, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    a = offices.a
    with _second_pc(a, tmp_path_factory, tmp_path) as (b, _commune, result_id):
        _note(a, result_id, "Cùng một ghi chú")
        _note(b, result_id, "Cùng một ghi chú")
        a_id = identity.ensure_identity(a).installation_id
        b_id = identity.ensure_identity(b).installation_id
        out_a = export_package(a, b_id, tmp_path / "usb2")
        out_b = export_package(b, a_id, tmp_path / "usb3")
        pre_b = read_package(b, out_a.path)
        assert pre_b.totals()["conflict"] == 0
        assert apply_package(b, pre_b).conflicts == 0
        assert apply_package(a, read_package(a, out_b.path)).conflicts == 0
        row = "SELECT note, changed_by, change_seq FROM result WHERE id = ?"
        version = "SELECT vector FROM row_version WHERE tbl = 'result' AND row_id = ?"
        for query in (row, version):
            assert (
                a.store.db.execute(query, [result_id]).fetchone()
                == b.store.db.execute(query, [result_id]).fetchone()
            )
        # The merged version dominates both: a later edit on PC 2 is a plain update on PC 1.
        _note(b, result_id, "Ghi chú mới của máy 2")
        pre_a = read_package(a, export_package(b, a_id, tmp_path / "usb4").path)
        assert pre_a.totals()["conflict"] == 0 and pre_a.totals()["updated"] >= 1
        apply_package(a, pre_a)
        note = a.store.db.execute("SELECT note FROM result WHERE id = ?", [result_id]).fetchone()
        assert note[0] == "Ghi chú mới của máy 2"
        assert repo(a).conflicts() == [] and repo(b).conflicts() == []
