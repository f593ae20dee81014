"""Preferences in the data folder: values come back typed, damaged values give safe defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from anninh_desktop.ui.preferences import PREFERENCES_FILE, Preferences


def test_a_fresh_file_gives_defaults(tmp_path: Path) -> None:
    prefs = Preferences.for_data_dir(tmp_path)
    assert prefs.path == tmp_path / PREFERENCES_FILE
    assert prefs.language() is None
    assert prefs.window_geometry() is None
    assert prefs.window_state() is None
    assert prefs.layout_state("main_splitter") is None
    assert prefs.last_unit() is None
    assert prefs.last_year() is None
    assert prefs.last_folder("evidence") is None
    assert prefs.first_run_done() is False


def test_values_round_trip_through_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "Tài liệu"
    folder.mkdir()
    prefs = Preferences.for_data_dir(tmp_path)
    prefs.set_language("en")
    prefs.set_window_geometry(b"\x01\x02geometry\x00")  # bytes or QByteArray
    prefs.set_window_state(QByteArray(b"state"))
    prefs.set_layout_state("main_splitter", QByteArray(b"\xffsplit"))
    prefs.set_last_unit("u-123")
    prefs.set_last_year(2026)
    prefs.set_last_folder("evidence", folder / "ảnh.jpg")  # a file: its folder is kept
    prefs.set_first_run_done()

    again = Preferences(tmp_path / PREFERENCES_FILE)
    assert again.language() == "en"
    assert bytes(again.window_geometry().data()) == b"\x01\x02geometry\x00"
    assert bytes(again.window_state().data()) == b"state"
    assert bytes(again.layout_state("main_splitter").data()) == b"\xffsplit"
    assert again.last_unit() == "u-123"
    assert again.last_year() == 2026
    assert again.last_folder("evidence") == folder
    assert again.last_folder("export") is None
    assert again.first_run_done() is True

    again.set_last_unit(None)
    assert Preferences(prefs.path).last_unit() is None


def test_damaged_values_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / PREFERENCES_FILE
    path.write_text(
        "[general]\nlanguage=fr\nfirst_run_done=maybe\n"
        "[window]\ngeometry=not bytes\n"
        "[selection]\nyear=twenty\nunit=\n"
        f"[folders]\nevidence={tmp_path / 'gone'}\n",
        encoding="utf-8",
    )
    prefs = Preferences(path)
    assert prefs.language() is None
    assert prefs.first_run_done() is False
    assert prefs.window_geometry() is None
    assert prefs.last_year() is None
    assert prefs.last_unit() is None
    assert prefs.last_folder("evidence") is None


def test_an_implausible_year_is_ignored(tmp_path: Path) -> None:
    prefs = Preferences.for_data_dir(tmp_path)
    prefs.set_last_year(1900)
    assert prefs.last_year() is None


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    prefs = Preferences.for_data_dir(tmp_path)
    with pytest.raises(ValueError):
        prefs.set_language("fr")
    with pytest.raises(ValueError):
        prefs.set_last_folder("a/b", tmp_path)
