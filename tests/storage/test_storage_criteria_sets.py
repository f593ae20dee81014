"""Set versions never change once an assessment uses them; a new edition is a new version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services import assessment_service, criteria_service
from anninh_desktop.services.criteria_library import load_set_file, shipped_set_files
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace

CODE = "tt124-khu-dan-cu"
COMMUNE_CODE = "32092"


def _shipped(name_start: str) -> Path:
    return next(p for p in shipped_set_files() if p.name.startswith(name_start))


def _area(ws: Workspace, name: str = "Ấp Cây Khô") -> str:
    commune = ws.store.units.by_code(COMMUNE_CODE)
    assert commune is not None
    return create_child_unit(ws, commune.id, UnitKind.RESIDENTIAL_AREA, name, "ấp").id


def test_stored_sets_read_back_equal_to_their_files(ws: Workspace) -> None:
    stored = {s.code: s for s in criteria_service.list_sets(ws)}
    for path in shipped_set_files():
        from_file = load_set_file(path)
        assert stored[from_file.code] == from_file
        assert ws.store.criteria.source_text(from_file.id) == path.read_text(encoding="utf-8")


def test_unused_set_row_may_still_change(ws: Workspace) -> None:
    s = ws.store.criteria.latest(CODE)
    assert s is not None
    ws.store.db.execute("UPDATE criterion_set SET title = title || ' (sửa)' WHERE id = ?", [s.id])
    ws.store.db.execute("DELETE FROM criterion_set WHERE id = ?", [s.id])
    assert not ws.store.criteria.has_version(CODE, 1)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE criterion_set SET title = 'khác' WHERE id = ?",
        "UPDATE criterion_set SET definition = '{}' WHERE id = ?",
        "DELETE FROM criterion_set WHERE id = ?",
    ],
    ids=["update-title", "update-definition", "delete"],
)
def test_used_set_row_cannot_change(ws: Workspace, statement: str) -> None:
    s = ws.store.criteria.latest(CODE)
    assert s is not None
    assessment_service.register(ws, _area(ws), s, 2026)
    before = ws.store.db.execute("SELECT * FROM criterion_set WHERE id = ?", [s.id]).fetchone()

    with pytest.raises(sqlite3.IntegrityError, match="in use and cannot change"):
        ws.store.db.execute(statement, [s.id])

    after = ws.store.db.execute("SELECT * FROM criterion_set WHERE id = ?", [s.id]).fetchone()
    assert after == before


def _edited_copy(tmp_path: Path, *, version: int) -> Path:
    text = _shipped(CODE).read_text(encoding="utf-8")
    text = text.replace("version: 1\n", f"version: {version}\n", 1)
    text = text.replace("Lực lượng tham gia bảo đảm", "Lực lượng nòng cốt tham gia bảo đảm", 1)
    path = tmp_path / f"{CODE}.v{version}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_same_file_again_changes_nothing(ws: Workspace) -> None:
    before = ws.store.db.execute("SELECT count(*) FROM criterion_set").fetchone()[0]
    s, added = criteria_service.import_set_file(ws, _shipped(CODE))
    assert not added
    assert s.code == CODE and s.version == 1
    assert ws.store.db.execute("SELECT count(*) FROM criterion_set").fetchone()[0] == before


def test_changed_file_with_the_same_version_is_refused(ws: Workspace, tmp_path: Path) -> None:
    original = ws.store.criteria.latest(CODE)
    events = len(ws.store.audit.events())

    with pytest.raises(UserError, match="already exists with different content"):
        criteria_service.import_set_file(ws, _edited_copy(tmp_path, version=1))

    assert ws.store.criteria.latest(CODE) == original
    assert len(ws.store.audit.events()) == events


def test_changed_file_with_a_higher_version_is_a_new_version(ws: Workspace, tmp_path: Path) -> None:
    v1 = ws.store.criteria.latest(CODE)
    assert v1 is not None
    old = assessment_service.register(ws, _area(ws), v1, 2026)

    v2, added = criteria_service.import_set_file(ws, _edited_copy(tmp_path, version=2))

    assert added and v2.version == 2 and v2.id != v1.id
    assert ws.store.criteria.latest(CODE) == v2
    assert criteria_service.find_set(ws, CODE) == v2
    assert criteria_service.find_set(ws, CODE, 1) == v1
    # The existing assessment stays on the version it started with, texts included.
    assert ws.store.assessments.get(old.id).set_id == v1.id
    assert ws.store.criteria.get(v1.id) == v1
    assert "nòng cốt" not in " ".join(c.text for c in ws.store.criteria.get(v1.id).criteria)
    assert "nòng cốt" in " ".join(c.text for c in v2.criteria)
    # A new registration of another unit can use the new version.
    new = assessment_service.register(ws, _area(ws, "Ấp Cái Nước"), v2, 2026)
    assert new.set_id == v2.id
    actions = [e.action for e in ws.store.audit.events(entity_id=v2.id)]
    assert actions == ["criteria.import"]
