"""Help ▸ About: the version, the data folder, and every part of the program folder with its
licence and texts — from installer/licenses.toml in a source checkout, from the bundle's
licenses/THIRD-PARTY-NOTICES.txt (written by installer/licenses.py) in the program folder."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocumentFragment

from anninh_desktop import __version__
from anninh_desktop.ui.help import bundled_licences
from anninh_desktop.ui.help.about_dialog import QT_SOURCE, AboutDialog
from anninh_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]
OTHERS = {"python": "python", "pyinstaller": "pyinstaller-bootloader"}


def _table_names() -> set[str]:
    with (ROOT / "installer" / "licenses.toml").open("rb") as f:
        table = tomllib.load(f)
    return set(table["packages"]) | {OTHERS.get(k, k) for k in table["others"]}


def test_about_shows_the_version_folders_and_every_bundled_part(qtbot, tmp_path):
    data = tmp_path / "Dữ liệu <Cán bộ & Co>"
    dialog = AboutDialog(data)
    qtbot.addWidget(dialog)
    dialog.show()
    # Shown as written, not read as markup.
    shown = QTextDocumentFragment.fromHtml(dialog.summary.text()).toPlainText()
    assert __version__ in shown and str(data) in shown
    names = dialog.part_names()
    assert set(names) == _table_names()
    assert len(names) == len(set(names)) >= 40
    # Qt and PySide6 under the LGPL: where the source is, that the libraries may be replaced.
    assert QT_SOURCE in dialog.lgpl.text() and "replace" in dialog.lgpl.text()
    dialog.show_part("pyside6-essentials")
    licence = dialog.licence_text.toPlainText()
    assert licence.startswith("pyside6-essentials ") and "LGPL-3.0-only" in licence
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in licence
    dialog.show_part("reportlab")
    assert "BSD-3-Clause" in dialog.licence_text.toPlainText()
    row = dialog.parts_list.currentItem()
    assert row.text(1) != "—"  # the installed version is named


@pytest.fixture(scope="module")
def licenses_module():
    spec = importlib.util.spec_from_file_location("licenses", ROOT / "installer" / "licenses.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["licenses"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["licenses"]
    return module


def test_in_the_program_folder_the_bundles_notices_are_read(
    qtbot, tmp_path, monkeypatch, licenses_module
):
    parts, _problems = licenses_module.components()
    folder = tmp_path / "AnNinhDesktop"
    licenses_module.write_texts(parts, folder / "licenses")  # as scripts/build-bundle does
    monkeypatch.setattr(bundled_licences, "program_folder", lambda: folder)
    read = bundled_licences.bundled_parts()
    assert [p.name for p in read] == [p.name for p in parts]
    assert {p.name for p in read} == _table_names()
    by_name = {p.name: p for p in read}
    for part in parts:
        assert by_name[part.name].licence == part.license
        assert by_name[part.name].version == part.version
        assert all(t.is_relative_to(folder / "licenses") for t in by_name[part.name].texts)
        assert len(by_name[part.name].texts) == len(part.texts)
    dialog = AboutDialog(tmp_path, None)
    qtbot.addWidget(dialog)
    dialog.show_part("pyside6-essentials")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()


def test_a_damaged_notices_file_does_not_stop_the_dialog(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "prog"
    (folder / "licenses").mkdir(parents=True)
    (folder / "licenses" / "THIRD-PARTY-NOTICES.txt").write_text(
        "intro\n\nreportlab 4.0: BSD-3-Clause\n    texts: reportlab/gone.txt\ngarbage line\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(bundled_licences, "program_folder", lambda: folder)
    dialog = AboutDialog(tmp_path, None)
    qtbot.addWidget(dialog)
    assert dialog.part_names() == ["reportlab"]
    assert "no licence text found" in dialog.licence_text.toPlainText()


def test_help_about_opens_from_the_menu(qtbot, demo_workspace, inline_tasks):
    window = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(window)
    help_menu = window.menuBar().actions()[-1].menu()
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts == ["&User guide", "&Keyboard shortcuts", "&About An Ninh Desktop"]
    window.help.about_action.trigger()
    dialog = window.help.about_dialog
    assert dialog is not None and dialog.isVisible()
    assert str(demo_workspace.root) in dialog.summary.text()
    dialog.close()
