"""The file given on the command line (the installer's file associations) opens in the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from anninh_desktop.app import open_given_file, parse_args


class _Calls:
    def __init__(self) -> None:
        self.paths: list[Path] = []

    def import_file(self, path: Path) -> None:
        self.paths.append(path)

    def verify(self, path: Path) -> None:
        self.paths.append(path)


class _Window(QWidget):
    """What open_given_file uses of the main window: its sync actions and received-dossier view."""

    def __init__(self) -> None:
        super().__init__()
        self.sync = _Calls()
        self.received = _Calls()


def test_one_optional_file_path_is_parsed() -> None:
    assert parse_args([]).open_path is None
    args = parse_args(["--data-dir", "D:/AnNinh", r"E:\\USB\\xã Hồ Thị Kỷ.ansync"])
    assert args.open_path == Path(r"E:\\USB\\xã Hồ Thị Kỷ.ansync")
    assert args.data_dir == Path("D:/AnNinh")


@pytest.mark.parametrize(
    ("name", "did"),
    [("goi.ansync", "sync"), ("BIEN-NHAN.ANSACK", "sync"), ("ho-so đã ký.pdf", "pdf")],
)
def test_packages_are_imported_and_pdfs_verified(
    qtbot: QtBot, tmp_path: Path, name: str, did: str
) -> None:
    window = _Window()
    qtbot.addWidget(window)
    path = tmp_path / name
    path.write_bytes(b"x")
    assert open_given_file(cast(Any, window), cast(Any, None), path) == did
    used, unused = (
        (window.sync, window.received) if did == "sync" else (window.received, window.sync)
    )
    assert used.paths == [path] and unused.paths == []
    assert window.findChildren(QMessageBox) == []


@pytest.mark.parametrize("name", ["ghi-chu.txt", "khong-co.ansync"])
def test_other_or_missing_files_get_a_message(qtbot: QtBot, tmp_path: Path, name: str) -> None:
    window = _Window()
    qtbot.addWidget(window)
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("không phải gói", encoding="utf-8")
    assert open_given_file(cast(Any, window), cast(Any, None), path) == "refused"
    (box,) = window.findChildren(QMessageBox)
    assert str(path) in box.text()
    assert window.sync.paths == [] and window.received.paths == []
