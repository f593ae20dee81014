"""`check` finds what a crash or a hand edit leaves, and history proves itself (items 6 and 7).

- an orphan evidence file after an import killed mid-apply: found, and removed with `repair`;
- partial files and old pre-import copies: found, removed with `repair`;
- a note edited in SQL: found locally (against the audit log, and against the signed version);
- a recomputed audit chain: found locally (against the heads this office signed and sent) and at
  the province (the next package's hashes at the heads it kept): in the preview and in `check`.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fixtures.workspaces import open_folder
from sync_helpers import Offices, commune_and_province

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.audit import GENESIS_HASH, chained_event
from anninh_desktop.services import assessment_service, integrity_service
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.store import DATABASE_NAME

pytestmark = pytest.mark.slow
LATER = time.time() + 3600  # a check run an hour after the crash


def _result(ws: Workspace) -> tuple[str, str, str]:
    """(assessment id, criterion ref, result id) of the commune's self-assessed assessment,
    reopened for editing (self-assessed locks the results)."""
    commune, _ = commune_and_province(ws)
    row = ws.store.db.execute(
        "SELECT s.id, r.criterion_ref, r.id FROM result r JOIN assessment s ON "
        "s.id = r.assessment_id WHERE s.unit_id = ? AND s.state = 'self_assessed' "
        "ORDER BY r.id LIMIT 1",
        [commune],
    ).fetchone()
    assessment_service.transition(ws, str(row[0]), AssessmentState.IN_PROGRESS)
    return str(row[0]), str(row[1]), str(row[2])


def test_an_orphan_blob_after_a_killed_apply_is_found_and_repaired(
    offices: Offices, tmp_path: Path
) -> None:
    package = export_package(offices.a, offices.p_id, offices.usb).path
    root = offices.p.root
    assert integrity_service.check(offices.p).ok
    offices.p.close()
    # The province applies it in another process, killed after the evidence files were moved
    # into the store and before the transaction committed (SIGKILL: no clean-up runs).
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from anninh_desktop.services.sync import apply
        from anninh_desktop.services.sync.reading import read_package
        from anninh_desktop.services.workspace import open_workspace

        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        apply.write_row = killed
        ws = open_workspace(Path(sys.argv[1]), seed_reference=False)
        apply.apply_package(ws, read_package(ws, Path(sys.argv[2])))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(package)], env=env, timeout=120
    )
    assert done.returncode == -9
    offices.p = open_folder(root)
    p = offices.p
    assert p.store.db.execute("SELECT count(*) FROM sync_received").fetchone()[0] == 0
    report = integrity_service.check(p)
    assert not report.ok and len(report.orphans) > 50  # the package's evidence files
    assert any("referred to by no record" in x and "--repair" in x for x in report.problems)
    # Right after: kept (it could be an import going on now); an hour later: removed.
    soon = integrity_service.check(p, repair=True)
    assert len(list(p.store.blobs.iter_hashes())) == len(report.orphans)
    assert any("only minutes old" in x for x in soon.problems)
    later = integrity_service.check(p, repair=True, now=LATER)
    assert len(later.repaired) == len(report.orphans)
    assert list(p.store.blobs.iter_hashes()) == []
    assert integrity_service.check(p).ok
    # The package still imports whole.
    apply_package(p, read_package(p, package))
    assert integrity_service.check(p).ok


def test_partial_files_and_old_copies_are_found_and_removed(offices: Offices) -> None:
    p = offices.p
    leftovers = [
        p.root / "sync" / "keys.json.part",
        p.root / f"{DATABASE_NAME}.restoring",
        p.root / "received" / ".ho-so.pdf.part",
        p.root / "sync" / "backups" / "before-0123.sqlite3",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    report = integrity_service.check(p)
    assert sorted(report.partial_files) == sorted(leftovers)
    assert len(report.problems) == 4
    assert any("whole copy of the database" in x for x in report.problems)
    fixed = integrity_service.check(p, repair=True)
    assert len(fixed.repaired) == 4 and not any(path.exists() for path in leftovers)
    assert integrity_service.check(p).ok


def test_a_note_edited_in_sql_is_found(offices: Offices, tmp_path: Path) -> None:
    a = offices.a
    assessment, ref, result_id = _result(a)
    assessment_service.update_result(a, assessment, ref, note="Đã họp dân đủ 4 quý")
    assert integrity_service.check(a).ok
    db = a.root / DATABASE_NAME
    conn = sqlite3.connect(db)
    conn.execute("UPDATE result SET note = 'Đã họp dân (sửa tay)' WHERE id = ?", [result_id])
    conn.commit()
    conn.close()
    report = integrity_service.check(a)
    assert [x for x in report.problems if result_id[:12] in x] == [
        f"result {result_id[:12]}: note differ from what the audit log last recorded for it "
        "(changed outside the program?)"
    ]
    # A row already sent (so signed) and then edited by hand, audit log untouched too.
    export_package(a, offices.p_id, offices.usb)
    other = a.store.db.execute(
        "SELECT id FROM result WHERE changed_by = ? AND id != ? AND note = '' LIMIT 1",
        [a.store.installation, result_id],
    ).fetchone()[0]
    conn = sqlite3.connect(db)
    conn.execute("UPDATE result SET note = 'thêm bằng SQL' WHERE id = ?", [other])
    conn.commit()
    conn.close()
    report = integrity_service.check(a)
    assert any(other[:12] in x and "no longer what its author signed" in x for x in report.problems)


def _recompute_chain(db_path: Path, seq: int, new_value: str) -> None:
    """What a local user with the database can do: edit an event and compute the chain again
    (plain SHA-256, no key), the append-only triggers dropped first."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    rows = conn.execute(
        "SELECT seq, at, installation, actor, action, entity, entity_id, old, new "
        "FROM audit_event ORDER BY seq"
    ).fetchall()
    prev = GENESIS_HASH
    for r in rows:
        fields = list(r)
        if fields[0] == seq:
            fields[8] = new_value
        event = chained_event(prev, *fields)
        conn.execute(
            "UPDATE audit_event SET new = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            [event.new, event.prev_hash, event.hash, event.seq],
        )
        prev = event.hash
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", [f"{rows[-1][0]}:{prev}"])
    conn.commit()
    conn.close()


