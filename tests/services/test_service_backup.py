"""Backups taken while the program works: one encrypted, signed file with everything an office needs,
restored whole; damaged, edited, partial or wrongly unlocked backups are refused."""

from __future__ import annotations

import errno
import json
import os
import struct
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.work import child, fill, register
from fixtures.workspaces import (
    database_path,
    file_snapshot,
    open_folder,
    results_checksum,
    table_counts,
    table_dump,
)

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.services import (
    assessment_service,
    backup_file,
    backup_service,
    evidence_service,
    integrity_service,
)
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.sync import identity, keys
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.migrations import LATEST_VERSION

PASS = "mật khẩu sao lưu của xã"

CONTENT_TABLES = (
    "unit",
    "assessment",
    "result",
    "evidence",
    "evidence_revision",
    "evidence_link",
    "audit_event",
    "meta",
    "criterion_set",
)


def _work(ws: Workspace, tmp_path: Path, tag: str) -> str:
    """Register an area, fill results and add two evidence files; returns the assessment id."""
    area = child(ws, f"Ấp {tag}")
    a = register(ws, area)
    fill(ws, a.id, skip=2)
    for i in range(2):
        source = tmp_path / f"{tag}-{i}.bin"  # random bytes: not named as a picture
        source.write_bytes(os.urandom(2000) + tag.encode())
        evidence_service.add_file(
            ws, area.id, source, EvidenceMetadata(f"Ảnh {tag} {i}"), link_to=[(a.id, "4.2")]
        )
    return a.id


