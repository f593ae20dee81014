"""Portable mode: a marker file beside the bundle's executable puts the data folder beside it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anninh_desktop.locations import PORTABLE_MARKER, portable_data_dir, program_folder
from anninh_desktop.services.workspace import default_data_dir


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A program folder with Vietnamese letters in its path, as if the program ran from it."""
    folder = tmp_path / "Chương trình" / "An Ninh"
    folder.mkdir(parents=True)
    executable = folder / "anninh-desktop"
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    return folder


def test_from_source_there_is_no_program_folder_and_no_portable_mode() -> None:
    assert not getattr(sys, "frozen", False)
    assert program_folder() is None
    assert portable_data_dir() is None
    assert default_data_dir().name == "AnNinhDesktop"


def test_an_installed_bundle_uses_the_users_data_folder(bundle: Path) -> None:
    assert program_folder() == bundle.resolve()
    assert portable_data_dir() is None
    data = default_data_dir()
    assert data.name == "AnNinhDesktop"
    assert bundle.resolve() not in data.parents


def test_the_marker_puts_the_data_beside_the_program(bundle: Path) -> None:
    (bundle / PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    assert portable_data_dir() == bundle.resolve() / "data"
    assert default_data_dir() == bundle.resolve() / "data"


def test_a_folder_named_like_the_marker_does_not_count(bundle: Path) -> None:
    (bundle / PORTABLE_MARKER).mkdir()
    assert portable_data_dir() is None
