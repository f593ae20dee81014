"""Commune A exports for province P; P previews and applies; P's ack advances A's watermark."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from sync_helpers import Offices, store_state

from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow


def _edit_a_result(ws: Workspace, note: str) -> str:
    """Change the note of one of the main commune's results; returns the result id."""
    row = ws.store.db.execute(
        "SELECT r.id FROM result r JOIN assessment a ON a.id = r.assessment_id "
        "JOIN unit u ON u.id = a.unit_id WHERE u.code = '32092' AND a.state = 'self_assessed' "
        "ORDER BY r.id LIMIT 1"
    ).fetchone()
    result = ws.store.assessments.result(row[0])
    with ws.store.change() as stamp:
        ws.store.assessments.save_result(dataclasses.replace(result, note=note), stamp)
    return str(row[0])


def test_round_trip_ack_reimport_and_lost_package(offices: Offices) -> None:
    a, p = offices.a, offices.p
    first = export_package(a, offices.p_id, offices.usb)
    assert first.path.exists() and not list(offices.usb.glob("*part"))
    assert first.rows["result"] > 100 and first.blobs > 50
    # Rows of the demo's other communes are not the commune office's to send.
    assert first.skipped > 0

    preview = read_package(p, first.path)
    totals = preview.totals()
    assert totals["new"] == sum(first.rows.values()) - totals["unchanged"]
    assert totals.get("conflict", 0) == 0
    by_unit = preview.counts()
    assert any(table == "result" and unit is not None for table, unit in by_unit)
    result = apply_package(p, preview)
    assert result.applied and result.journal_size > 0

    # P holds the commune's data now: the same results, the evidence files.
    # (Not the demo's earlier years, which the commune decided itself: they stay at A.)
    ids = "SELECT id, note, value FROM result WHERE assessment_id IN (SELECT id FROM assessment "
    ids += "WHERE state NOT IN ('under_appraisal', 'returned', 'recognised', 'not_recognised') "
    ids += "AND unit_id IN (SELECT id FROM unit WHERE code = '32092'))"
    ids += " ORDER BY id"
    assert p.store.db.execute(ids).fetchall() == a.store.db.execute(ids).fetchall()
    for (sha,) in a.store.db.execute(
        "SELECT DISTINCT sha256 FROM evidence_revision e JOIN "
        "evidence v ON v.id = e.evidence_id JOIN unit u ON "
        "u.id = v.unit_id WHERE u.code = '32092' OR u.parent_id "
        "IN (SELECT id FROM unit WHERE code = '32092')"
    ):
        assert p.store.blobs.verify(sha)

    # The same file again changes nothing (and writes the ack again).
    before = store_state(p)
    again = read_package(p, first.path)
    assert again.already_applied
    assert set(again.totals()) == {"unchanged"}
    assert not apply_package(p, again).applied
    assert store_state(p) == before

    # The ack advances A's watermark for P; an export now holds nothing.
    ack = import_ack(a, result.ack_path)
    assert ack.advanced and ack.upto == first.upto
    assert repo(a).peer(offices.p_id).acked_seq == first.upto  # type: ignore[union-attr]
    empty = export_package(a, offices.p_id, offices.usb / "empty")
    assert empty.rows == {} and empty.blobs == 0

    # A lost package, then a newer one: the newer re-sends what was not acknowledged.
    edited = _edit_a_result(a, "Ghi chú lần một")
    lost = export_package(a, offices.p_id, offices.usb / "lost")
    _edit_a_result(a, "Ghi chú lần hai — đã sửa")
    newer = export_package(a, offices.p_id, offices.usb / "newer")
    assert newer.since == lost.since == first.upto
    assert newer.rows["result"] >= 1
    lost.path.unlink()
    apply_package(p, read_package(p, newer.path))
    note = p.store.db.execute("SELECT note FROM result WHERE id = ?", [edited]).fetchone()[0]
    assert note == "Ghi chú lần hai — đã sửa"
    # An older ack never moves the watermark back.
    assert not import_ack(a, result.ack_path).advanced


def test_package_holds_no_readable_names_or_content(offices: Offices) -> None:
    a = offices.a
    out = export_package(a, offices.p_id, offices.usb)
    data = out.path.read_bytes()
    names = [
        r[0]
        for r in a.store.db.execute(
            "SELECT name FROM unit WHERE changed_by <> '' UNION SELECT title FROM evidence "
            "UNION SELECT note FROM result WHERE note <> ''"
        )
    ]
    assert names
    for text in [*names, "Hồ Thị Kỷ", "32092"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert text.encode(encoding) not in data, text
    # Nor the first bytes of any evidence file.
    for (sha,) in a.store.db.execute("SELECT sha256 FROM evidence_revision LIMIT 20"):
        with a.store.blobs.open(sha) as fh:
            head = fh.read(64)
        if len(head) == 64:
            assert head not in data


def test_passphrase_mode_round_trip(offices: Offices) -> None:
    out = export_package(offices.a, offices.p_id, offices.usb, passphrase="mật khẩu chung")
    preview = read_package(offices.p, out.path, passphrase="mật khẩu chung")
    assert apply_package(offices.p, preview).applied


def test_export_progress_and_cancel(offices: Offices) -> None:
    seen: list[tuple[int, int]] = []
    export_package(offices.a, offices.p_id, offices.usb, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(d1 <= d2 for (d1, _), (d2, _) in itertools.pairwise(seen))

    from anninh_desktop.services.errors import Cancelled

    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    target = offices.usb / "cancelled"
    with pytest.raises(Cancelled):
        export_package(offices.a, offices.p_id, target, cancel=cancel)
    assert list(target.iterdir()) == []


def test_a_killed_export_leaves_a_named_partial_file_that_the_next_one_removes(
    offices: Offices, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys
    import textwrap
    import time

    usb = tmp_path / "usb"
    root = offices.a.root
    offices.a.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from anninh_desktop.services.sync import export
        from anninh_desktop.services.workspace import open_workspace

        def killed(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        export._copy_blob = killed
        ws = open_workspace(Path(sys.argv[1]), seed_reference=False)
        export.export_package(ws, sys.argv[2], Path(sys.argv[3]))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), offices.p_id, str(usb)], env=env, timeout=120
    )
    assert done.returncode == -9
    (left,) = usb.iterdir()
    assert left.name.startswith("anninh-") and left.name.endswith(".ansync.part")
    # A part written to seconds ago may be an export going on now: kept. An older one: removed.
    kept = export_package(offices.a, offices.p_id, usb)
    assert sorted(p.name for p in usb.iterdir()) == sorted([left.name, kept.path.name])
    old = time.time() - 60
    os.utime(left, (old, old))
    again = export_package(offices.a, offices.p_id, usb)
    assert sorted(p.name for p in usb.iterdir()) == sorted([kept.path.name, again.path.name])
