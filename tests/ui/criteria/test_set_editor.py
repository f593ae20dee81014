"""The set editor: filling slots of the 34-criteria frame, a provincial set, problems, closing."""

from __future__ import annotations

import pytest
from office_helpers import set_up_office
from PySide6.QtCore import QPoint, Qt
from typing_helpers import type_text

from anninh_desktop.domain.criteria import (
    PERIOD_16_NOV,
    Criterion,
    CriterionLevel,
    CriterionSet,
    EvidenceKind,
)
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.criteria_library import set_id
from anninh_desktop.ui.criteria import CriteriaWidget
from anninh_desktop.ui.criteria.editor_dialog import SetEditorDialog
from anninh_desktop.ui.criteria.new_set_dialog import NewSetDialog

FRAME = "qd9745-xa-dien-hinh"
SLOT_3 = "Cấp ủy, chính quyền xã ban hành nghị quyết, kế hoạch về bảo đảm an ninh, trật tự."
SLOT_4 = "Không để xảy ra trọng án; tội phạm hình sự giảm so với năm trước."


@pytest.fixture
def widget(qtbot, demo_workspace):
    set_up_office(demo_workspace, "province")
    w = CriteriaWidget(demo_workspace)
    qtbot.addWidget(w)
    w.show()
    return w


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill(editor: SetEditorDialog, ref: str, text: str) -> None:
    assert editor.select_ref(ref)
    editor.row_form.text_edit.setFocus()
    type_text(editor.row_form.text_edit, text)


def open_frame_editor(qtbot, widget: CriteriaWidget, ws) -> SetEditorDialog:
    widget.select_set(ws.store.criteria.latest(FRAME).id)
    click(qtbot, widget.new_version_button)
    editor = widget.editor
    assert editor is not None and editor.isVisible()
    return editor


def test_filling_two_slots_saves_version_2(qtbot, widget, demo_workspace) -> None:
    v1 = demo_workspace.store.criteria.latest(FRAME)
    editor = open_frame_editor(qtbot, widget, demo_workspace)
    assert "Save as version 2" == editor.save_button.text()
    fill(editor, "3", SLOT_3)
    assert editor.current_item().text() == f"3. {SLOT_3}"
    fill(editor, "4", SLOT_4)
    editor.row_form.evidence_model.item(0).setCheckState(Qt.CheckState.Checked)  # NQ

    with qtbot.waitSignal(widget.setsChanged, timeout=1000):
        click(qtbot, editor.save_button)

    assert not editor.isVisible()
    v2 = demo_workspace.store.criteria.latest(FRAME)
    assert v2.version == 2 and v2.id == set_id(FRAME, 2)
    assert (v2.criterion("3").text, v2.criterion("3").known) == (SLOT_3, True)
    assert (v2.criterion("4").text, v2.criterion("4").known) == (SLOT_4, True)
    assert v2.criterion("4").required_evidence == (EvidenceKind.RESOLUTION,)
    assert not v2.criterion("5").known and not v2.criterion("1").known
    assert not v2.complete
    assert len(v2.criteria) == len(v1.criteria)
    assert demo_workspace.store.criteria.get(v1.id) == v1
    assert widget.current_set_id() == v2.id
    assert "saved as version 2" in widget.status_label.text()


def test_emptying_a_filled_slot_makes_it_unknown_again(qtbot, widget, demo_workspace) -> None:
    editor = open_frame_editor(qtbot, widget, demo_workspace)
    fill(editor, "3", "Tạm")
    for _ in range(3):
        qtbot.keyClick(editor.row_form.text_edit, Qt.Key.Key_Backspace)
    item = editor.current_item()
    assert item.text() == "3. [text unknown] Tiêu chí 3 (chưa có văn bản gốc)"
    assert editor.row_form.slot_note.isVisible()


