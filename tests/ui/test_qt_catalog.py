"""Qt's own buttons and menus follow the program's language through our gettext catalog."""

from __future__ import annotations

import gettext
import re

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from anninh_desktop import i18n
from anninh_desktop.ui import qt_catalog
from anninh_desktop.ui.qt_strings import QT_MESSAGES, qt_message_table

FAKE_VI = {
    "OK": "Đồng ý",
    "Cancel": "Hủy",
    "Save": "Lưu",
    "&Yes": "&Có",
    "Show Details...": "Xem chi tiết...",
    "&Undo": "&Hoàn tác",
    "Cu&t": "&Cắt",
    "&Copy": "&Sao chép",
    "Select All": "Chọn tất cả",
    "Undo %1": "Hoàn tác %1",
}


class FakeCatalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return FAKE_VI.get(message, message)


@pytest.fixture()
def translator(qapp, monkeypatch):
    """Our translator installed on the test application, Vietnamese from a small fake catalog."""
    monkeypatch.setattr(i18n, "_load_catalog", lambda lang, folder: FakeCatalog())
    locale = QLocale()
    tr = qt_catalog.install_qt_translator(qapp)
    yield tr
    qapp.removeTranslator(tr)
    tr.setParent(None)
    QLocale.setDefault(locale)


def _button_texts(box: QDialogButtonBox) -> set[str]:
    return {b.text() for b in box.buttons()}


def test_standard_buttons_follow_the_language_both_ways(qtbot, qapp, translator) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(box)
    assert _button_texts(box) == {"OK", "Cancel", "Save"}

    assert qt_catalog.apply_language(qapp, "vi") == "vi"
    qtbot.waitUntil(lambda: _button_texts(box) == {"Đồng ý", "Hủy", "Lưu"}, timeout=2000)
    assert QLocale().name() == "vi_VN"

    qt_catalog.apply_language(qapp, "en")
    qtbot.waitUntil(lambda: _button_texts(box) == {"OK", "Cancel", "Save"}, timeout=2000)
    assert QLocale().name() == "en_GB"


def test_message_box_buttons_and_details_are_translated(qtbot, qapp, translator) -> None:
    qt_catalog.apply_language(qapp, "vi")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("details")
    qtbot.addWidget(box)
    box.show()
    texts = {b.text() for b in box.buttons()}
    assert {"&Có", "Xem chi tiết..."} <= texts
    assert "&No" in texts  # untranslated in the fake catalog: Qt keeps its own text


def test_line_edit_context_menu_is_translated(qtbot, qapp, translator) -> None:
    qt_catalog.apply_language(qapp, "vi")
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert texts[:1] == ["&Hoàn tác"]
    assert {"&Cắt", "&Sao chép", "Chọn tất cả"} <= set(texts)


def test_undo_text_keeps_qt_placeholder(qapp, translator) -> None:
    qt_catalog.apply_language(qapp, "vi")
    stack = QUndoStack()
    action = stack.createUndoAction(stack)
    stack.push(QUndoCommand("Sửa kết quả"))
    assert action.text() == "Hoàn tác Sửa kết quả"


def test_english_returns_none_so_qt_keeps_its_text(translator) -> None:
    assert translator.translate("QPlatformTheme", "Cancel", None, -1) is None
    assert translator.translate("SomethingElse", "Cancel", None, -1) is None


def test_install_is_idempotent(qapp, translator) -> None:
    assert qt_catalog.install_qt_translator(qapp) is translator


class _Recorder(QTranslator):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def translate(self, context, source_text, disambiguation=None, n=-1):
        self.seen.add((context, source_text))
        return None

    def isEmpty(self) -> bool:
        return False


def test_the_table_covers_what_qt_asks_for(qtbot, qapp) -> None:
    """If a Qt upgrade changes a source text, this names it (the old entry would go unused)."""
    recorder = _Recorder()
    qapp.installTranslator(recorder)
    try:
        buttons = QMessageBox.StandardButton
        box = QMessageBox()
        box.setStandardButtons(
            buttons.Ok | buttons.Save | buttons.SaveAll | buttons.Open | buttons.Yes
            | buttons.YesToAll | buttons.No | buttons.NoToAll | buttons.Abort | buttons.Retry
            | buttons.Ignore | buttons.Close | buttons.Cancel | buttons.Discard | buttons.Help
            | buttons.Apply | buttons.Reset | buttons.RestoreDefaults
        )  # fmt: skip
        box.setDetailedText("d")
        qtbot.addWidget(box)
        box.show()
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.createStandardContextMenu()
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        QUndoStack().createUndoAction(None)
    finally:
        qapp.removeTranslator(recorder)
    table = qt_message_table()
    wanted = {"QPlatformTheme", "QMessageBox", "QLineEdit", "QFileDialog", "QUndoStack"}
    skipped = {("QFileDialog", key) for key in ("Alt+Left", "Alt+Right", "Alt+Up", "Show ")}
    asked = {k for k in recorder.seen if k[0] in wanted} - skipped
    assert len(asked) > 40
    assert sorted(asked - table.keys()) == []


def test_translations_of_qt_texts_keep_accelerators_and_placeholders() -> None:
    """A Vietnamese translation must keep Qt's "%1" and exactly one "&" where Qt has one."""
    i18n.set_language("vi")
    problems = []
    for _contexts, source in QT_MESSAGES:
        text = i18n._(source)
        if text == source:
            continue
        if re.findall(r"%\d", text) != re.findall(r"%\d", source):
            problems.append((source, text))
        if source.count("&") == 1 and text.count("&") != 1:
            problems.append((source, text))
    assert problems == []
