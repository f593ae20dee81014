"""Adding a whole folder of evidence in one batch: all or nothing."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services.demo import files
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import open_workspace


@pytest.fixture()
def ws_and_unit(tmp_path: Path):
    ws = open_workspace(tmp_path / "data")
    commune = ws.store.units.by_code("32092")
    assert commune is not None
    unit = create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, "Tân Hưng", "ấp")
    yield ws, unit
    ws.close()


_PHOTOS = [
    files.make_photo_jpeg(random.Random(seed), 160, 120, f"Ảnh {seed}", taken=datetime(2026, 2, 4))
    for seed in range(3)
]


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(n):
        path = folder / f"anh-{i:02d}.jpg"
        path.write_bytes(_PHOTOS[i % 3])  # three distinct contents
        paths.append(path)
    return paths


def test_a_folder_becomes_items_with_shared_blobs(ws_and_unit, tmp_path: Path) -> None:
    ws, unit = ws_and_unit
    paths = _files(tmp_path / "scan", 7)
    seen: list[int] = []
    items = evidence_service.add_files(ws, unit.id, paths, progress=seen.append)
    assert [i.title for i in items] == [p.stem for p in paths]
    assert len(list(ws.store.blobs.iter_hashes())) == 3
    assert seen == sorted(seen) and seen[-1] == sum(p.stat().st_size for p in paths)


def test_cancel_adds_nothing(ws_and_unit, tmp_path: Path) -> None:
    ws, unit = ws_and_unit
    paths = _files(tmp_path / "scan", 5)
    before = ws.store.evidence.count()
    with pytest.raises(Cancelled):
        evidence_service.add_files(ws, unit.id, paths, cancel=lambda: True)
    assert ws.store.evidence.count() == before


def test_a_missing_file_is_named_and_adds_nothing(ws_and_unit, tmp_path: Path) -> None:
    ws, unit = ws_and_unit
    paths = _files(tmp_path / "scan", 3)
    paths[1].unlink()
    with pytest.raises(UserError) as caught:
        evidence_service.add_files(ws, unit.id, paths)
    assert "anh-01.jpg" in caught.value.message
    assert ws.store.evidence.count() == 0
