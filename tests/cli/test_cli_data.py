"""`anninh demo | check | backup | restore`, unreadable data folders, and Vietnamese output."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fixtures import old_databases
from fixtures.cli_runner import Anninh
from fixtures.workspaces import (
    database_path,
    file_snapshot,
    open_folder,
    results_checksum,
    table_counts,
)

from anninh_desktop.locations import translations_dir
from anninh_desktop.services import integrity_service
from anninh_desktop.storage import blobstore
from anninh_desktop.storage.migrations import LATEST_VERSION

EN = ("--lang", "en")


def _in(folder: Path, lang: str = "en") -> tuple[str, ...]:
    return ("--data-dir", str(folder), "--lang", lang)


@pytest.mark.slow
def test_demo_then_status_and_check(run: Anninh, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    built = run("demo", *_in(folder))
    assert built.code == 0, built.err
    assert "Demo data ready in" in built.out
    assert "anninh status" in built.out

    status = run("status", "32092", "--set", "qd9745-xa-dien-hinh", *_in(folder))
    assert status.code == 0, status.err
    assert "Met 32/34" in status.out
    assert "incomplete" in status.out

    checked = run("check", *_in(folder))
    assert checked.code == 0, checked.err
    assert "Everything is in order." in checked.out

    again = run("demo", *_in(folder))
    assert again.code == 1
    assert len(again.err_lines) == 1 and "already holds assessments" in again.err


def test_backup_and_restore_round_trip(run: Anninh, demo_dir: Path, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    counts = table_counts(database_path(demo_dir))
    checksum = results_checksum(database_path(demo_dir))

    secret = tmp_path / "pass.txt"
    secret.write_text("mật khẩu sao lưu\n", encoding="utf-8")
    made = run("backup", usb, "--passphrase-file", secret, *_in(demo_dir))
    assert made.code == 0, made.err
    (folder,) = usb.iterdir()
    assert f"Backup written to {folder}" in made.out and folder.suffix == ".anbak"
    no_pass = run("backup", usb, *_in(demo_dir))  # not at a terminal: it must be given
    assert no_pass.code == 1 and "--passphrase-file" in no_pass.err

    target = tmp_path / "may-moi"
    restored = run("restore", folder, "--passphrase-file", secret, *_in(target))
    assert restored.code == 0, restored.err
    assert f"Restored {folder}." in restored.out
    assert table_counts(database_path(target)) == counts
    assert results_checksum(database_path(target)) == checksum
    assert run("check", *_in(target)).code == 0

    status = run("status", "32092", "--set", "qd9745-xa-dien-hinh", *_in(target))
    assert "Met 32/34" in status.out


def test_restore_of_a_damaged_backup_exits_1_and_keeps_the_data(
    run: Anninh, seeded_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    secret = tmp_path / "pass.txt"
    secret.write_text("mật khẩu\n", encoding="utf-8")
    assert run("backup", usb, "--passphrase-file", secret, *_in(seeded_dir)).code == 0
    (folder,) = usb.iterdir()
    folder.write_bytes(folder.read_bytes()[:-100])
    before = file_snapshot(seeded_dir / "anninh.sqlite3")

    result = run("restore", folder, "--passphrase-file", secret, *_in(seeded_dir))

    assert result.code == 1
    assert len(result.err_lines) == 1 and "damaged or incomplete" in result.err
    assert file_snapshot(seeded_dir / "anninh.sqlite3") == before


def test_restore_of_an_older_programs_backup_migrates_it(run: Anninh, tmp_path: Path) -> None:
    backup = tmp_path / "usb" / "anninh-backup-20260110-080000"
    backup.mkdir(parents=True)
    old_databases.build_database(backup / "anninh.sqlite3", 2)
    blobs = blobstore.BlobStore(backup / "blobs")
    blobs.import_bytes(old_databases.BLOB_1)
    blobs.import_bytes(old_databases.BLOB_2)
    manifest = {
        "format": 1,
        "program_version": "0.0.9",
        "schema_version": 2,
        "created_at": "2026-01-10T08:00:00+07:00",
        "installation": "x",
        "database_sha256": hashlib.sha256((backup / "anninh.sqlite3").read_bytes()).hexdigest(),
        "blobs": 2,
    }
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target = tmp_path / "data"

    result = run("restore", backup, *_in(target))

    assert result.code == 0, result.err
    ws = open_folder(target)
    try:
        for version in (1, 2):
            old_databases.CHECKS[version](ws.store)
        assert integrity_service.check(ws).ok
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("UPDATE audit_event SET actor = 'nguoi-khac' WHERE seq = 3", "3 (hash)"),
        ("DELETE FROM audit_event WHERE seq = 3", "4 (gap)"),
        (
            "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)",
            "{last} (truncated)",
        ),
    ],
    ids=["edited", "deleted-in-the-middle", "last-deleted"],
)
def test_check_names_the_broken_audit_event(
    run: Anninh, seeded_dir: Path, statement: str, expected: str
) -> None:
    for name in ("Trường THCS Hồ Thị Kỷ", "Trường THPT Hồ Thị Kỷ"):
        assert (
            run(
                "units",
                "add",
                "--parent",
                "32092",
                "--kind",
                "school",
                "--name",
                name,
                *_in(seeded_dir),
            ).code
            == 0
        )
    assert run("check", *_in(seeded_dir)).code == 0
    conn = sqlite3.connect(database_path(seeded_dir))
    last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    conn.execute(statement)
    conn.commit()
    conn.close()

    result = run("check", *_in(seeded_dir))

    assert result.code == 1
    assert f"Audit log broken at event {expected.format(last=last)}" in result.err
    assert "Everything is in order." not in result.out


def test_newer_database_exits_1_with_one_line(run: Anninh, seeded_dir: Path) -> None:
    conn = sqlite3.connect(database_path(seeded_dir))
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = database_path(seeded_dir).read_bytes()

    result = run("status", "32092", *_in(seeded_dir))

    assert result.code == 1
    assert len(result.err_lines) == 1
    assert "newer version of An Ninh Desktop" in result.err
    assert f"schema {LATEST_VERSION + 1}" in result.err
    assert database_path(seeded_dir).read_bytes() == before


def test_damaged_database_exits_1_with_a_clear_message(run: Anninh, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    database_path(folder).write_bytes(os.urandom(32 * 1024))

    result = run("check", *_in(folder))

    assert result.code == 1
    assert len(result.err_lines) == 1
    assert "cannot be read" in result.err and "anninh restore" in result.err


def _vietnamese(message: str) -> str:
    """The Vietnamese catalog's translation of a message (the catalog must have one)."""
    po = translations_dir() / "vi" / "LC_MESSAGES" / "anninh.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    entry = catalog.get(message)
    assert entry is not None and not entry.fuzzy and isinstance(entry.string, str), message
    assert entry.string, message
    return entry.string


def test_vietnamese_output(run: Anninh, seeded_dir: Path) -> None:
    checked = run("check", *_in(seeded_dir, "vi"))
    unknown = run("status", "Xã Không Có Thật", *_in(seeded_dir, "vi"))

    assert checked.code == 0
    assert unknown.code == 1
    assert _vietnamese("Everything is in order.") in checked.out
    assert "Everything is in order." not in checked.out
    no_match = _vietnamese("No unit matches “{text}”")
    assert unknown.err_lines == [no_match.format(text="Xã Không Có Thật")]
