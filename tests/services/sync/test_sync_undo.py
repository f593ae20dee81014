"""Import safety without a database copy per package: one transaction, a journal, undo last import."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sync_helpers import Offices, commune_and_province

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.sync.undo import last_import, undo_last_import
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_rows import dump_synced
from anninh_desktop.storage.sync_undo import journal_size

pytestmark = pytest.mark.slow

# What an undo puts back exactly (the audit log and the change counter only grow).
RESTORED = (
    "unit",
    "criterion_set",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "document",
    "document_text",
    "appraisal",
    "unit_succession",
    "row_version",
    "sync_received",
    "sync_conflict",
)


def _data(ws: Workspace) -> dict[str, object]:
    dump = dump_synced(ws.store.db)
    sigs = ws.store.db.execute("SELECT * FROM row_signature ORDER BY tbl, row_id").fetchall()
    return {**{t: dump[t] for t in RESTORED}, "row_signature": sigs}


def _note(ws: Workspace, result_id: str, text: str) -> None:
    r = ws.store.assessments.result(result_id)
    with ws.store.change() as stamp:
        ws.store.assessments.save_result(dataclasses.replace(r, note=text), stamp)


def _a_result(offices: Offices) -> str:
    commune, _ = commune_and_province(offices.a)
    return str(
        offices.a.store.db.execute(
            "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
            "WHERE s.unit_id = ? AND s.state = 'self_assessed' ORDER BY r.id LIMIT 1",
            [commune],
        ).fetchone()[0]
    )


def test_undo_puts_back_new_and_changed_rows_and_the_package_can_come_again(
    offices: Offices, tmp_path: Path
) -> None:
    a, p = offices.a, offices.p
    assert last_import(p) is None
    empty = _data(p)
    first = export_package(a, offices.p_id, tmp_path / "1")
    result = apply_package(p, read_package(p, first.path))
    after_first = _data(p)
    blobs = set(p.store.blobs.iter_hashes())
    assert blobs and result.journal_size > 0
    # The journal of one import only: about the package's size, never a database copy.
    assert journal_size(p.store.db) == result.journal_size <= 2 * first.path.stat().st_size
    assert not (p.root / "sync" / "backups").exists()

    # A second package changes a row P holds; undo puts that row back as it was.
    import_ack(a, result.ack_path)
    result_id = _a_result(offices)
    _note(a, result_id, "Ghi chú sửa lần hai")
    second = export_package(a, offices.p_id, tmp_path / "2")
    apply_package(p, read_package(p, second.path))
    assert p.store.assessments.result(result_id).note == "Ghi chú sửa lần hai"
    info = last_import(p)
    assert info is not None and info.undoable and info.package_id == second.package_id
    done = undo_last_import(p)
    assert done.rows >= 1 and done.sender_name == "Công an xã Hồ Thị Kỷ"
    assert _data(p) == after_first
    assert p.store.assessments.result(result_id).note != "Ghi chú sửa lần hai"
    assert p.store.audit.events()[-1].action == "sync.undo"
    assert last_import(p) is None
    with pytest.raises(UserError, match="no import to undo"):
        undo_last_import(p)

    # The undone package may be imported again.
    again = read_package(p, second.path)
    assert not again.already_applied
    apply_package(p, again)
    assert p.store.assessments.result(result_id).note == "Ghi chú sửa lần hai"

    assert empty != after_first


def test_undo_of_the_first_import_removes_its_evidence_files(
    offices: Offices, tmp_path: Path
) -> None:
    p = offices.p
    empty = _data(p)
    first = export_package(offices.a, offices.p_id, tmp_path / "1")
    apply_package(p, read_package(p, first.path))
    assert first.blobs > 0 and len(list(p.store.blobs.iter_hashes())) >= first.blobs
    done = undo_last_import(p)
    assert done.blobs_removed == first.blobs
    assert _data(p) == empty
    assert list(p.store.blobs.iter_hashes()) == []


def test_no_undo_over_a_later_change(offices: Offices, tmp_path: Path) -> None:
    a, p = offices.a, offices.p
    apply_package(p, read_package(p, export_package(a, offices.p_id, tmp_path / "1").path))
    # The province returns an assessment the import brought: a later change of its rows.
    commune, _ = commune_and_province(a)
    (assessment,) = p.store.db.execute(
        "SELECT id FROM assessment WHERE unit_id = ? AND state = 'self_assessed' LIMIT 1",
        [commune],
    ).fetchone()
    ref = next(iter(p.store.assessments.results(assessment)))
    with p.store.change() as stamp:
        r = p.store.assessments.results(assessment)[ref]
        p.store.assessments.save_result(dataclasses.replace(r, note="sửa ở tỉnh"), stamp)
    info = last_import(p)
    assert info is not None and not info.undoable and "changed after it" in info.reason
    before = _data(p)
    with pytest.raises(UserError, match="can no longer be undone"):
        undo_last_import(p)
    assert _data(p) == before


def test_after_an_undo_the_sender_sends_the_rows_again(offices: Offices, tmp_path: Path) -> None:
    """P undoes A's package after the ack went back to A: P's next package tells A what P holds,
    A's watermark goes back, and A's next export carries the rows again."""
    a, p = offices.a, offices.p
    first = export_package(a, offices.p_id, tmp_path / "1")
    import_ack(a, apply_package(p, read_package(p, first.path)).ack_path)
    result_id = _a_result(offices)
    _note(a, result_id, "Lần hai")
    second = export_package(a, offices.p_id, tmp_path / "2")
    import_ack(a, apply_package(p, read_package(p, second.path)).ack_path)
    assert repo(a).peer(offices.p_id).acked_seq == second.upto  # type: ignore[union-attr]
    undo_last_import(p)
    back = export_package(p, offices.a_id, tmp_path / "3")
    apply_package(a, read_package(a, back.path))
    assert repo(a).peer(offices.p_id).acked_seq == first.upto  # type: ignore[union-attr]
    third = export_package(a, offices.p_id, tmp_path / "4")
    assert third.since == first.upto and third.rows.get("result", 0) >= 1
    apply_package(p, read_package(p, third.path))
    assert p.store.assessments.result(result_id).note == "Lần hai"


def test_disk_per_import_stays_bounded(offices: Offices, tmp_path: Path) -> None:
    """Ten imports in a row: the journal kept is the last one's, at most twice its package."""
    a, p = offices.a, offices.p
    result_id = _a_result(offices)
    sizes = []
    for n in range(10):
        _note(a, result_id, f"Lần {n}")
        out = export_package(a, offices.p_id, tmp_path / str(n))
        res = apply_package(p, read_package(p, out.path))
        import_ack(a, res.ack_path)
        sizes.append((out.path.stat().st_size, journal_size(p.store.db)))
    # A package of nothing but changed rows: every result of the commune's assessment edited.
    commune, _ = commune_and_province(a)
    ids = [
        r[0]
        for r in a.store.db.execute(
            "SELECT r.id FROM result r JOIN assessment s ON s.id = r.assessment_id "
            "WHERE s.unit_id = ? AND s.state = 'self_assessed'",
            [commune],
        )
    ]
    assert len(ids) > 20
    for rid in ids:
        _note(a, rid, f"Ghi chú mới của {rid[:6]}: đã kiểm tra lại hồ sơ")
    out = export_package(a, offices.p_id, tmp_path / "all")
    assert out.blobs == 0 and out.rows["result"] == len(ids)
    apply_package(p, read_package(p, out.path))
    sizes.append((out.path.stat().st_size, journal_size(p.store.db)))
    for package, journal in sizes:
        assert journal <= 2 * package, (package, journal)
    assert sizes[-2][1] < sizes[0][1]  # the big first journal was replaced, not kept
    sync_dir = p.root / "sync"
    assert sum(f.stat().st_size for f in sync_dir.rglob("*") if f.is_file()) < 10_000