def _content(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    return table_dump(database_path(folder), CONTENT_TABLES)


def _backup(ws: Workspace, usb: Path, **kw: object) -> Path:
    return backup_service.backup(ws, usb, passphrase=PASS, **kw)  # type: ignore[arg-type]


def test_backup_while_open_restores_into_a_new_folder(ws: Workspace, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    first_id = _work(ws, tmp_path, "Một")
    at_first = _content(ws.root)
    checksum_first = results_checksum(database_path(ws.root))

    first = _backup(ws, usb)
    # The program keeps working, then a second backup is taken, still without closing.
    assessment_service.update_result(ws, first_id, "4.5", value=ResultValue.MET)
    _work(ws, tmp_path, "Hai")
    second = _backup(ws, usb)
    at_second = _content(ws.root)
    counts_second = table_counts(database_path(ws.root))

    assert first != second and first.parent == second.parent == usb
    assert sorted(p.name for p in usb.iterdir()) == sorted([first.name, second.name])
    assert first.suffix == ".anbak"
    info = backup_service.verify_backup(second, PASS)
    assert (info.schema_version, info.blobs) == (LATEST_VERSION, 4)

    restored_first = tmp_path / "restored-1"
    restored_second = tmp_path / "restored-2"
    assert backup_service.restore(restored_first, first, passphrase=PASS).kept == []
    assert backup_service.restore(restored_second, second, passphrase=PASS).identity == "none"

    assert _content(restored_first) == at_first
    assert results_checksum(database_path(restored_first)) == checksum_first
    assert _content(restored_second) == at_second
    assert table_counts(database_path(restored_second)) == counts_second
    for folder in (restored_first, restored_second):
        restored = open_folder(folder)
        try:
            report = integrity_service.check(restored)
        finally:
            restored.close()
        assert report.ok, report.problems
    assert report.blobs_checked == 4


def test_the_backup_holds_keys_and_settings_and_nothing_readable(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    ws = demo_ws
    commune = ws.store.units.by_code("32092")
    assert commune is not None
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", commune.id)
    (ws.root / "settings.ini").write_text("[ui]\nlanguage=vi\n", encoding="utf-8")
    (ws.root / "trust").mkdir(exist_ok=True)
    (ws.root / "trust" / "bo-cong-an.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    path = _backup(ws, tmp_path / "usb")
    data = path.read_bytes()
    for text in ("Hồ Thị Kỷ", "Ho Thi Ky", "language=vi", "BEGIN CERTIFICATE", "signing_private"):
        assert text.encode("utf-8") not in data, text
    # The evidence files do not appear in clear either (the first of them, in full).
    sha, _size = ws.store.evidence.all_blob_hashes()[0]
    assert ws.store.blobs.path_for(sha).read_bytes()[:64] not in data
    target = tmp_path / "may-moi"
    result = backup_service.restore(target, path, passphrase=PASS, mode="replace")
    assert result.identity == "replaced" and result.office_name == "Công an xã Hồ Thị Kỷ"
    assert (target / "settings.ini").read_text(encoding="utf-8") == "[ui]\nlanguage=vi\n"
    assert (target / "trust" / "bo-cong-an.pem").exists()
    pairs = keys.load(target)
    assert pairs is not None
    assert pairs.signing_public_hex == identity.ensure_identity(ws).signing_public


def test_restore_over_a_data_folder_keeps_what_was_there(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    (ws.root / "settings.ini").write_text("[ui]\nlanguage=vi\n", encoding="utf-8")
    path = _backup(ws, tmp_path / "usb")
    saved = _content(ws.root)
    _work(ws, tmp_path, "Hai")  # done after the backup: the restore takes it away
    (ws.root / "settings.ini").write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    after = table_counts(database_path(ws.root))
    root = ws.root
    ws.close()

    result = backup_service.restore(root, path, passphrase=PASS)

    kept = result.kept_database
    assert kept is not None and kept.parent == root and kept.name.startswith("anninh.sqlite3.")
    assert table_counts(kept) == after
    assert _content(root) == saved
    assert (root / "settings.ini").read_text(encoding="utf-8") == "[ui]\nlanguage=vi\n"
    assert any(p.name.startswith("settings.ini.before-restore-") for p in result.kept)


def _flip(path: Path, where: Callable[[int], int]) -> None:
    data = bytearray(path.read_bytes())
    data[where(len(data))] ^= 0x01
    path.write_bytes(bytes(data))


def _edit_header(path: Path) -> None:
    """The readable header says another schema (the chunks' tags cover the header)."""
    data = path.read_bytes()
    (length,) = struct.unpack(">I", data[10:14])
    header = json.loads(data[14 : 14 + length])
    header["schema_version"] = LATEST_VERSION + 1
    new = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(data[:10] + struct.pack(">I", len(new)) + new + data[14 + length :])


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "flipped-byte-in-the-middle": (lambda p: _flip(p, lambda n: n // 2), "damaged"),
    "flipped-byte-in-the-manifest": (lambda p: _flip(p, lambda n: 600), "damaged"),
    "cut-short": (lambda p: p.write_bytes(p.read_bytes()[:-5000]), "damaged"),
    "edited-header": (_edit_header, "damaged"),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_restore_refuses_a_bad_backup_and_leaves_the_data_folder_alone(
    ws: Workspace, tmp_path: Path, case: str
) -> None:
    _work(ws, tmp_path, "Một")
    path = _backup(ws, tmp_path / "usb")
    root = ws.root
    ws.close()
    damage, message = DAMAGE[case]
    damage(path)
    before = file_snapshot(root)

    with pytest.raises(UserError, match=message):
        backup_service.restore(root, path, passphrase=PASS)

    assert file_snapshot(root) == before


def test_a_wrong_passphrase_is_said(ws: Workspace, tmp_path: Path) -> None:
    path = _backup(ws, tmp_path / "usb")
    target = tmp_path / "new"
    with pytest.raises(UserError, match="Wrong passphrase"):
        backup_service.restore(target, path, passphrase="sai")
    assert not target.exists()


def _rewrite(
    path: Path, out: Path, edit: Callable[[dict], dict], signer: object, *, keep_key: bool
) -> None:  # type: ignore[type-arg]
    """Open the backup with its passphrase, edit its manifest and write it again with the same
    passphrase, signed with another key; its header names that key, or (keep_key) still the
    office's."""
    from anninh_desktop.services.sync import container

    reader = backup_file.BackupReader(path, PASS)
    parts = []
    for entry, copy in reader.entries():
        tmp = out.with_name(out.name + f".{len(parts)}")
        with tmp.open("wb") as fh:
            copy(fh)
        parts.append((entry, tmp))
    reader.close()
    data = edit(reader.manifest.to_json())
    wanted = [backup_file.BackupEntry(**e) for e in data["entries"]]
    header = {k: v for k, v in reader.header.items() if k not in ("format", "chunk_size")}
    if not keep_key:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        public = signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)  # type: ignore[attr-defined]
        header["signing_public"] = public.hex()
    key = container.key_from_passphrase(
        PASS, bytes.fromhex(header["salt"]), header["n"], header["r"], header["p"]
    )
    manifest = json.dumps({**data, "entries": [e.to_json() for e in wanted]}).encode()
    with out.open("wb") as fh:
        writer = container.ContainerWriter(fh, header, key, signer, kind=backup_file.KIND)  # type: ignore[arg-type]
        writer.write(struct.pack(">I", len(manifest)) + manifest)
        names = {e.name for e in wanted}
        for entry, tmp in parts:
            if entry.name in names:
                writer.write(tmp.read_bytes())
        writer.close()


@pytest.mark.parametrize("keep_key", [False, True], ids=["its-own-key", "the-offices-key"])
def test_an_edited_manifest_is_refused(demo_ws: Workspace, tmp_path: Path, keep_key: bool) -> None:
    """Someone who knows the passphrase drops an evidence file from the manifest and writes the
    backup again with a key of their own: it is not signed by the office whose keys it holds."""
    ws = demo_ws
    commune = ws.store.units.by_code("32092")
    assert commune is not None
    identity.set_office(ws, "Công an xã Hồ Thị Kỷ", commune.id)
    path = _backup(ws, tmp_path / "usb")

    def drop_a_blob(m: dict) -> dict:  # type: ignore[type-arg]
        blobs = [e for e in m["entries"] if e["kind"] == "blob"]
        return {**m, "entries": [e for e in m["entries"] if e is not blobs[0]]}

    edited = tmp_path / "usb" / "edited.anbak"
    _rewrite(path, edited, drop_a_blob, keys.generate().signing, keep_key=keep_key)
    target = tmp_path / "new"
    with pytest.raises(UserError, match="changed after it was made"):
        backup_service.restore(target, edited, passphrase=PASS, mode="replace")
    assert not target.exists()


def test_restore_refuses_into_a_new_folder_without_creating_anything(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        backup_service.restore(tmp_path / "new-data", tmp_path / "no.anbak", passphrase=PASS)
    assert not (tmp_path / "new-data").exists()


def test_backup_refuses_when_an_evidence_file_is_damaged(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    sha, _size = ws.store.evidence.all_blob_hashes()[0]
    blob = ws.store.blobs.path_for(sha)
    blob.write_bytes(blob.read_bytes() + b"!")
    usb = tmp_path / "usb"
    with pytest.raises(UserError, match="anninh check"):
        _backup(ws, usb)
    assert list(usb.iterdir()) == []
    assert not (ws.root / backup_service.SNAPSHOT).exists()


def test_a_backup_needs_a_passphrase(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="passphrase"):
        backup_service.backup(ws, tmp_path / "usb", passphrase="")


def test_backup_to_a_full_disk_leaves_no_partial_file(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _work(ws, tmp_path, "Một")
    usb = tmp_path / "usb"

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(UserError, match="full"):
        _backup(ws, usb)
    monkeypatch.undo()
    assert list(usb.iterdir()) == []


def test_cancelled_backup_leaves_no_file(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    usb = tmp_path / "usb"
    with pytest.raises(Cancelled):
        _backup(ws, usb, cancel=lambda: True)
    assert list(usb.iterdir()) == []


def test_a_killed_backup_leaves_a_named_partial_file_that_the_next_one_removes(
    ws: Workspace, tmp_path: Path
) -> None:
    _work(ws, tmp_path, "Một")
    usb = tmp_path / "usb"
    root = ws.root
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from anninh_desktop.services import backup_file, backup_service
        from anninh_desktop.services.workspace import open_workspace

        real = backup_file.BackupWriter.copy
        def copy(self, fh, entry, step=None):
            if entry.kind == "blob":
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, fh, entry, step)
        backup_file.BackupWriter.copy = copy
        ws = open_workspace(Path(sys.argv[1]), seed_reference=False)
        backup_service.backup(ws, Path(sys.argv[2]), passphrase="x")
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script, str(root), str(usb)], env=env, timeout=60)
    assert done.returncode == -9
    (left,) = usb.iterdir()
    assert left.name.startswith("anninh-backup-") and left.name.endswith(".anbak.part")
    assert (root / backup_service.SNAPSHOT).exists()  # found by check, removed next time
    assert any("partial file" in x for x in integrity_service.check(ws).problems)
    old = time.time() - 60
    os.utime(left, (old, old))
    os.utime(root / backup_service.SNAPSHOT, (old, old))
    made = _backup(ws, usb)
    assert list(usb.iterdir()) == [made]
    assert not (root / backup_service.SNAPSHOT).exists()


def test_backup_reports_progress_in_bytes(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    seen: list[tuple[int, int]] = []
    path = _backup(ws, tmp_path / "usb", progress=lambda i, n: seen.append((i, n)))
    assert seen and seen[-1][0] == seen[-1][1] and seen == sorted(seen)
    info = backup_service.verify_backup(path, PASS)
    assert (info.schema_version, info.blobs) == (LATEST_VERSION, 2)


def test_restore_onto_a_full_disk_says_so_and_leaves_the_data_folder_alone(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _work(ws, tmp_path, "Một")
    path = _backup(ws, tmp_path / "usb")
    target = tmp_path / "may-moi"
    target.mkdir()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(Exception) as caught:  # which error it is, is checked below
        backup_service.restore(target, path, passphrase=PASS)
    monkeypatch.undo()

    leftovers = list(target.rglob("*"))
    assert leftovers == [], "a failed restore left files in the data folder"
    assert isinstance(caught.value, UserError), f"not a user message: {caught.value!r}"
    assert "full" in caught.value.message


def test_two_backups_in_the_same_second_both_succeed(ws: Workspace, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    now = ws.clock()
    ws.clock = lambda: now
    first = _backup(ws, usb)
    second = _backup(ws, usb)
    assert first != second
    assert backup_service.verify_backup(first, PASS).schema_version == LATEST_VERSION
    assert backup_service.verify_backup(second, PASS).schema_version == LATEST_VERSION


def test_a_killed_restore_changes_nothing_and_can_run_again(ws: Workspace, tmp_path: Path) -> None:
    _work(ws, tmp_path, "Một")
    path = _backup(ws, tmp_path / "usb")
    _work(ws, tmp_path, "Hai")  # after the backup
    root = ws.root
    before = _content(root)
    ws.close()
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from anninh_desktop.services import backup_service

        def swap(*args):  # killed when everything is staged, before anything is swapped in
            os.kill(os.getpid(), signal.SIGKILL)
        backup_service._swap_in = swap
        backup_service.restore(Path(sys.argv[1]), Path(sys.argv[2]), passphrase=sys.argv[3])
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(path), PASS], env=env, timeout=60
    )
    assert done.returncode == -9
    assert _content(root) == before  # killed before the swap: the data folder as it was
    staging = [p for p in root.iterdir() if p.name.startswith(".restoring-")]
    assert len(staging) == 1
    reopened = open_folder(root)
    try:
        assert any("partial file" in x for x in integrity_service.check(reopened).problems)
    finally:
        reopened.close()
    old = time.time() - 60
    os.utime(staging[0], (old, old))
    backup_service.restore(root, path, passphrase=PASS)
    assert [p for p in root.iterdir() if p.name.startswith(".restoring-")] == []
    assert _content(root) != before
