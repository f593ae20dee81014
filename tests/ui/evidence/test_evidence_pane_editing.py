"""Editing in the evidence pane: metadata saved as typed, links to several criteria, unlink,
new revisions, and a read-only (locked) assessment."""

from __future__ import annotations

import unicodedata
from datetime import date

from evidence_helpers import add_item, counts, drop, pdf, photo, write
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from typing_helpers import type_text

from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import evidence_service
from anninh_desktop.ui.evidence.link_dialog import LinkCriteriaDialog


def _new_item(pane, ws, context, name: str = "Kế hoạch 05.pdf", data: bytes | None = None) -> str:
    evidence_id = add_item(ws, context.unit_id, name, data or pdf())
    pane.set_context(context.unit_id, context.assessment_id, context.ref)
    assert pane.select_evidence(evidence_id)
    return evidence_id


def test_metadata_typed_in_the_form_is_saved(qtbot, pane, demo_workspace, context) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    form = pane.form
    pane.details.setCurrentWidget(form)
    title = "Kế hoạch bảo đảm an ninh, trật tự dịp Tết Nguyên đán"

    form.title_edit.setFocus()
    form.title_edit.selectAll()
    type_text(form.title_edit, title)
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    form.number_edit.setFocus()
    qtbot.keyClicks(form.number_edit, "05/KH-CAX")
    qtbot.keyClick(form.number_edit, Qt.Key.Key_Return)
    form.date_edit.set_value(date(2026, 1, 5))  # as picked in the calendar

    stored = demo_workspace.store.evidence.get(evidence_id)
    assert stored.title == title and unicodedata.is_normalized("NFC", stored.title)
    assert stored.number == "05/KH-CAX"
    assert stored.issue_date == date(2026, 1, 5)
    row = pane.unit_model.row_of(evidence_id)
    assert pane.unit_model.index(row).data().startswith(title)
    assert demo_workspace.store.audit.events()[-1].action == "evidence.edit"

    qtbot.mouseClick(form.clear_date_button, Qt.MouseButton.LeftButton)
    assert demo_workspace.store.evidence.get(evidence_id).issue_date is None
    assert form.date_edit.text() == "no date"


def test_the_kind_combo_saves_the_chosen_kind(qtbot, pane, demo_workspace, context) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    combo = pane.form.kind_combo
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(EvidenceKind.DECISION.value) - 1)  # no save: not the user
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert demo_workspace.store.evidence.get(evidence_id).kind is EvidenceKind.DECISION


def test_an_empty_title_is_refused_and_the_stored_one_comes_back(
    qtbot, pane, demo_workspace, context
) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    form = pane.form
    form.title_edit.setFocus()
    form.title_edit.clear()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    box = pane.findChild(QMessageBox)
    assert box is not None and box.text() == "An evidence item needs a title."
    assert demo_workspace.store.evidence.get(evidence_id).title == "Kế hoạch 05"
    assert form.title_edit.text() == "Kế hoạch 05"


