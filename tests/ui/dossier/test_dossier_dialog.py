"""The dossier dialog on the demo's exemplary assessment: completeness, texts, build, cancel."""

from __future__ import annotations

import hashlib

from dossier_ui_helpers import TT124_SET, demo_assessment, open_dialog, page_count, pdf_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from typing_helpers import type_text

from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.services import evidence_service
from anninh_desktop.services.assessment_service import checklist
from anninh_desktop.services.signing.demo_cert import DEMO_SIGNER_NAME
from anninh_desktop.ui.dossier.texts_editor import DocumentTextsEditor
from anninh_desktop.ui.tasks import TaskRunner

SENTENCE = (
    "Đã tổ chức 12 buổi tuyên truyền phòng chống tội phạm tại ấp Đầu Sấu, có 356 lượt người dự."
)


def test_completeness_lists_criteria_without_evidence_and_building_stays_possible(
    qtbot, demo_workspace, inline_tasks, vietnamese
):
    ws = demo_workspace
    a = demo_assessment(ws, TT124_SET)  # the exemplary set asks for no particular evidence
    view = checklist(ws, a.id)
    criterion = next(
        c
        for c in view.criterion_set.assessable_criteria()
        if c.required_evidence and evidence_service.linked_items(ws, a.id, c.ref)
    )
    for item in evidence_service.linked_items(ws, a.id, criterion.ref):
        evidence_service.unlink(ws, item.id, a.id, criterion.ref)

    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)

    c = dialog.completeness
    assert c.refs() == [criterion.ref]
    row = [c.model.item(0, col).text() for col in range(4)]
    assert row[1] == criterion.text
    assert row[2] == ", ".join(_(EVIDENCE_KIND_LABELS[k]) for k in criterion.required_evidence)
    assert c.table.isVisible()
    assert "1" in c.summary_label.text() and c.summary_label.isVisible()
    v = dialog.view
    assert v.build_button.isEnabled()
    # nothing built yet: signing and verifying wait for a file, and say so
    assert not v.sign_button.isEnabled() and not v.verify_button.isEnabled()
    assert v.sign_button.toolTip() == _("Build the dossier first.")


def test_nothing_missing_says_so(qtbot, demo_workspace, inline_tasks):
    dialog = open_dialog(qtbot, demo_workspace, demo_assessment(demo_workspace).id, inline_tasks)
    assert dialog.completeness.refs() == []
    assert not dialog.completeness.table.isVisible()
    assert dialog.completeness.summary_label.text() == (
        "Every criterion that asks for evidence has some linked."
    )


def _type_into_body(editor: DocumentTextsEditor, text: str) -> None:
    """Put the cursor at the end of the body's first paragraph and type a new paragraph there."""
    body = editor.form.body
    body.setFocus()
    cursor = body.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.EndOfBlock)
    body.setTextCursor(cursor)
    QTest.keyClick(body, Qt.Key.Key_Return)
    type_text(body, text)


