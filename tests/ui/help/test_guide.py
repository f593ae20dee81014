"""The user guide (F1): shipped for both languages with its pictures, opened by F1 at the section of
the view in use (the four tabs, the Appraisal tab, the dossier dialog), searched without diacritics."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from anninh_desktop.services.sync import identity
from anninh_desktop.ui.help import sections
from anninh_desktop.ui.help.guide_files import (
    find_all,
    fold_same_length,
    guide_path,
    headings,
    images,
)
from anninh_desktop.ui.main_window import MainWindow

COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ
SECTION_NAMES = [
    value for name, value in vars(sections).items() if name.isupper() and not name.startswith("_")
]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_picture_the_guide_shows_exists_and_is_an_image(lang):
    page = guide_path(lang)
    assert page.parent.name == lang
    text = page.read_text(encoding="utf-8")
    pictures = images(text)
    assert len(pictures) >= (12 if lang == "vi" else 1)
    for src in pictures:
        path = (page.parent / src).resolve()
        assert path.is_file(), f"{lang}: {src} is missing (scripts/help_screenshots.py makes it)"
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 200, src


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_guide_has_a_section_for_every_context(lang):
    anchors = {h.anchor for h in headings(guide_path(lang).read_text(encoding="utf-8"))}
    assert set(SECTION_NAMES) <= anchors
    if lang == "vi":  # the full guide: parts of sections are in the contents too
        assert {"verify", "checklist", "workflow"} <= anchors


def test_search_folding_keeps_positions():
    text = "Hồ sơ: ĐĂNG KÝ đơn vị; hồ sơ đã ký"
    assert len(fold_same_length(text)) == len(text)
    hits = find_all(text, "ho so")
    assert [text[h : h + 5] for h in hits] == ["Hồ sơ", "hồ sơ"]
    assert [text[h : h + 7] for h in find_all(text, "dang ky")] == ["ĐĂNG KÝ"]
    assert find_all(text, "   ") == []


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks):
    commune = demo_workspace.store.units.by_code(COMMUNE_CODE)
    # The commune's office appraises its residential areas: the Appraisal tab is there too.
    identity.set_office(demo_workspace, "Công an xã Hồ Thị Kỷ", commune.id)
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1366, 690)
    w.show()
    qtbot.waitExposed(w)
    w.finish_start()
    if getattr(w, "reminders", None) is not None and w.reminders.dialog is not None:
        w.reminders.dialog.close()
    w.navigator.select_unit(commune.id)
    yield w
    if w.help.guide is not None:
        w.help.guide.close()


def _press_f1(qtbot, widget):
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)  # the key goes to the view
    qtbot.keyClick(widget, Qt.Key.Key_F1)


def _assert_guide_at(qtbot, window, anchor):
    qtbot.waitUntil(lambda: window.help.guide is not None and window.help.guide.isVisible())
    guide = window.help.guide
    assert guide.current_anchor == anchor
    title, position = next((t, p) for _level, a, t, p in guide.headings() if a == anchor)
    assert guide.contents.currentItem().text(0) == title  # chosen in the contents

    def heading_on_top() -> bool:
        # The heading is the first line the reader sees (or, for the last sections, the page is
        # scrolled to its end with the heading on screen).
        cursor = QTextCursor(guide.browser.document())
        cursor.setPosition(position)
        top = guide.browser.cursorRect(cursor).top()
        bar = guide.browser.verticalScrollBar()
        at_end = bar.value() == bar.maximum() and bar.maximum() > 0
        return 0 <= top < 40 or (at_end and 0 <= top < guide.browser.viewport().height())

    try:
        qtbot.waitUntil(heading_on_top)
    except Exception:
        cursor = QTextCursor(guide.browser.document())
        cursor.setPosition(position)
        bar = guide.browser.verticalScrollBar()
        raise AssertionError(
            f"top={guide.browser.cursorRect(cursor).top()} bar={bar.value()}/{bar.maximum()} "
            f"viewport={guide.browser.viewport().size()} size={guide.size()} "
            f"visible={guide.isVisible()} src={guide.browser.source()} "
            f"top_text={guide.top_text()!r} lang={guide.language}"
        ) from None


@pytest.mark.parametrize(
    ("tab", "anchor"),
    [
        ("assessment_tab", sections.ASSESSMENT),
        ("overview_tab", sections.OVERVIEW),
        ("criteria_tab", sections.CRITERIA),
        ("movement_tab", sections.MOVEMENT),
        ("appraisal_tab", sections.APPRAISAL),
    ],
)
def test_f1_on_each_view_opens_the_guide_at_its_section(qtbot, window, tab, anchor):
    widget = getattr(window, tab)
    assert window.tabs.indexOf(widget) >= 0
    window.tabs.setCurrentWidget(widget)
    qtbot.waitUntil(lambda: widget.created)
    inner = widget.widget()
    target = next(
        c
        for c in inner.findChildren(QWidget)
        if c.isVisible() and c.isEnabled() and c.focusPolicy() & Qt.FocusPolicy.TabFocus
    )
    _press_f1(qtbot, target)
    _assert_guide_at(qtbot, window, anchor)


def test_f1_in_the_unit_list_and_in_the_checklist(qtbot, window):
    _press_f1(qtbot, window.navigator.tree)
    _assert_guide_at(qtbot, window, sections.UNITS)
    window.help.guide.close()
    window.tabs.setCurrentWidget(window.assessment_tab)
    _press_f1(qtbot, window.assessment.checklist)
    _assert_guide_at(qtbot, window, sections.ASSESSMENT)


def test_f1_in_the_dossier_dialog_opens_the_dossier_section(qtbot, window):
    window.tabs.setCurrentWidget(window.assessment_tab)
    window.assessment.header.view.dossier_button.click()
    dialog = window.dossier_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    _press_f1(qtbot, dialog.texts)
    _assert_guide_at(qtbot, window, sections.DOSSIER)
    # The guide is a window of its own: the modal dossier dialog does not block it.
    assert window.help.guide.parent() is None
    dialog.close()


def test_help_menu_opens_the_guide_in_the_windows_language(qtbot, window, vietnamese):
    window.switch_language("vi")
    try:
        window.help.shortcuts_action.trigger()
        _assert_guide_at(qtbot, window, sections.SHORTCUTS)
        guide = window.help.guide
        assert guide.path == guide_path("vi") and guide.path.parent.name == "vi"
        assert guide.windowTitle() == "Hướng dẫn sử dụng — An Ninh Desktop"
        assert guide.contents.topLevelItem(0).text(0) == "1. Lần đầu mở chương trình và dữ liệu mẫu"
    finally:
        window.switch_language("en")
    window.help.guide_action.trigger()  # English now: a new guide in English
    assert window.help.guide.path == guide_path("en")


def test_search_without_diacritics_finds_highlights_and_filters_the_contents(
    qtbot, window, vietnamese
):
    window.switch_language("vi")
    try:
        window.help.open_guide(None)
        guide = window.help.guide
        guide.search.setText("sao luu")
        assert len(guide._hits) >= 2
        selected = guide.browser.textCursor().selectedText()
        assert fold_same_length(selected) == "sao luu" and selected.lower() == "sao lưu"
        assert len(guide.browser.extraSelections()) == len(guide._hits)
        shown = [
            guide.contents.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(guide.contents.topLevelItemCount())
            if not guide.contents.topLevelItem(i).isHidden()
        ]
        assert sections.BACKUP in shown and sections.MOVEMENT not in shown
        first = guide.browser.textCursor().selectionStart()
        guide.next_hit()
        assert guide.browser.textCursor().selectionStart() > first
        guide.search.setText("không có chữ này")
        assert guide.hits_label.text() == "Không tìm thấy"
        guide.search.clear()
        assert all(
            not guide.contents.topLevelItem(i).isHidden()
            for i in range(guide.contents.topLevelItemCount())
        )
    finally:
        window.switch_language("en")


def test_the_guide_pictures_are_loaded_in_the_window(qtbot, window):
    window.help.open_guide(sections.DOSSIER)
    document = window.help.guide.browser.document()
    page = Path(window.help.guide.path)
    for src in images(page.read_text(encoding="utf-8")):
        resource = document.resource(2, window.help.guide.browser.source().resolved(src))  # Image
        assert resource is not None, src
