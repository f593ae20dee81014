"""A data folder copied or moved elsewhere must say which before it syncs (no shared installation
id between an original and its copy: their edits would look ordered and could replace each other)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.workspaces import open_folder
from sync_helpers import Offices, store_state

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity, relocation
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.meta import set_meta

pytestmark = pytest.mark.slow


def _copy_elsewhere(ws: Workspace, target: Path) -> Workspace:
    ws.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(ws.root, target)
    return open_folder(target)


def test_a_copy_must_decide_before_it_exports(offices: Offices, tmp_path: Path) -> None:
    a = offices.a
    assert not relocation.relocated(a)
    copy = _copy_elsewhere(a, tmp_path / "copy")
    try:
        assert relocation.relocated(copy)
        before = store_state(copy)
        with pytest.raises(UserError, match="copied or moved"):
            export_package(copy, offices.p_id, tmp_path / "usb")
        assert store_state(copy) == before and not list((tmp_path / "usb").glob("*"))
        # A copy used beside the original: its own installation id and keys, then it may sync.
        old = identity.ensure_identity(a)
        new = identity.new_installation_id_for_copy(copy)
        assert new.installation_id != old.installation_id
        assert new.fingerprint != old.fingerprint
        assert not relocation.relocated(copy)
    finally:
        copy.close()


def test_a_moved_folder_keeps_its_identity(offices: Offices, tmp_path: Path) -> None:
    moved = _copy_elsewhere(offices.a, tmp_path / "moved")
    try:
        old = identity.ensure_identity(offices.a)
        relocation.confirm_moved(moved)
        assert not relocation.relocated(moved)
        assert identity.ensure_identity(moved).installation_id == old.installation_id
        out = export_package(moved, offices.p_id, tmp_path / "usb")
        assert out.path.exists()
    finally:
        moved.close()


def test_a_folder_without_a_sync_identity_is_never_asked(tmp_path: Path, offices: Offices) -> None:
    p = offices.p
    with transaction(p.store.db):  # a place from elsewhere, as in a copied folder…
        set_meta(p.store.db, relocation.PLACE_KEY, "made-elsewhere")
    p.store.db.execute("DELETE FROM sync_identity")  # …but no sync identity: nothing to protect
    assert not relocation.relocated(p)


def test_the_place_depends_on_the_computer_and_the_folder(tmp_path: Path, monkeypatch) -> None:
    here = relocation.current_place(tmp_path)
    assert relocation.current_place(tmp_path / ".." / tmp_path.name) == here
    assert relocation.current_place(tmp_path / "other") != here
    monkeypatch.setenv("COMPUTERNAME", "MAY-TINH-KHAC")
    assert relocation.current_place(tmp_path) != here
