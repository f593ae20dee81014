"""The province appraises in its "Appraisal" tab; the commune reads the verdicts in its detail pane."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fixtures.workspaces import copy_folder, demo_template, open_folder
from PySide6.QtWidgets import QMessageBox

from anninh_desktop.domain.appraisal import Verdict
from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.office_settings import set_office_role
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import apply_package
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.appraisal.page import AppraisalPage

pytestmark = pytest.mark.slow

B_CODE = "31825"  # a commune of the demo province whose 2026 assessment is submitted


@dataclass
class Pair:
    commune: Workspace  # Công an xã (31825)
    province: Workspace  # PV05 Công an tỉnh Cà Mau, appraising office
    folder: Path


@pytest.fixture()
def pair(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Pair]:
    demo = demo_template(tmp_path_factory)
    c = open_folder(copy_folder(demo, tmp_path / "C"))
    p = open_folder(copy_folder(demo, tmp_path / "P"))
    identity.new_installation_id_for_copy(p)
    unit = c.store.units.by_code(B_CODE)
    assert unit is not None and unit.parent_id
    identity.set_office(c, "Công an xã Tân Hưng Đông", unit.id)
    identity.set_office(p, "Phòng PV05 Công an tỉnh Cà Mau", unit.parent_id)
    set_office_role(p, Actor.APPRAISER)  # follows from the identity: checked, not set
    for x, y, name in ((c, p, "c"), (p, c, "p")):
        identity.export_card(x, tmp_path / f"{name}.json")
        identity.import_card(y, tmp_path / f"{name}.json", trust=True)
    yield Pair(c, p, tmp_path)
    c.close()
    p.close()


def _page(qtbot, ws: Workspace, tasks) -> AppraisalPage:
    page = AppraisalPage(ws, tasks)
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    return page


def _submitted(page: AppraisalPage, ws: Workspace, code: str) -> str:
    unit = ws.store.units.by_code(code)
    assert unit is not None
    (aid,) = [
        i
        for i in page.queue.ids()
        if ws.store.assessments.get(i).unit_id == unit.id
        and ws.store.assessments.get(i).state is AssessmentState.SUBMITTED
    ]
    return aid


def test_the_province_records_verdicts_returns_and_the_commune_reads_them(
    qtbot, pair: Pair, inline_tasks
) -> None:
    p, c = pair.province, pair.commune
    page = _page(qtbot, p, inline_tasks)
    aid = _submitted(page, p, B_CODE)
    page.queue.choose(aid)
    assert page.current_id() == aid
    assert p.store.assessments.get(aid).state is AssessmentState.SUBMITTED
    assert page.return_button.isEnabled() and page.decide_button.isEnabled()
    assert not page.verify_button.isEnabled() and page.verify_button.toolTip()
    sheet = page.sheet
    first, second = sheet.rows[0].ref, sheet.rows[1].ref
    assert sheet.table.rowCount() == len(sheet.rows) > 10

    # "Disagree" without a comment: the service's refusal is shown, nothing written.
    sheet.select_ref(first)
    sheet.choose(Verdict.DISAGREE, "")
    assert sheet.record() is False
    assert "Say why in a comment" in sheet.message.text()
    assert p.store.appraisals.for_assessment(aid) == {}
    sheet.choose(Verdict.DISAGREE, "Biên bản họp dân thiếu chữ ký")
    sheet.record_button.click()
    assert sheet.current_ref() == first and "Verdict recorded" in sheet.message.text()
    assert p.store.assessments.get(aid).state is AssessmentState.UNDER_APPRAISAL
    assert sheet.table.item(0, 5).text() == "Disagree"
    assert sheet.table.item(0, 6).text() == "Biên bản họp dân thiếu chữ ký"
    sheet.select_ref(second)
    sheet.choose(Verdict.AGREE)
    assert sheet.record()
    verdicts = p.store.appraisals.for_assessment(aid)
    assert [v.verdict for v in verdicts[first]] == [Verdict.DISAGREE]
    assert [v.verdict for v in verdicts[second]] == [Verdict.AGREE]

    # Return for correction through its dialog: a reason is required, then a confirmation.
    dialog = page.ask_return()
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.reason.setPlainText("Bổ sung minh chứng tiêu chí 1")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert p.store.assessments.get(aid).state is AssessmentState.UNDER_APPRAISAL  # asks first
    question = page.confirmation
    assert question is not None and "Bổ sung minh chứng tiêu chí 1" in question.text()
    question.button(QMessageBox.StandardButton.Yes).click()
    assert p.store.assessments.get(aid).state is AssessmentState.RETURNED
    assert p.store.appraisals.return_reason(aid) == "Bổ sung minh chứng tiêu chí 1"
    assert not page.return_button.isEnabled() and not page.decide_button.isEnabled()
    assert not sheet.record_button.isEnabled()

    # The commune imports the province's package and reads the verdict, read-only.
    c_id = identity.ensure_identity(c).installation_id
    out = export_package(p, c_id, pair.folder / "usb")
    apply_package(c, read_package(c, out.path))
    assert c.store.assessments.get(aid).state is AssessmentState.RETURNED
    from PySide6.QtGui import QUndoStack

    from anninh_desktop.ui.checklist import ChecklistWidget

    checklist = ChecklistWidget(c, QUndoStack())
    qtbot.addWidget(checklist)
    checklist.show()
    checklist.show_assessment(aid)
    checklist.select_ref(first)
    box = checklist.detail.verdicts
    assert box.isVisible() and len(box.appraisals) == 1
    text = box.label.text()
    assert "Disagree" in text and "Biên bản họp dân thiếu chữ ký" in text and "Province" in text
    assert box.findChildren(type(dialog.reason)) == []  # nothing to type in: read-only
    checklist.select_ref(second)
    assert box.isVisible() and "Agree" in box.label.text()
    checklist.select_ref(sheet.rows[2].ref)
    assert not box.isVisible()

    # The commune's header says what to correct.
    from anninh_desktop.ui.assessment import AssessmentHeader

    header = AssessmentHeader(c)
    qtbot.addWidget(header)
    header.resize(1000, 260)
    header.show()
    header.show_unit(c.store.assessments.get(aid).unit_id, 2026)
    header.view.chooser.setCurrentIndex(header.view.chooser.findData(aid))
    assert header.view.return_banner.isVisible()
    assert "Bổ sung minh chứng tiêu chí 1" in header.view.return_banner.text()


def test_the_province_records_the_decision(qtbot, pair: Pair, inline_tasks) -> None:
    p = pair.province
    page = _page(qtbot, p, inline_tasks)
    aid = _submitted(page, p, B_CODE)
    page.queue.choose(aid)
    assert page.record_decision(True, "", date(2026, 3, 5), "") is False
    assert "decision number" in page.message.text()
    dialog = page.ask_decision()
    assert dialog is not None
    dialog.not_recognised.setChecked(True)
    dialog.number.setText("125/QĐ-CAT")
    dialog.decided_by.setText("Đại tá Nguyễn Văn Bình")
    dialog.accept()
    a = p.store.assessments.get(aid)
    assert a.state is AssessmentState.NOT_RECOGNISED
    assert (a.decision_number, a.decided_by) == ("125/QĐ-CAT", "Đại tá Nguyễn Văn Bình")
    assert "125/QĐ-CAT" in page.title.text()
    assert not page.decide_button.isEnabled()


def test_the_tab_follows_the_office_identity_and_lists_what_was_submitted_here(
    qtbot, pair: Pair, inline_tasks, tmp_path_factory, tmp_path
) -> None:
    from anninh_desktop.services import assessment_service
    from anninh_desktop.ui.main_window import MainWindow

    window = MainWindow(pair.province, tasks=inline_tasks)
    qtbot.addWidget(window)
    index = window.tabs.indexOf(window.appraisal_tab)
    # The last tab (after Assessment, Overview, Criterion sets, Movement).
    assert index == window.tabs.count() - 1 == 4 and window.tabs.tabText(index) == "Appra&isal"
    assert not window.appraisal_tab.created  # built when first shown
    window.tabs.setCurrentIndex(index)
    window.show()
    assert window.appraisal_tab.created and window.appraisal_tab.widget().queue.ids()

    # A data folder not set up as an office has no Appraisal tab; set up as the province's
    # office, it gets one listing every assessment submitted to it, also those submitted on
    # this PC (not only those that came on a USB stick), and never names a command.
    folder = open_folder(copy_folder(demo_template(tmp_path_factory), tmp_path / "plain"))
    try:
        plain = MainWindow(folder, tasks=inline_tasks)
        qtbot.addWidget(plain)
        plain.show()
        assert plain.tabs.indexOf(plain.appraisal_tab) < 0
        # Out of the tabs it stays hidden and unbuilt (shown with the window it covered a corner
        # of it and loaded the sync identity before the first paint).
        assert not plain.appraisal_tab.isVisible() and not plain.appraisal_tab.created
        commune = folder.store.units.by_code(B_CODE)
        here = next(
            a
            for a in folder.store.assessments.for_unit(commune.id)
            if a.year == 2026 and a.state is AssessmentState.SUBMITTED
        )
        identity.set_office(folder, "Phòng PV05 Công an tỉnh Cà Mau", commune.parent_id)
        plain.check_office()  # what coming back from Sync ▸ This office does
        tab = plain.tabs.indexOf(plain.appraisal_tab)
        assert tab >= 0
        plain.tabs.setCurrentIndex(tab)
        page = plain.appraisal_tab.widget()
        listed = set(page.queue.ids())
        submitted = {
            s.assessment.id
            for s in folder.store.assessments.summaries(year=2026)
            if s.assessment.state is AssessmentState.SUBMITTED
        }
        assert here.id in listed and submitted <= listed
        assert "anninh " not in page.message.text()
        # A unit's own PC submits one more: the tab lists it at once.
        ready = next(
            s.assessment
            for s in folder.store.assessments.summaries(year=2026)
            if s.assessment.state is AssessmentState.SELF_ASSESSED
        )
        assessment_service.transition(folder, ready.id, AssessmentState.SUBMITTED)
        plain.appraisal_tab.reload()
        assert ready.id in page.queue.ids()
        plain.close()
    finally:
        folder.close()