def test_link_to_two_criteria_then_unlink_one(qtbot, pane, demo_workspace, context) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    assert pane.link_many_button.isEnabled() and not pane.unlink_button.isEnabled()

    qtbot.mouseClick(pane.link_many_button, Qt.MouseButton.LeftButton)
    dialog = pane.findChild(LinkCriteriaDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.find_edit.setText(context.other_ref)
    assert dialog.proxy.rowCount() >= 1
    dialog.set_checked(context.ref, True)
    dialog.set_checked(context.other_ref, True)
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    linked = evidence_service.linked_refs(demo_workspace, evidence_id, context.assessment_id)
    assert linked == {context.ref, context.other_ref}
    assert pane.linked_model.row_of(evidence_id) >= 0
    assert pane.current_evidence_id() == evidence_id
    assert pane.unlink_button.isEnabled() and not pane.link_button.isEnabled()

    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        qtbot.mouseClick(pane.unlink_button, Qt.MouseButton.LeftButton)

    linked = evidence_service.linked_refs(demo_workspace, evidence_id, context.assessment_id)
    assert linked == {context.other_ref}
    assert pane.linked_model.row_of(evidence_id) == -1
    assert pane.link_button.isEnabled()


def test_link_button_links_an_item_of_the_unit_to_this_criterion(
    qtbot, pane, demo_workspace, context
) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        qtbot.mouseClick(pane.link_button, Qt.MouseButton.LeftButton)
    assert evidence_service.linked_refs(demo_workspace, evidence_id, context.assessment_id) == {
        context.ref
    }
    assert pane.linked_heading.text().endswith(f"criterion {context.ref}")


def _drag_from_unit_list(pane, evidence_id: str, target, point) -> bool:
    """Drag the item from the unit's list and let go at `point` of `target` (pane coordinates)."""
    row = pane.unit_model.row_of(evidence_id)
    mime = pane.unit_model.mimeData([pane.unit_model.index(row)])
    at = QPointF(target.mapTo(pane, point))
    action, button, mods = (
        Qt.DropAction.LinkAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(at, action, mime, button, mods)
    QApplication.sendEvent(pane, enter)
    move = QDragMoveEvent(at, action, mime, button, mods)
    QApplication.sendEvent(pane, move)
    if not move.isAccepted():
        return False
    dropped = QDropEvent(at, action, mime, button, mods)
    QApplication.sendEvent(pane, dropped)
    return dropped.isAccepted()


def test_an_item_dragged_onto_the_linked_list_is_linked_to_this_criterion(
    qtbot, pane, demo_workspace, context
) -> None:
    evidence_id = _new_item(pane, demo_workspace, context)
    pane.show()
    qtbot.waitExposed(pane)
    assert pane.unit_view.dragEnabled()
    # Let go over the unit's own list: nothing happens.
    assert not _drag_from_unit_list(pane, evidence_id, pane.unit_view, QPoint(5, 5))
    assert evidence_service.linked_refs(demo_workspace, evidence_id, context.assessment_id) == set()
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        assert _drag_from_unit_list(pane, evidence_id, pane.linked_view, QPoint(5, 5))
    assert evidence_service.linked_refs(demo_workspace, evidence_id, context.assessment_id) == {
        context.ref
    }
    assert pane.linked_model.row_of(evidence_id) >= 0


def test_a_new_revision_is_added_and_previewed(
    qtbot, pane, demo_workspace, context, tmp_path, monkeypatch
) -> None:
    evidence_id = _new_item(pane, demo_workspace, context, "anh.jpg", photo(1))
    second = write(tmp_path, "anh (chụp lại).jpg", photo(2, width=200, height=100))
    monkeypatch.setattr(pane, "_ask_revision_file", lambda: second)
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        qtbot.mouseClick(pane.form.new_revision_button, Qt.MouseButton.LeftButton)
    revisions = demo_workspace.store.evidence.revisions(evidence_id)
    assert [r.filename for r in revisions] == ["anh.jpg", "anh (chụp lại).jpg"]
    assert pane.form.revisions_model.rowCount() == 2
    assert pane.preview.image().width() == 200
    assert pane.status_label.text() == "Revision 2 added."


def test_a_locked_assessment_allows_looking_but_not_adding_or_linking(
    qtbot, pane, demo_workspace, context, tmp_path
) -> None:
    evidence_id = add_item(demo_workspace, context.unit_id, "anh.jpg", photo(4))
    refs = evidence_service.criteria_choices(demo_workspace, context.locked_id)
    pane.set_context(context.unit_id, context.locked_id, refs[0][0])
    assert pane.select_evidence(evidence_id)

    for button in (
        pane.add_files_button,
        pane.add_folder_button,
        pane.link_button,
        pane.link_many_button,
        pane.unlink_button,
        pane.form.new_revision_button,
        pane.form.title_edit,
        pane.form.kind_combo,
    ):
        assert not button.isEnabled(), button
    assert "read-only" in pane.state_label.text()
    before = counts(demo_workspace)
    assert not drop(pane, [write(tmp_path, "moi.jpg", photo(9))])
    assert counts(demo_workspace) == before
    assert pane.preview.open_button.isEnabled()
    assert not pane.preview.image().isNull()


def test_without_a_unit_nothing_can_be_done(pane, tmp_path) -> None:
    pane.set_context(None, None, None)
    assert not pane.add_files_button.isEnabled()
    assert pane.unit_model.rowCount() == 0 and pane.linked_model.rowCount() == 0
    assert not drop(pane, [write(tmp_path, "x.jpg", b"x")])
    assert "Choose a unit" in pane.state_label.text()


def test_without_a_criterion_dropped_files_join_the_unit_unlinked(
    qtbot, pane, demo_workspace, context, tmp_path
) -> None:
    pane.set_context(context.unit_id, context.assessment_id, None)
    before = counts(demo_workspace)
    with qtbot.waitSignal(pane.evidenceChanged, timeout=2000):
        assert drop(pane, [write(tmp_path, "x.pdf", pdf())])
    after = counts(demo_workspace)
    assert (after[0] - before[0], after[2] - before[2]) == (1, 0)
    assert not pane.link_button.isEnabled() and pane.link_many_button.isEnabled()