def test_a_recomputed_chain_is_found_here_and_at_the_province(
    offices: Offices, tmp_path: Path
) -> None:
    a, p = offices.a, offices.p
    first = export_package(a, offices.p_id, tmp_path / "1")
    import_ack(a, apply_package(p, read_package(p, first.path)).ack_path)
    assert integrity_service.check(a).ok and integrity_service.check(p).ok

    # A rewrites an early event of its log (what a result was set to) and recomputes the chain.
    target = a.store.db.execute(
        "SELECT seq FROM audit_event WHERE action = 'result.update' ORDER BY seq LIMIT 1"
    ).fetchone()[0]
    root = a.root
    a.close()
    _recompute_chain(root / DATABASE_NAME, target, '{"value": "not_met"}')
    offices.a = a = open_folder(root)
    assert a.store.audit.check() is None  # the chain alone no longer tells
    report = integrity_service.check(a)
    assert any(
        "no longer has the history it signed and sent to Phòng PV05" in x for x in report.problems
    )

    # The next package carries the recomputed hashes: the province sees the rewrite.
    assessment, ref, _result_id = _result(a)
    r = a.store.assessments.results(assessment)[ref]
    with a.store.change() as stamp:
        a.store.assessments.save_result(dataclasses.replace(r, note="sau khi sửa"), stamp)
    second = export_package(a, offices.p_id, tmp_path / "2")
    preview = read_package(p, second.path)
    (warning,) = preview.history_texts()
    assert "Công an xã Hồ Thị Kỷ" in warning and "was changed after it sent it here" in warning
    apply_package(p, preview)
    report = integrity_service.check(p)
    assert any("was changed after it sent it here" in x for x in report.problems)


def test_a_shortened_history_is_found_at_the_province(offices: Offices, tmp_path: Path) -> None:
    a, p = offices.a, offices.p
    apply_package(p, read_package(p, export_package(a, offices.p_id, tmp_path / "1").path))
    root = a.root
    a.close()
    conn = sqlite3.connect(root / DATABASE_NAME)
    conn.execute("DROP TRIGGER audit_event_no_delete")
    last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    conn.execute("DELETE FROM audit_event WHERE seq > ?", [last - 5])
    conn.commit()
    conn.close()
    offices.a = a = open_folder(root)
    preview = read_package(p, export_package(a, offices.p_id, tmp_path / "2").path)
    assert any("shorter than" in x for x in preview.history_texts())
