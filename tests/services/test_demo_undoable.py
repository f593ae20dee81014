"""A demo build that is cancelled or fails leaves the data folder exactly as it was."""

from __future__ import annotations

import pytest

from anninh_desktop.services.demo import builder
from anninh_desktop.services.demo.undoable import SNAPSHOT_NAME, build_demo_or_nothing
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.workspace import Workspace


def _state(ws: Workspace) -> tuple[dict[str, int], list[str], str]:
    tables = [
        r[0]
        for r in ws.store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    counts = {t: ws.store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    meta = repr(ws.store.db.execute("SELECT key, value FROM meta ORDER BY key").fetchall())
    return counts, list(ws.store.blobs.iter_hashes()), meta


@pytest.mark.slow
def test_cancel_after_some_steps_puts_everything_back(ws: Workspace) -> None:
    before = _state(ws)
    steps: list[str] = []
    with pytest.raises(Cancelled):
        build_demo_or_nothing(ws, progress=steps.append, cancel=lambda: len(steps) >= 3)
    assert len(steps) == 3  # it did work (units, assessments, evidence) before stopping
    assert _state(ws) == before
    assert not (ws.store.blobs.temp_dir / SNAPSHOT_NAME).exists()


def test_a_failing_build_puts_everything_back(ws: Workspace, monkeypatch) -> None:
    before = _state(ws)

    def failing_build(b: builder.DemoBuilder) -> str:
        real_units = b.ws.store.units
        main = real_units.by_code(builder.texts.MAIN_COMMUNE_CODE)
        from anninh_desktop.domain.units import UnitKind
        from anninh_desktop.services import units_service

        units_service.create_child_unit(b.ws, main.id, UnitKind.RESIDENTIAL_AREA, "Thử", "ấp")
        b.ws.store.blobs.import_bytes(b"evidence written before the failure")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "build_commune", failing_build)
    with pytest.raises(OSError, match="No space left on device"):
        build_demo_or_nothing(ws)
    assert _state(ws) == before


def test_a_finished_build_stays(ws: Workspace, monkeypatch) -> None:
    monkeypatch.setattr(builder, "build_commune", lambda b: "done")
    assert build_demo_or_nothing(ws) == "done"
    assert not (ws.store.blobs.temp_dir / SNAPSHOT_NAME).exists()
