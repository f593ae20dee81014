"""Building: the same inputs give the same bytes, numbers are given once, nothing half-written."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from dossier_helpers import EXEMPLARY_SET, TT124_COMMUNE_SET, demo_assessment
from dossier_signing import sign_field
from fixtures.workspaces import copy_folder, demo_template, file_snapshot, open_folder, table_dump

from anninh_desktop.services.clock import VIETNAM_TZ, fixed_clock
from anninh_desktop.services.dossier import build_dossier, default_output_path
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import backup_copy

pytestmark = pytest.mark.slow


def test_same_inputs_same_bytes_in_any_data_folder(
    demo_ws: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ws = demo_ws
    a = demo_assessment(ws, EXEMPLARY_SET)
    first = build_dossier(ws, a.id)
    # The same data in another folder (another path, another day) builds the same file.
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "copy"
    shutil.copytree(
        ws.root, elsewhere, ignore=shutil.ignore_patterns("anninh.sqlite3*", "dossiers")
    )
    backup_copy(ws.store.db, elsewhere / ws.store.database_path.name)
    other = open_folder(elsewhere)
    try:
        other.clock = fixed_clock(datetime(2027, 5, 1, 10, 0, tzinfo=VIETNAM_TZ))
        again = build_dossier(other, a.id)
    finally:
        other.close()
    assert again.numbers == first.numbers
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.sha256 == first.sha256


def test_numbers_are_given_once_and_the_next_assessment_takes_the_next(demo_ws: Workspace) -> None:
    ws = demo_ws  # its own data folder: the numbers depend on every build made in it before
    exemplary = demo_assessment(ws, EXEMPLARY_SET)
    first = build_dossier(ws, exemplary.id)
    rebuilt = build_dossier(ws, exemplary.id)
    assert rebuilt.numbers == first.numbers
    assert rebuilt.sha256 == first.sha256
    # One dossier row for identical rebuilds.
    rows = ws.store.documents.for_assessment(exemplary.id, "dossier")
    assert len({(r.sha256, r.filename) for r in rows}) == len(rows)

    commune = demo_assessment(ws, TT124_COMMUNE_SET)
    other = build_dossier(ws, commune.id)
    for kind, number in first.numbers.items():
        sequence, rest = number.split("/", 1)
        assert other.numbers[kind] == f"{int(sequence) + 1:02d}/{rest}"
    assert other.path != first.path
    assert other.path == default_output_path(ws, commune.id)


class CancelAfter:
    """A cancel callback that says "stop" once it has been asked `calls` times."""

    def __init__(self, calls: int | None) -> None:
        self.calls, self.asked = calls, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.calls is not None and self.asked > self.calls


@pytest.fixture(scope="module")
def checks_in_a_build(tmp_path_factory: pytest.TempPathFactory) -> int:
    """How often a whole build of the TT124 commune dossier asks whether to stop (in a data folder
    of its own: a build takes the next document numbers)."""
    counter = CancelAfter(None)
    folder = copy_folder(demo_template(), tmp_path_factory.mktemp("count") / "d")
    ws = open_folder(folder)
    try:
        a = demo_assessment(ws, TT124_COMMUNE_SET)
        build_dossier(ws, a.id, tmp_path_factory.mktemp("count") / "x.pdf", cancel=counter)
    finally:
        ws.close()
    return counter.asked


@pytest.mark.parametrize("when", ["first", "middle", "last"])
def test_cancel_leaves_no_file_and_no_rows(
    tmp_path_factory: pytest.TempPathFactory, checks_in_a_build: int, when: str
) -> None:
    calls = {"first": 0, "middle": checks_in_a_build // 2, "last": checks_in_a_build - 1}[when]
    folder = copy_folder(demo_template(tmp_path_factory), tmp_path_factory.mktemp("cancel") / "d")
    ws = open_folder(folder)
    try:
        a = demo_assessment(ws, TT124_COMMUNE_SET)
        before_db = table_dump(ws.store.database_path, ["document", "audit_event"])
        before_files = set(file_snapshot(folder))
        cancel = CancelAfter(calls)
        with pytest.raises(Cancelled):
            build_dossier(ws, a.id, cancel=cancel)
        assert cancel.asked == calls + 1
        assert table_dump(ws.store.database_path, ["document", "audit_event"]) == before_db
        new_files = set(file_snapshot(folder)) - before_files
        assert {f for f in new_files if not f.startswith("anninh.sqlite3")} == set()
        assert not any((folder / "dossiers").glob("*")) if (folder / "dossiers").exists() else True
    finally:
        ws.close()


def test_progress_reaches_the_end(demo_ws: Workspace, tmp_path: Path) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    steps: list[tuple[int, int]] = []
    built = build_dossier(
        demo_ws, a.id, tmp_path / "hồ sơ.pdf", progress=lambda d, t: steps.append((d, t))
    )
    assert built.path == tmp_path / "hồ sơ.pdf" and built.path.is_file()
    totals = {t for _d, t in steps}
    assert len(totals) == 1
    done = [d for d, _t in steps]
    assert done == sorted(done) and done[0] == 0 and done[-1] == totals.pop()
    assert not list(tmp_path.glob(".~*"))


def test_a_signed_file_is_never_overwritten(demo_ws: Workspace, tmp_path: Path) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    target = tmp_path / "ho-so.pdf"
    built = build_dossier(demo_ws, a.id, target)
    sign_field(built.path, "ChiHuy", tmp_path)
    signed = target.read_bytes()
    with pytest.raises(UserError, match="signed"):
        build_dossier(demo_ws, a.id, target)
    assert target.read_bytes() == signed
    assert not list(tmp_path.glob(".~*"))


def test_a_folder_is_not_a_file_name(demo_ws: Workspace, tmp_path: Path) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    with pytest.raises(UserError, match="folder"):
        build_dossier(demo_ws, a.id, tmp_path)


def test_a_file_that_cannot_be_replaced_is_a_clear_error(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = demo_ws
    a = demo_assessment(ws, TT124_COMMUNE_SET)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "ho-so.pdf"
    target.write_bytes(b"open in a viewer")
    rows = ws.store.documents.for_assessment(a.id)

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("anninh_desktop.services.dossier.build.os.replace", locked)
    with pytest.raises(UserError, match="open in another program"):
        build_dossier(ws, a.id, target)
    assert target.read_bytes() == b"open in a viewer"
    assert ws.store.documents.for_assessment(a.id) == rows
    assert sorted(p.name for p in out.iterdir()) == ["ho-so.pdf"]


def test_a_folder_that_cannot_be_made_is_a_clear_error(demo_ws: Workspace, tmp_path: Path) -> None:
    a = demo_assessment(demo_ws, TT124_COMMUNE_SET)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(UserError, match="Cannot create the folder"):
        build_dossier(demo_ws, a.id, tmp_path / "a-file" / "ho-so.pdf")
