"""`anninh backups` and `anninh unit-list template | import | export`."""

from __future__ import annotations

from pathlib import Path

from fixtures.cli_runner import Anninh
from openpyxl import Workbook

EN = ("--lang", "en")


def _in(folder: Path) -> tuple[str, ...]:
    return ("--data-dir", str(folder), *EN)


def test_backups_are_listed_with_a_damaged_one_named(
    run: Anninh, demo_dir: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    secret = tmp_path / "pass.txt"
    secret.write_text("mật khẩu dài đủ", encoding="utf-8")
    made = run("backup", usb, "--passphrase-file", secret, *_in(demo_dir))
    assert made.code == 0, made.err
    (written,) = usb.glob("anninh-backup-*.anbak")
    listed = run("backups", usb, *_in(demo_dir))
    assert listed.code == 0, listed.err
    assert written.name in listed.out and "readable" in listed.out
    (usb / "anninh-backup-20990101-000000.anbak").write_bytes(b"ANBAK\r\n")
    listed = run("backups", usb, *_in(demo_dir))
    assert listed.code == 1
    assert "damaged or incomplete" in listed.out
    missing = run("backups", tmp_path / "nowhere", *_in(demo_dir))
    assert missing.code != 0 and "is not a folder" in missing.err


def test_unit_list_template_import_and_export(run: Anninh, demo_dir: Path, tmp_path: Path) -> None:
    template = tmp_path / "mau.xlsx"
    assert run("unit-list", "template", template, *_in(demo_dir)).code == 0
    assert template.is_file()
    wb = Workbook()
    for row in (
        ["Loại", "Tên", "Phân loại"],
        ["Khu dân cư", "Tân Điền", "ấp"],
        ["Khu dan cu", "Ba Dieu", "ap"],
        ["Chợ", "Chợ xã", ""],
    ):
        wb.active.append(row)
    bad = tmp_path / "ds.xlsx"
    wb.save(bad)
    refused = run("unit-list", "import", "32092", bad, *_in(demo_dir))
    assert refused.code == 1
    assert "Row 4: “Chợ” is not a kind of unit" in refused.err
    assert "nothing was added" in refused.err
    wb.active.delete_rows(4)
    good = tmp_path / "ds2.xlsx"
    wb.save(good)
    dry = run("unit-list", "import", "32092", good, "--dry-run", *_in(demo_dir))
    assert dry.code == 0 and "1 unit would be added" in dry.out
    assert "Row 3: Xã Hồ Thị Kỷ already has" in dry.out
    done = run("unit-list", "import", "32092", good, *_in(demo_dir))
    assert done.code == 0 and "1 unit was added to Xã Hồ Thị Kỷ" in done.out, done
    again = run("unit-list", "import", "32092", good, *_in(demo_dir))
    assert "0 units were added" in again.out
    out = tmp_path / "xuat.csv"
    exported = run("unit-list", "export", "32092", out, *_in(demo_dir))
    assert exported.code == 0, exported.err
    assert "Khu dân cư,Tân Điền,ấp" in out.read_text(encoding="utf-8-sig")
    damaged = tmp_path / "hong.xlsx"
    damaged.write_bytes(b"not a workbook")
    broken = run("unit-list", "import", "32092", damaged, *_in(demo_dir))
    assert broken.code != 0 and "cannot be read as an Excel workbook" in broken.err
