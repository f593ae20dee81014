"""Every menu of the main window has unique accelerators (&-letters), in Vietnamese and in English.

Two entries of one menu with the same letter make Alt+letter stop at the first and the second
unreachable by keyboard. A letter must also be one a US keyboard types (Vietnamese offices type
with Unikey on a US layout): an ASCII letter or digit.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from anninh_desktop import i18n
from anninh_desktop.ui.main_window import MainWindow
from anninh_desktop.ui.qt_catalog import apply_language


def mnemonic(text: str) -> str | None:
    """The letter after the single `&` of `text` (`&&` is a literal ampersand), or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1]
        i += 1
    return None


def clashes(title: str, texts: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for text in texts:
        letter = mnemonic(text)
        if letter is None:
            continue
        if not (letter.isascii() and letter.isalnum()):
            problems.append(f"{title}: “{text}” has the letter {letter!r}, not on a US keyboard")
            continue
        key = letter.lower()
        if key in seen:
            problems.append(f"{title}: “{seen[key]}” and “{text}” share Alt+{key.upper()}")
        else:
            seen[key] = text
    return problems


def menu_problems(menu: QMenu, title: str) -> list[str]:
    actions = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
    problems = clashes(title, [a.text() for a in actions])
    for action in actions:
        if action.menu() is not None:
            problems += menu_problems(action.menu(), f"{title} ▸ {action.text()}")
    return problems


def test_mnemonic_reads_the_letter_after_a_single_ampersand():
    assert mnemonic("&Tệp") == "T"
    assert mnemonic("Còn &thiếu gì…") == "t"
    assert mnemonic("A && B &C") == "C"
    assert mnemonic("No letter") is None
    assert clashes("M", ["&In…", "&Import"]) == ["M: “&In…” and “&Import” share Alt+I"]
    assert clashes("M", ["&Đồng bộ"])[0].endswith("not on a US keyboard")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_menu_has_unique_accelerators(qtbot, qapp, demo_workspace, inline_tasks, lang):
    i18n.set_language(lang)
    apply_language(qapp, lang)
    try:
        window = MainWindow(demo_workspace, tasks=inline_tasks)
        qtbot.addWidget(window)
        bar = window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        assert len(menus) >= 5  # File, Edit, View, Sync, Help
        problems = clashes("menu bar", [a.text() for a in menus])
        for action in menus:
            problems += menu_problems(action.menu(), action.text())
        assert problems == [], "\n".join(problems)
    finally:
        i18n.set_language("en")
        apply_language(qapp, "en")
