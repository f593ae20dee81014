"""`anninh sync …` end to end between two data folders (commune demo, seeded province)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.cli_runner import Run

pytestmark = pytest.mark.slow

FINGERPRINT = re.compile(r"(?:[0-9A-F]{4} ){9}[0-9A-F]{4}")


def _id(run: Callable[..., Run], folder: Path) -> str:
    out = run("sync", "identity", "--data-dir", folder, "--lang", "en").out
    return re.search(r"Office id: ([0-9a-f]{32})", out).group(1)  # type: ignore[union-attr]


def test_sync_commands(
    run: Callable[..., Run], demo_dir: Path, seeded_dir: Path, tmp_path: Path
) -> None:
    a, p, usb = demo_dir, seeded_dir, tmp_path / "usb"
    r = run(
        "sync",
        "identity",
        "--data-dir",
        a,
        "--lang",
        "en",
        "--name",
        "Công an xã Hồ Thị Kỷ",
        "--unit",
        "32092",
    )
    assert r.code == 0 and "Hồ Thị Kỷ" in r.out and FINGERPRINT.search(r.out)
    r = run(
        "sync", "identity", "--data-dir", p, "--lang", "en", "--name", "PV05 Cà Mau", "--unit", "96"
    )
    assert r.code == 0, r
    a_id, p_id = _id(run, a), _id(run, p)

    assert run("sync", "card", "export", tmp_path / "a.json", "--data-dir", a).code == 0
    assert run("sync", "card", "export", tmp_path / "p.json", "--data-dir", p).code == 0
    r = run("sync", "card", "import", tmp_path / "a.json", "--data-dir", p, "--lang", "en")
    assert r.code == 0 and "Not trusted yet" in r.out and FINGERPRINT.search(r.out)
    # Untrusted: A cannot export for P before A trusts P.
    assert run("sync", "card", "import", tmp_path / "p.json", "--data-dir", a).code == 0
    r = run("sync", "export", "--peer", p_id[:8], "--to", usb, "--data-dir", a, "--lang", "en")
    assert r.code == 1 and "not a trusted office" in r.err
    assert run("sync", "trust", p_id[:8], "--data-dir", a).code == 0
    assert run("sync", "trust", a_id, "--data-dir", p).code == 0
    r = run("sync", "peers", "--data-dir", a, "--lang", "en")
    assert "PV05 Cà Mau" in r.out and "yes" in r.out

    r = run("sync", "export", "--peer", p_id[:8], "--to", usb, "--data-dir", a)
    assert r.code == 0, r
    (package,) = usb.glob("*.ansync")
    r = run("sync", "import", package, "--data-dir", p, "--lang", "en")
    assert r.code == 0 and "Nothing was changed" in r.out and "Hồ Thị Kỷ" in r.out
    assert not list(usb.glob("*.ansack"))
    r = run("sync", "import", package, "--data-dir", p, "--lang", "en", "--yes")
    assert r.code == 0 and "Applied" in r.out, r
    (ack,) = usb.glob("*.ansack")
    r = run("sync", "ack", ack, "--data-dir", a, "--lang", "en")
    assert r.code == 0 and "acknowledged everything" in r.out
    r = run("sync", "import", package, "--data-dir", p, "--lang", "en", "--yes")
    assert "applied before" in r.out

    # Undo the last import: says what it was; with --yes puts it back; then it may come again.
    r = run("sync", "undo", "--data-dir", p, "--lang", "en")
    assert r.code == 0 and "the package from Công an xã Hồ Thị Kỷ" in r.out
    assert "add --yes to undo it" in r.out
    r = run("sync", "undo", "--data-dir", p, "--lang", "en", "--yes")
    assert r.code == 0 and "Undone:" in r.out, r
    assert "no import to undo" in run("sync", "undo", "--data-dir", p, "--lang", "en").out
    r = run("sync", "import", package, "--data-dir", p, "--lang", "en", "--yes")
    assert r.code == 0 and "Applied" in r.out, r

    # Passphrase mode, and a wrong passphrase is one clear line.
    (tmp_path / "pass.txt").write_text("cùng một câu\n", encoding="utf-8")
    (tmp_path / "wrong.txt").write_text("khác\n", encoding="utf-8")
    out2 = tmp_path / "usb2"
    assert (
        run(
            "sync",
            "export",
            "--peer",
            p_id,
            "--to",
            out2,
            "--passphrase-file",
            tmp_path / "pass.txt",
            "--data-dir",
            a,
        ).code
        == 0
    )
    (package2,) = out2.glob("*.ansync")
    r = run(
        "sync",
        "import",
        package2,
        "--passphrase-file",
        tmp_path / "wrong.txt",
        "--data-dir",
        p,
        "--lang",
        "en",
    )
    assert r.code == 1 and len(r.err_lines) == 1 and "Wrong passphrase" in r.err


def test_a_copied_folder_is_told_to_say_what_it_is(
    run: Callable[..., Run], seeded_dir: Path, tmp_path: Path
) -> None:
    import shutil

    first = run(
        "sync", "identity", "--data-dir", seeded_dir, "--lang", "en", "--name", "X", "--unit", "96"
    )
    assert first.code == 0 and "copied or moved" not in first.out
    copy = tmp_path / "copy"
    shutil.copytree(seeded_dir, copy)
    r = run("sync", "identity", "--data-dir", copy, "--lang", "en")
    assert r.code == 0 and "--new-copy if the original is still used" in r.out
    package = tmp_path / "from-p.ansync"
    package.write_bytes(b"ANSYNC")
    r = run("sync", "import", "--data-dir", copy, "--lang", "en", package)
    assert r.code == 1 and "copied or moved" in r.err
    assert run("sync", "identity", "--data-dir", copy, "--lang", "en", "--moved").code == 0
    r = run("sync", "identity", "--data-dir", copy, "--lang", "en")
    assert "copied or moved" not in r.out and _id(run, copy) == _id(run, seeded_dir)
