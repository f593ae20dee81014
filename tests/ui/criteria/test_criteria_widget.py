"""The criterion sets tab: viewer, import with its problems, and the role that may edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from office_helpers import set_up_office
from PySide6.QtCore import Qt

from anninh_desktop.services.criteria_library import shipped_set_files
from anninh_desktop.ui.criteria import CriteriaWidget
from anninh_desktop.ui.criteria.problems_dialog import COL_LINE, COL_MESSAGE, ProblemsDialog
from anninh_desktop.ui.criteria.set_list_model import CODE_ROLE, COL_IN_USE, COL_TEXT, COL_VERSION

PROVINCIAL = """\
format: 1
code: p96-khu-dan-cu-kieu-mau
version: 1
title: Khu dân cư kiểu mẫu về an ninh, trật tự
unit_kinds: [residential_area]
province: "96"
period: {start_month: 11, start_day: 1}
legal_basis:
  - document: Quyết định 123/QĐ-UBND
    issuer: Ủy ban nhân dân tỉnh Cà Mau
    issued_on: 2025-12-15
criteria:
  - ref: "1"
    text: Có tổ tự quản về an ninh, trật tự.
"""

# five problems: lines 5, 6, 8 (no text), 9 (unknown field) and 10
BROKEN = """\
format: 1
code: p96-hong
version: 1
title: Bộ tiêu chí hỏng
unit_kinds: [village]
period: {start_month: 13, start_day: 1}
criteria:
  - ref: "1"
    txt: Thiếu trường text
  - ref: "1"
    text: Trùng mã
"""


@pytest.fixture
def widget(qtbot, demo_workspace):
    w = CriteriaWidget(demo_workspace)
    qtbot.addWidget(w)
    w.show()
    return w


def _codes_and_versions(w: CriteriaWidget) -> dict[str, list[str]]:
    model = w.model
    found = {}
    for row in range(model.rowCount()):
        head = model.item(row, 0)
        code = head.data(CODE_ROLE)
        assert code in head.toolTip()  # the tooltip names the code under the whole title
        found[code] = [head.child(i, COL_VERSION).text() for i in range(head.rowCount())]
    return found


def test_every_shipped_set_is_listed_with_its_versions(widget: CriteriaWidget) -> None:
    listed = _codes_and_versions(widget)
    assert len(listed) == len(shipped_set_files())
    assert listed["tt124-xa-phuong"] == ["1"]
    assert listed["qd9745-xa-dien-hinh"] == ["1"]
    frame = widget.model.item(
        list(listed).index("qd9745-xa-dien-hinh"), 0
    )  # sorted by code, as listed
    assert frame.child(0, COL_TEXT).text() == "Incomplete"


def test_the_legal_basis_of_tt124_is_shown(widget: CriteriaWidget, demo_workspace) -> None:
    commune = demo_workspace.store.criteria.latest("tt124-xa-phuong")
    assert widget.select_set(commune.id)
    summary = widget.detail.summary.toPlainText()
    assert "Thông tư 124/2021/TT-BCA" in summary
    assert "Bộ Công an" in summary and "28/12/2021" in summary
    assert "From 16/11 of the previous year" in summary
    tree = widget.detail.model
    assert tree.rowCount() == len(commune.children(None))
    in_use = widget.model.itemFromIndex(widget.list_view.currentIndex()).parent()
    row = widget.list_view.currentIndex().row()
    assert in_use.child(row, COL_IN_USE).text() == "In use"  # the demo assesses the commune


def test_unknown_slots_are_marked(widget: CriteriaWidget, demo_workspace) -> None:
    frame = demo_workspace.store.criteria.latest("qd9745-xa-dien-hinh")
    widget.select_set(frame.id)
    group = widget.detail.model.item(0, 0)
    first = group.child(0, 1)
    assert first.text().startswith("[text unknown]")
    assert first.font().italic()
    assert "Incomplete" in widget.detail.summary.toPlainText()


def test_a_broken_file_lists_every_problem_with_its_line(
    qtbot, widget: CriteriaWidget, demo_workspace, tmp_path: Path
) -> None:
    path = tmp_path / "hong.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with qtbot.assertNotEmitted(widget.setsChanged):
        assert widget.import_file(path) is None
    dialog = widget.dialog
    assert isinstance(dialog, ProblemsDialog) and dialog.isVisible()
    lines = [dialog.model.item(r, COL_LINE).text() for r in range(dialog.model.rowCount())]
    assert lines == ["5", "6", "8", "9", "10"]
    messages = [dialog.model.item(r, COL_MESSAGE).text() for r in range(dialog.model.rowCount())]
    assert any("“1”" in m or "twice" in m for m in messages)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    copied = QGuiApplication.clipboard().text()
    assert "hong.yaml:5: unit_kinds" in copied and copied.count("\n") == 4
    assert demo_workspace.store.criteria.latest("p96-hong") is None


def test_a_provincial_file_is_imported_and_selected(
    qtbot, widget: CriteriaWidget, demo_workspace, tmp_path: Path
) -> None:
    path = tmp_path / "p96.yaml"
    path.write_text(PROVINCIAL, encoding="utf-8")
    with qtbot.waitSignal(widget.setsChanged, timeout=1000):
        imported = widget.import_file(path)
    assert imported is not None
    assert demo_workspace.store.criteria.latest("p96-khu-dan-cu-kieu-mau") == imported
    assert widget.current_set_id() == imported.id
    assert "imported as version 1" in widget.status_label.text()
    assert "Quyết định 123/QĐ-UBND" in widget.detail.summary.toPlainText()
    with qtbot.assertNotEmitted(widget.setsChanged):
        widget.import_file(path)
    assert "already present" in widget.status_label.text()


def test_a_commune_office_cannot_edit_and_sees_why(widget: CriteriaWidget, demo_workspace) -> None:
    frame = demo_workspace.store.criteria.latest("qd9745-xa-dien-hinh")
    widget.select_set(frame.id)
    assert not widget.new_version_button.isEnabled()
    assert not widget.new_set_button.isEnabled()
    assert widget.refusal_label.isVisible()
    assert "Sync ▸ This office" in widget.refusal_label.text()  # where, not a command
    assert widget.import_button.isEnabled()  # importing a set file is open to every office

    set_up_office(demo_workspace, "commune")  # a commune's office: still no
    widget.reload()
    assert not widget.new_version_button.isEnabled()
    set_up_office(demo_workspace, "province")
    widget.reload()
    assert widget.new_version_button.isEnabled()
    assert not widget.refusal_label.isVisible()