def test_typed_report_text_is_saved_by_itself_and_used_in_the_built_pdf(
    qtbot, demo_workspace, inline_tasks, vietnamese
):
    ws = demo_workspace
    a = demo_assessment(ws)
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    texts = dialog.texts
    assert texts.select_kind("BC")
    # A form, not markup: the default text filled from the assessment, in its parts.
    assert texts.showing_form()
    default = dossier_service.default_text(ws, a.id, "BC")
    assert texts.current_text() == default
    form = texts.form
    assert form.kind_edit.text() == "BÁO CÁO"
    assert "[" not in form.body.toPlainText() and "**" not in form.body.toPlainText()
    assert "{" not in form.body.toPlainText()  # every field of the template filled
    assert '"' not in form.body.toPlainText()  # the set's title quoted once, typographically
    form.body.moveCursor(form.body.textCursor().MoveOperation.Start)
    assert form.body.is_heading() and form.heading_button.isChecked()  # "I. KHÁI QUÁT CHUNG"
    assert form.body.textCursor().block().text() == "I. KHÁI QUÁT CHUNG"
    # The demo office has named its commander (who also holds the demo certificate).
    assert form.signer_boxes and form.signer_boxes[0].name.text() == DEMO_SIGNER_NAME

    _type_into_body(texts, SENTENCE)
    # saved by the idle timer, without leaving the field
    qtbot.waitUntil(lambda: dossier_service.is_edited(ws, a.id, "BC"), timeout=3000)
    assert SENTENCE in dossier_service.document_text(ws, a.id, "BC")
    assert not texts.has_unsaved_text()
    assert texts.restore_button.isEnabled()

    values: list[int] = []
    dialog.view.progress_bar.valueChanged.connect(values.append)
    dialog.view.build_button.click()

    built = dialog.built
    assert built is not None and built.path.is_file()
    assert values and values[-1] == dialog.view.progress_bar.maximum() > 1
    assert values == sorted(values)
    assert not dialog.view.progress_row.isVisible()
    text = pdf_text(built.path)
    assert SENTENCE in text
    assert "BÁO CÁO" in text
    # the result: pages, short hash, numbers, warnings
    v = dialog.view
    assert int(v.pages_label.text()) == built.page_count == page_count(built.path)
    digest = hashlib.sha256(built.path.read_bytes()).hexdigest()
    assert built.sha256 == digest and v.sha_label.text() == digest[:16] + "…"
    assert set(built.numbers) == {"TTr", "BC", "BB"}
    for number in built.numbers.values():
        assert number in v.numbers_label.text()
    assert "02/03/2026" in v.numbers_label.text()  # the documents' date
    shown = [v.warnings_list.item(i).text() for i in range(v.warnings_list.count())]
    assert shown == built.warnings
    assert v.sign_button.isEnabled() and v.verify_button.isEnabled()
    # the preview, page by page
    preview = v.preview
    assert preview.page_count() == built.page_count and preview.page() == 1
    preview.next_button.click()
    assert preview.page() == 2
    assert preview.page_label.text() == _("Page {page} of {count}").format(
        page=2, count=built.page_count
    )
    preview.previous_button.click()
    assert preview.page() == 1 and not preview.previous_button.isEnabled()

    opened = []
    dialog._open_url = opened.append  # type: ignore[method-assign]
    v.open_folder_button.click()
    assert opened[0].toLocalFile() == str(built.path.parent)


def test_a_heading_is_made_with_a_button_and_saved_in_the_stored_format(
    qtbot, demo_workspace, inline_tasks
):
    ws = demo_workspace
    a = demo_assessment(ws)
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    texts = dialog.texts
    texts.select_kind("BB")
    _type_into_body(texts, "IV. Ý KIẾN KHÁC")
    body = texts.form.body
    assert not body.is_heading()
    texts.form.heading_button.click()
    assert body.is_heading()
    QTest.keyClick(body, Qt.Key.Key_Return)  # the next paragraph is a plain one again
    type_text(body, "Không có ý kiến khác.")
    assert not body.is_heading()
    assert texts.flush()
    stored = dossier_service.document_text(ws, a.id, "BB")
    assert "**IV. Ý KIẾN KHÁC**\nKhông có ý kiến khác." in stored


def test_a_document_the_layout_cannot_use_is_kept_in_view_and_blocks_the_build(
    qtbot, demo_workspace, inline_tasks, monkeypatch
):
    ws = demo_workspace
    a = demo_assessment(ws)
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    monkeypatch.setattr(dialog, "_ask_discard_text", lambda: True)  # never block a failed test
    texts = dialog.texts
    for box in list(texts.form.signer_boxes):  # a request without anyone to sign it
        box.remove_button.click()
    assert texts.has_unsaved_text()

    boxes = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: boxes.append(box))
    dialog.view.build_button.click()

    assert not dossier_service.is_edited(ws, a.id, "TTr")
    assert texts.form.signer_boxes == []  # what the user did stays in view
    assert "at least one signer" in texts.status_label.text()
    assert boxes and "was not built" in boxes[0].text()
    assert dialog.built is None and not dossier_service.default_output_path(ws, a.id).exists()
    # another document cannot be chosen until the document is fixed
    assert not texts.select_kind("BB") and texts.current_kind() == "TTr"
    # closing asks before the unusable text is thrown away
    asked = []
    monkeypatch.setattr(dialog, "_ask_discard_text", lambda: asked.append(1) or False)
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(dialog, "_ask_discard_text", lambda: True)
    dialog.reject()
    assert not dialog.isVisible()


