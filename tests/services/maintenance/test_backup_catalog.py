"""Backups listed from their readable headers; the last backup's time and the reminder's days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from anninh_desktop.services import backup_service
from anninh_desktop.services.errors import Cancelled
from anninh_desktop.services.maintenance import backup_catalog
from anninh_desktop.services.workspace import Workspace

PASS = "mật khẩu sao lưu"


def test_backups_are_listed_newest_first_and_a_damaged_one_says_so(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    first = backup_service.backup(demo_ws, usb, passphrase=PASS)
    second = backup_service.backup(demo_ws, usb, passphrase=PASS)
    cut = usb / "anninh-backup-20990101-000000.anbak"
    cut.write_bytes(first.read_bytes()[:5])  # cut short: its header cannot be read
    (usb / "notes.txt").write_text("not a backup")
    listed = backup_catalog.list_backups(usb)
    good = [b for b in listed if not b.problem]
    assert [b.path for b in good] == [second, first]
    assert all(b.size == b.path.stat().st_size and b.schema_version for b in good)
    (bad,) = [b for b in listed if b.problem]
    assert bad.path == cut and bad.created_at is None and "damaged" in bad.problem


def test_the_last_backup_is_recorded_beside_the_data_without_changing_it(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    assert backup_catalog.last_backup(demo_ws) is None
    assert backup_catalog.backup_overdue(demo_ws, 7) == -1  # never backed up
    path = backup_service.backup(demo_ws, tmp_path / "usb", passphrase=PASS)
    when, where = backup_catalog.last_backup(demo_ws)
    assert where == str(path)
    assert backup_catalog.backup_overdue(demo_ws, 7, now=when + timedelta(days=6)) is None
    assert backup_catalog.backup_overdue(demo_ws, 7, now=when + timedelta(days=9)) == 9
    assert backup_catalog.backup_overdue(demo_ws, 0, now=when + timedelta(days=99)) is None
    assert demo_ws.store.meta("backup.last_at") is None  # nothing of it in the database


def test_a_cancelled_backup_records_nothing(demo_ws: Workspace, tmp_path: Path) -> None:
    try:
        backup_service.backup(demo_ws, tmp_path / "usb", passphrase=PASS, cancel=lambda: True)
    except Cancelled:
        pass
    else:
        raise AssertionError("not cancelled")
    assert backup_catalog.last_backup(demo_ws) is None
    assert list((tmp_path / "usb").iterdir()) == []


def test_reminder_days_default_bounds_and_a_damaged_state_file(demo_ws: Workspace) -> None:
    assert backup_catalog.reminder_days(demo_ws) == backup_catalog.DEFAULT_REMINDER_DAYS == 7
    backup_catalog.set_reminder_days(demo_ws, 14)
    assert backup_catalog.reminder_days(demo_ws) == 14
    backup_catalog.set_reminder_days(demo_ws, 10_000)
    assert backup_catalog.reminder_days(demo_ws) == backup_catalog.MAX_REMINDER_DAYS
    (demo_ws.root / backup_catalog.STATE_FILE).write_text("{not json")
    assert backup_catalog.reminder_days(demo_ws) == 7
    assert backup_catalog.last_backup(demo_ws) is None


def test_a_cancelled_restore_leaves_the_data_folder_as_it_was(
    demo_ws: Workspace, tmp_path: Path
) -> None:
    path = backup_service.backup(demo_ws, tmp_path / "usb", passphrase=PASS)
    root = demo_ws.root
    demo_ws.close()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # a few entries in

    try:
        backup_service.restore(root, path, passphrase=PASS, mode="replace", cancel=cancel)
    except Cancelled:
        pass
    else:
        raise AssertionError("not cancelled")
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert after == before
