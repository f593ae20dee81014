"""Property (issue 5): three PCs of one commune office edit a few results; packages are lost,
duplicated and re-ordered. Once every PC has delivered to every other, all hold the same rows and
versions, and no edit is lost: each edit not superseded by a later one that had seen it is the
visible value or one side of a listed conflict."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, open_folder, seeded_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import COMMUNE_CODE, introduce

from anninh_desktop.domain.sync_vectors import Order, compare
from anninh_desktop.services import assessment_service
from anninh_desktop.services.criteria_service import find_set
from anninh_desktop.services.sync import identity, relocation
from anninh_desktop.services.sync.acks import import_ack
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.identity import repo
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_rows import local_row

pytestmark = pytest.mark.slow

PCS = 3
RESULTS = 3


@dataclass(frozen=True)
class Base:
    folders: tuple[Path, ...]
    assessment_id: str
    refs: tuple[str, ...]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Base]:
    """Three installations of one commune office, cards exchanged, one registered assessment."""
    root = tmp_path_factory.mktemp("convergence")
    first = open_folder(copy_folder(seeded_template(tmp_path_factory), root / "pc0"))
    unit = first.store.units.by_code(COMMUNE_CODE)
    assert unit is not None
    criterion_set = find_set(first, "tt124-xa-phuong")
    a = assessment_service.register(first, unit.id, criterion_set, 2026)
    refs = tuple(c.ref for c in criterion_set.assessable_criteria()[:RESULTS])
    identity.set_office(first, "Công an xã Hồ Thị Kỷ", unit.id)
    first.close()
    folders = [root / "pc0"]
    for i in range(1, PCS):
        folders.append(copy_folder(root / "pc0", root / f"pc{i}"))
    spaces = [open_folder(f) for f in folders]
    for ws in spaces[1:]:
        identity.new_installation_id_for_copy(ws)
    for i in range(PCS):
        for j in range(i + 1, PCS):
            introduce(spaces[i], spaces[j], root / f"cards{i}{j}")
    for ws in spaces:
        ws.close()
    yield Base(tuple(folders), a.id, refs)


@dataclass
class Package:
    path: Path
    src: int
    dst: int
    ack: Path | None = None


@dataclass
class World:
    spaces: list[Workspace]
    ids: list[str]
    work: Path
    pool: list[Package] = field(default_factory=list)
    edits: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)  # ref, note, vector

    def export(self, src: int, dst: int) -> Package:
        folder = self.work / f"usb{len(self.pool)}"
        out = export_package(self.spaces[src], self.ids[dst], folder)
        package = Package(out.path, src, dst)
        self.pool.append(package)
        return package

    def deliver(self, package: Package) -> None:
        ws = self.spaces[package.dst]
        package.ack = apply_package(ws, read_package(ws, package.path)).ack_path

    def ack(self, package: Package) -> None:
        if package.ack is not None:
            import_ack(self.spaces[package.src], package.ack)


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("edit"),
            st.integers(0, PCS - 1),
            st.integers(0, RESULTS - 1),
            st.sampled_from(["Đã họp dân", "Chưa đạt", "Bổ sung ảnh", "Ghi chú mới"]),
        ),
        st.tuples(st.just("send"), st.integers(0, PCS - 1), st.integers(1, PCS - 1)),
        st.tuples(st.just("deliver"), st.integers(0, 20)),  # any package, again or out of order
        st.tuples(st.just("ack"), st.integers(0, 20)),
    ),
    max_size=10,
)


def _state(ws: Workspace, assessment_id: str) -> list[object]:
    rows = ws.store.db.execute(
        "SELECT id FROM result WHERE assessment_id = ? ORDER BY id", [assessment_id]
    ).fetchall()
    return [
        local_row(ws.store.db, t, i)
        for t, i in [("assessment", assessment_id)] + [("result", r[0]) for r in rows]
    ]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_random_deliveries_converge_and_lose_no_edit(
    base: Base, steps: list[tuple[object, ...]]
) -> None:
    work = Path(tempfile.mkdtemp(prefix="anninh-conv-"))
    spaces = [open_folder(copy_folder(f, work / f.name)) for f in base.folders]
    for ws in spaces:  # each example works on fresh copies that stand for the PCs themselves
        relocation.confirm_moved(ws)
    try:
        world = World(spaces, [identity.ensure_identity(ws).installation_id for ws in spaces], work)
        for step in steps:
            if step[0] == "edit":
                _kind, pc, idx, text = step
                ws = spaces[int(pc)]  # type: ignore[arg-type]
                ref = base.refs[int(idx)]  # type: ignore[arg-type]
                note = f"{text} ({pc}.{len(world.edits)})"
                r = assessment_service.update_result(ws, base.assessment_id, ref, note=note)
                found = local_row(ws.store.db, "result", r.id)
                assert found is not None
                world.edits.append((r.id, note, found[1]))
            elif step[0] == "send":
                _kind, src, offset = step
                world.export(int(src), (int(src) + int(offset)) % PCS)  # type: ignore[arg-type]
            elif world.pool:
                package = world.pool[int(step[1]) % len(world.pool)]  # type: ignore[arg-type]
                world.deliver(package) if step[0] == "deliver" else world.ack(package)
        # Every PC delivers to every other, twice (what the first round brought travels on).
        for _round in range(2):
            for src in range(PCS):
                for dst in range(PCS):
                    if src != dst:
                        package = world.export(src, dst)
                        world.deliver(package)
                        world.ack(package)

        states = [_state(ws, base.assessment_id) for ws in spaces]
        assert all(s == states[0] for s in states[1:])
        # No edit lost: every edit not dominated by another is visible or kept in a conflict.
        for result_id, note, vector in world.edits:
            later = [
                v
                for rid, _n, v in world.edits
                if rid == result_id and compare(vector, v) is Order.BEFORE
            ]
            if later:
                continue
            seen = {
                str(local_row(ws.store.db, "result", result_id)[0]["note"])  # type: ignore[index]
                for ws in spaces
            }
            for ws in spaces:
                for c in repo(ws).conflicts(open_only=False):
                    if c.row_id == result_id:
                        seen |= {str(c.local_row["note"]), str(c.remote_row["note"])}
            assert note in seen
    finally:
        for ws in spaces:
            ws.close()
        shutil.rmtree(work, ignore_errors=True)