def test_a_stored_text_the_form_cannot_show_opens_as_text(qtbot, demo_workspace, inline_tasks):
    ws = demo_workspace
    a = demo_assessment(ws)
    broken = dossier_service.default_text(ws, a.id, "BB").replace("[NỘI DUNG]", "[NỘI DUNG CHÍNH]")
    ws.store.document_texts.save("legacy", a.id, "BB", broken, ws.clock(), _stamp(ws))
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    texts = dialog.texts
    texts.select_kind("BB")
    assert not texts.showing_form()
    assert texts.editor.toPlainText() == broken  # nothing is lost
    assert "cannot show as a form" in texts.status_label.text()
    assert "unknown section [NỘI DUNG CHÍNH]" in texts.status_label.text()


def _stamp(ws):
    """A change stamp for writing a row as an older version of the program did."""
    with ws.store.change() as stamp:
        return stamp


def test_restore_the_default_text_asks_first(qtbot, demo_workspace, inline_tasks, monkeypatch):
    ws = demo_workspace
    a = demo_assessment(ws)
    default = dossier_service.default_text(ws, a.id, "BB")
    dossier_service.save_document_text(
        ws, a.id, "BB", default.replace("\n\n[KÝ]", "\nThêm một dòng.\n\n[KÝ]")
    )
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    texts = dialog.texts
    texts.select_kind("BB")
    assert "Thêm một dòng." in texts.form.body.toPlainText()

    monkeypatch.setattr(texts, "_ask_restore", lambda: False)
    texts.restore_button.click()
    assert dossier_service.is_edited(ws, a.id, "BB")

    monkeypatch.setattr(texts, "_ask_restore", lambda: True)
    texts.restore_button.click()
    assert not dossier_service.is_edited(ws, a.id, "BB")
    assert texts.current_text() == dossier_service.default_text(ws, a.id, "BB")
    assert "Thêm một dòng." not in texts.form.body.toPlainText()
    assert not texts.restore_button.isEnabled()


def test_texts_of_a_locked_assessment_are_read_only(qtbot, demo_workspace, inline_tasks):
    ws = demo_workspace
    a = demo_assessment(ws, TT124_SET, 2025)  # recognised
    assert a.locked
    dialog = open_dialog(qtbot, ws, a.id, inline_tasks)
    texts = dialog.texts
    before = texts.current_text()
    texts.form.body.setFocus()
    type_text(texts.form.body, "Sửa")
    assert texts.form.body.isReadOnly() and texts.current_text() == before
    assert not texts.form.add_signer_button.isEnabled()
    assert not texts.restore_button.isEnabled()
    assert texts.flush() and not dossier_service.is_edited(ws, a.id, "TTr")


def test_stop_at_the_first_progress_leaves_no_file(qtbot, demo_workspace, hold_at_first_progress):
    ws = demo_workspace
    a = demo_assessment(ws)
    tasks = TaskRunner()  # a real worker thread: Stop is clicked while it runs
    dialog = open_dialog(qtbot, ws, a.id, tasks)
    v = dialog.view

    def stop_once(_value: int) -> None:
        if v.cancel_button.isEnabled():
            v.cancel_button.click()

    v.progress_bar.valueChanged.connect(stop_once)
    v.build_button.click()
    assert dialog.busy() and not v.build_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
    assert tasks.wait(20_000)

    target = dossier_service.default_output_path(ws, a.id)
    assert v.status_label.text() == "Stopped: no file was written."
    assert dialog.built is None and not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []  # nor a temp file
    assert ws.store.documents.for_assessment(a.id) == []  # no numbers given, no dossier row
    assert v.build_button.isEnabled() and not v.sign_button.isEnabled()
