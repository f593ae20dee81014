"""The checklist as the user sees it: the tree, the red mark, read-only assessments, the find box."""

from __future__ import annotations

from checklist_helpers import find_assessment
from PySide6.QtCore import QModelIndex, Qt
from typing_helpers import type_text

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.ui.checklist.model import (
    COL_EVIDENCE,
    COL_RESULT,
    MISSING_ROLE,
    REF_ROLE,
)


def _visible_refs(widget) -> list[str]:
    out: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(widget.proxy.rowCount(parent)):
            index = widget.proxy.index(row, 0, parent)
            out.append(index.data(REF_ROLE))
            walk(index)

    walk(QModelIndex())
    return out


def _cell(widget, ref: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    source = widget.model.index_of(ref)
    return widget.model.index(source.row(), column, source.parent()).data(role)


def test_tree_shows_every_row_expanded_with_results(checklist, demo_workspace):
    aid = find_assessment(demo_workspace, "tt124-xa-phuong", "in_progress")
    checklist.show_assessment(aid)

    criterion_set = demo_workspace.store.criteria.get(
        demo_workspace.store.assessments.get(aid).set_id
    )
    assert _visible_refs(checklist) == [c.ref for c in criterion_set.criteria]
    heading = checklist.proxy.mapFromSource(checklist.model.index_of("5.2"))
    assert checklist.tree.isExpanded(heading)
    stored = demo_workspace.store.assessments.results(aid)
    for ref, result in stored.items():
        assert _cell(checklist, ref, COL_RESULT) in {
            "Met",
            "Not met",
            "Not applicable",
            "Not assessed",
        }
        assert (
            _cell(checklist, ref, COL_RESULT)
            == {
                ResultValue.MET: "Met",
                ResultValue.NOT_MET: "Not met",
                ResultValue.NOT_APPLICABLE: "Not applicable",
                ResultValue.NOT_ASSESSED: "Not assessed",
            }[result.value]
        )
        assert _cell(checklist, ref, COL_RESULT, Qt.ItemDataRole.DecorationRole) is not None
    assert _cell(checklist, "5.2", COL_RESULT) is None  # a heading has no result
    assert checklist.current_ref() == "5.1"  # the first row to assess is current
    assert "Quý I hằng năm" in checklist.detail.legal_text.text()


def test_red_mark_where_required_evidence_is_missing(checklist, demo_workspace):
    checklist.show_assessment(find_assessment(demo_workspace, "tt124-xa-phuong", "registered"))
    assert _cell(checklist, "5.1", COL_EVIDENCE, MISSING_ROLE) is True
    assert _cell(checklist, "5.1", COL_EVIDENCE, Qt.ItemDataRole.DecorationRole) is not None
    tip = _cell(checklist, "5.1", COL_EVIDENCE, Qt.ItemDataRole.ToolTipRole)
    assert "Resolution (NQ)" in tip and "Plan (KH)" in tip
    assert _cell(checklist, "5.3", COL_EVIDENCE, Qt.ItemDataRole.DecorationRole) is None
    checklist.select_ref("5.1")
    assert "None linked. Required: Resolution (NQ)" in checklist.detail.evidence.text()

    # the same criterion with its items linked has no mark, and the pane lists them
    checklist.show_assessment(find_assessment(demo_workspace, "tt124-xa-phuong", "in_progress"))
    assert _cell(checklist, "5.1", COL_EVIDENCE) == "3"
    assert _cell(checklist, "5.1", COL_EVIDENCE, Qt.ItemDataRole.DecorationRole) is None
    checklist.select_ref("5.1")
    assert checklist.detail.evidence.text().count("•") == 3


def test_no_red_mark_on_a_row_marked_not_applicable(checklist, demo_workspace):
    aid = find_assessment(demo_workspace, "tt124-co-quan-doanh-nghiep", "in_progress")
    assert demo_workspace.store.assessments.results(aid)["6.1"].value is ResultValue.NOT_APPLICABLE
    checklist.show_assessment(aid)
    assert _cell(checklist, "6.1", COL_EVIDENCE, MISSING_ROLE) is False


def test_submitted_assessment_is_read_only(checklist, demo_workspace, qtbot, undo_stack):
    aid = find_assessment(demo_workspace, "tt124-xa-phuong", "submitted")
    before = demo_workspace.store.assessments.results(aid)
    checklist.show_assessment(aid)
    assert checklist.banner.isVisible()
    assert "read-only until the appraising office returns it" in checklist.banner.text()
    checklist.select_ref("5.3")
    for key in (Qt.Key.Key_2, Qt.Key.Key_0, Qt.Key.Key_3):
        qtbot.keyClick(checklist.tree, key)
    assert demo_workspace.store.assessments.results(aid) == before
    assert undo_stack.count() == 0
    assert "read-only" in checklist.detail.message.text()
    assert not checklist.detail.note.isEnabled()
    assert not checklist.detail.result_buttons[ResultValue.NOT_MET].isEnabled()


def test_computed_row_is_read_only_with_its_reason(checklist, demo_workspace, qtbot):
    aid = find_assessment(demo_workspace, "tt124-xa-phuong", "in_progress")
    checklist.show_assessment(aid)
    assert not checklist.banner.isVisible()
    checklist.select_ref("5.4")
    qtbot.keyClick(checklist.tree, Qt.Key.Key_1)
    assert demo_workspace.store.assessments.results(aid)["5.4"].value is ResultValue.NOT_ASSESSED
    assert "child units" in checklist.detail.message.text()
    assert not checklist.detail.note.isEnabled()


def test_find_box_filters_by_folded_text_and_escape_clears(checklist, demo_workspace, qtbot):
    checklist.show_assessment(find_assessment(demo_workspace, "tt124-xa-phuong", "in_progress"))
    all_rows = _visible_refs(checklist)
    checklist.focus_find()
    type_text(checklist.find_box, "cháy nổ")
    assert _visible_refs(checklist) == ["5.2", "5.2.4.4", "5.2.4.4.d"]
    checklist.find_box.clear()
    qtbot.keyClicks(checklist.find_box, "chay no")  # without marks finds the same rows
    assert _visible_refs(checklist) == ["5.2", "5.2.4.4", "5.2.4.4.d"]
    qtbot.keyClick(checklist.find_box, Qt.Key.Key_Escape)
    assert checklist.find_box.text() == ""
    assert _visible_refs(checklist) == all_rows
