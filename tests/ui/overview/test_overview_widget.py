"""The Overview tab on the demo data: scope, charts, deadline table, PNG and Excel export."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from fixtures.workspaces import MAIN_COMMUNE_CODE
from openpyxl import load_workbook
from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from anninh_desktop.domain.assessments import STATE_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.ui.overview import OverviewWidget
from anninh_desktop.ui.overview import overview_widget as module
from anninh_desktop.ui.overview.deadline_model import COL_UNIT
from anninh_desktop.ui.tasks import InlineTaskRunner

YEAR = 2026


def _commune(ws):
    unit = ws.store.units.by_code(MAIN_COMMUNE_CODE)
    assert unit is not None
    return unit


def _in_subtree(ws, root_id: str) -> set[str]:
    found = {root_id}
    for child in ws.store.units.children(root_id, include_historic=True):
        found |= _in_subtree(ws, child.id)
    return found


@pytest.fixture
def overview(qtbot, demo_workspace, inline_tasks):
    widget = OverviewWidget(demo_workspace, inline_tasks)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _click(button) -> None:
    assert button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


class _HeldTasks(InlineTaskRunner):
    """Keeps a started task until the test lets it run, to see the window meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []

    def _start(self, func, handle) -> None:
        self.pending.append((func, handle))

    def finish(self) -> None:
        for func, handle in self.pending:
            super()._start(func, handle)
        self.pending.clear()


def test_shows_the_scope_name_and_the_state_counts(overview, demo_workspace) -> None:
    commune = _commune(demo_workspace)
    overview.show_scope(commune.id, YEAR)
    assert overview.title.text() == commune.display_name
    assert str(YEAR) in overview.summary.text()
    scope = _in_subtree(demo_workspace, commune.id)
    expected = Counter(
        _(STATE_LABELS[s.assessment.state])
        for s in demo_workspace.store.assessments.summaries(year=YEAR)
        if s.assessment.unit_id in scope
    )
    shown = {b.label: b.value_text for b in overview.state_chart.bars() if b.value}
    assert shown == {label: str(n) for label, n in expected.items()}
    assert overview.deadline_table.model().rowCount() == len(overview.stats().deadlines) > 0
    assert overview.excel_button.isEnabled()


def test_loading_shows_until_the_figures_arrive(qtbot, demo_workspace) -> None:
    tasks = _HeldTasks()
    widget = OverviewWidget(demo_workspace, tasks)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_scope(None, YEAR)
    assert widget.loading.isVisible()
    assert widget.loading.text() == _("Loading…")
    assert not widget.excel_button.isEnabled()
    tasks.finish()
    assert not widget.loading.isVisible()
    assert widget.title.text() == _("All units")


def test_an_older_request_does_not_overwrite_a_newer_one(qtbot, demo_workspace) -> None:
    tasks = _HeldTasks()
    widget = OverviewWidget(demo_workspace, tasks)
    qtbot.addWidget(widget)
    commune = _commune(demo_workspace)
    widget.show_scope(None, YEAR)
    widget.show_scope(commune.id, YEAR)
    tasks.finish()  # both finish, the older one first
    assert widget.title.text() == commune.display_name


def test_province_and_commune_scopes_differ(overview, demo_workspace) -> None:
    commune = _commune(demo_workspace)
    overview.show_scope(commune.parent_id, YEAR)
    province_total = overview.stats().assessments
    overview.show_scope(commune.id, YEAR)
    assert overview.stats().assessments < province_total
    communes = {
        overview.deadline_model.row_at(r).commune_name
        for r in range(len(overview.stats().deadlines))
    }
    assert communes == {commune.display_name}


def test_criteria_chart_follows_the_set_chosen(overview, demo_workspace) -> None:
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    combo = overview.set_combo
    assert combo.count() == len(overview.stats().sets) >= 2
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        chosen = next(s for s in overview.stats().sets if s.code == combo.currentData())
        refs = [b.label.split()[0] for b in overview.criteria_chart.bars()]
        assert refs == [c.ref for c in chosen.criteria]


def test_unit_names_sort_in_vietnamese_order(overview, demo_workspace) -> None:
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    table = overview.deadline_table
    table.sortByColumn(COL_UNIT, Qt.SortOrder.AscendingOrder)
    model = table.model()
    names = [model.index(r, COL_UNIT).data() for r in range(model.rowCount())]
    collator = QCollator(QLocale("vi_VN"))
    collator.setNumericMode(True)
    assert any(n.startswith("Ấp") for n in names) and any(n.startswith("Xã") for n in names)
    assert names.index(next(n for n in names if n.startswith("Ấp"))) < names.index(
        next(n for n in names if n.startswith("Xã"))
    )  # code-point order would put "Ấp" (U+1EA4) after "Xã"
    assert all(collator.compare(a, b) <= 0 for a, b in itertools.pairwise(names))


def test_chart_saved_as_png_at_twice_the_size(overview, demo_workspace, tmp_path, monkeypatch):
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    target = tmp_path / "trang-thai"  # no suffix: .png is added
    monkeypatch.setattr(overview, "_ask_save_path", lambda *args: target)
    _click(overview.state_png_button)
    saved = tmp_path / "trang-thai.png"
    image = QImage(str(saved))
    assert not image.isNull()
    chart = overview.state_chart
    assert (image.width(), image.height()) == (chart.width() * 2, chart.height() * 2)
    background = image.pixel(0, 0)
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours - {background}) > 5  # bars and text, not a blank picture
    assert str(saved) in overview.message.text()


def test_export_to_excel(overview, demo_workspace, tmp_path, monkeypatch) -> None:
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    target = tmp_path / "tong-quan.xlsx"
    monkeypatch.setattr(overview, "_ask_save_path", lambda *args: target)
    _click(overview.excel_button)
    book = load_workbook(target)
    assert len(book.worksheets) == 3
    assert book.worksheets[2].max_row == len(overview.stats().deadlines) + 1
    assert str(target) in overview.message.text()
    assert overview.excel_button.isEnabled()


def test_failed_export_shows_a_message_and_leaves_no_file(
    overview, demo_workspace, tmp_path, monkeypatch
) -> None:
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    target = tmp_path / "removed-stick" / "tong-quan.xlsx"
    monkeypatch.setattr(overview, "_ask_save_path", lambda *args: target)
    shown: list[str] = []
    monkeypatch.setattr(
        module.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text)
    )
    _click(overview.excel_button)
    assert len(shown) == 1 and str(target) in shown[0]
    assert "Traceback" not in shown[0]
    assert not target.parent.exists()


def test_cancelled_save_dialog_does_nothing(overview, demo_workspace, monkeypatch) -> None:
    overview.show_scope(_commune(demo_workspace).id, YEAR)
    monkeypatch.setattr(overview, "_ask_save_path", lambda *args: None)
    _click(overview.excel_button)
    assert overview.message.text() == ""


def test_vietnamese_scope_name(vietnamese, overview, demo_workspace) -> None:
    overview.show_scope(None, YEAR)
    assert overview.title.text() == _("All units")
    labels = [b.label for b in overview.state_chart.bars()]
    assert "Đã công nhận" in labels  # "Recognised", already in the catalog