def test_problems_are_shown_at_their_row_and_nothing_is_saved(
    qtbot, widget, demo_workspace
) -> None:
    editor = open_frame_editor(qtbot, widget, demo_workspace)
    assert editor.select_ref("34")
    click(qtbot, editor.add_criterion_button)  # a criterion "35" with no text yet
    assert editor.current_item().text() == "35. (no text yet)"
    assert editor.select_ref("1")
    click(qtbot, editor.save_button)

    assert editor.isVisible()
    assert demo_workspace.store.criteria.latest(FRAME).version == 1
    assert editor.problems_view.isVisible()
    assert editor.problems_model.rowCount() == 1
    entry = editor.problems_model.item(0)
    assert entry.text().startswith("35: text:")
    editor.problems_view.clicked.emit(entry.index())
    assert editor.current_item().text() == "35. (no text yet)"
    assert not editor.current_item().icon().isNull()
    assert editor.row_form.problems_label.isVisible()
    assert "text" in editor.row_form.problems_label.text()

    type_text(editor.row_form.text_edit, "Có điểm")
    assert editor.check() == []
    assert editor.current_item().icon().isNull()


def test_closing_with_changes_asks_first(qtbot, widget, demo_workspace, monkeypatch) -> None:
    editor = open_frame_editor(qtbot, widget, demo_workspace)
    asked: list[str] = []
    monkeypatch.setattr(editor, "_confirm", lambda q: asked.append(q) or False)
    click(qtbot, editor.cancel_button)
    assert not asked and not editor.isVisible()  # nothing changed: closes at once

    editor = open_frame_editor(qtbot, widget, demo_workspace)
    monkeypatch.setattr(editor, "_confirm", lambda q: asked.append(q) or False)
    fill(editor, "3", "Nháp")
    click(qtbot, editor.cancel_button)
    assert asked and editor.isVisible()
    monkeypatch.setattr(editor, "_confirm", lambda q: True)
    click(qtbot, editor.cancel_button)
    assert not editor.isVisible()
    assert demo_workspace.store.criteria.latest(FRAME).version == 1


def test_a_provincial_set_written_from_scratch_loads_back_equal(
    qtbot, widget, demo_workspace
) -> None:
    click(qtbot, widget.new_set_button)
    dialog = widget.dialog
    assert isinstance(dialog, NewSetDialog)
    qtbot.keyClicks(dialog.code_edit, "p96-xa-kieu-mau")
    dialog.title_edit.setFocus()
    type_text(dialog.title_edit, "Xã kiểu mẫu về an ninh, trật tự")
    qtbot.keyClicks(dialog.province_edit, "96")
    dialog.kind_checks[UnitKind.COMMUNE].setChecked(True)
    dialog.buttons.accepted.emit()
    editor = widget.editor
    assert editor is not None and editor.isVisible()

    click(qtbot, editor.add_group_button)
    type_text(editor.row_form.text_edit, "Công tác lãnh đạo")
    click(qtbot, editor.add_criterion_button)
    type_text(editor.row_form.text_edit, "Chi bộ có nghị quyết về an ninh, trật tự.")
    editor.row_form.evidence_model.item(0).setCheckState(Qt.CheckState.Checked)
    click(qtbot, editor.add_criterion_button)
    type_text(editor.row_form.text_edit, "Có tổ tự quản ở mọi ấp.")
    check = editor.row_form.mandatory_check
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    editor.row_form.na_edit.setFocus()
    type_text(editor.row_form.na_edit, "Xã không có ấp")
    click(qtbot, editor.up_button)  # the optional criterion first

    with qtbot.waitSignal(widget.setsChanged, timeout=1000):
        click(qtbot, editor.save_button)

    saved = demo_workspace.store.criteria.latest("p96-xa-kieu-mau")
    expected = CriterionSet(
        id=set_id("p96-xa-kieu-mau", 1),
        code="p96-xa-kieu-mau",
        version=1,
        title="Xã kiểu mẫu về an ninh, trật tự",
        unit_kinds=(UnitKind.COMMUNE,),
        period_rule=PERIOD_16_NOV,
        province_code="96",
        criteria=(
            Criterion("I", CriterionLevel.GROUP, "Công tác lãnh đạo", None, "I", assessable=False),
            Criterion(
                "2",
                CriterionLevel.CRITERION,
                "Có tổ tự quản ở mọi ấp.",
                "I",
                "2",
                mandatory=False,
                na_condition="Xã không có ấp",
            ),
            Criterion(
                "1",
                CriterionLevel.CRITERION,
                "Chi bộ có nghị quyết về an ninh, trật tự.",
                "I",
                "1",
                required_evidence=(EvidenceKind.RESOLUTION,),
            ),
        ),
        source_sha256=saved.source_sha256,
    )
    assert saved == expected
    assert widget.current_set_id() == saved.id
    assert "Province 96" in widget.detail.summary.toPlainText()
