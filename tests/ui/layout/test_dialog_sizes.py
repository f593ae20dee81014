"""Every dialog of the window fits the smallest office screen (1280×720 at 150 %: 853×402
device-independent pixels inside a maximised window) and is kept on the screen it opens on."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout
from window_geometry import SCREENS, WindowSize

from anninh_desktop.services import evidence_service
from anninh_desktop.ui.appraisal.decision_dialogs import DecisionDialog as AppraisalDecision
from anninh_desktop.ui.appraisal.decision_dialogs import ReturnDialog
from anninh_desktop.ui.assessment.new_unit_dialog import NewUnitDialog
from anninh_desktop.ui.assessment.register_dialog import RegisterDialog
from anninh_desktop.ui.assessment.workflow_actions import DecisionDialog
from anninh_desktop.ui.criteria.new_set_dialog import NewSetDialog
from anninh_desktop.ui.dossier.dialog import DossierDialog
from anninh_desktop.ui.dossier.trust_dialog import TrustDialog
from anninh_desktop.ui.evidence.link_dialog import LinkCriteriaDialog
from anninh_desktop.ui.first_run import FirstRunDialog
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen, screen_area
from anninh_desktop.ui.settings_dialog import SettingsDialog
from anninh_desktop.ui.tasks import InlineTaskRunner

SMALLEST = WindowSize(SCREENS[0], 1.5).client
COMMUNE_CODE = "32092"


def _assessment(ws, code: str):
    commune = ws.store.units.by_code(COMMUNE_CODE)
    for a in ws.store.assessments.for_unit(commune.id):
        if ws.store.criteria.get(a.set_id).code == code:
            return commune, a
    raise LookupError(code)


DIALOGS = {
    "register": lambda ws, c, a: RegisterDialog(ws, c.id, 2026, None),
    "new unit": lambda ws, c, a: NewUnitDialog(ws, c.id, None, year=2026),
    "decision": lambda ws, c, a: DecisionDialog(True, date(2026, 11, 20), None),
    "settings": lambda ws, c, a: SettingsDialog(Preferences(ws.root / "settings.ini"), ws, None),
    "first run": lambda ws, c, a: FirstRunDialog(None, ws.root),
    "new set": lambda ws, c, a: NewSetDialog(ws, None),
    "link": lambda ws, c, a: LinkCriteriaDialog(
        "Báo cáo", evidence_service.criteria_choices(ws, a.id), set(), None
    ),
    "return": lambda ws, c, a: ReturnDialog(c.display_name, None),
    "appraisal decision": lambda ws, c, a: AppraisalDecision(c.display_name, date(2026, 11, 20)),
    "dossier": lambda ws, c, a: DossierDialog(ws, a.id, InlineTaskRunner()),
    "trusted certificates": lambda ws, c, a: TrustDialog(
        ws, Preferences(ws.root / "settings.ini"), None
    ),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_the_smallest_screen(qtbot, demo_workspace, vietnamese, name):
    commune, assessment = _assessment(demo_workspace, "qd9745-xa-dien-hinh")
    dialog = DIALOGS[name](demo_workspace, commune, assessment)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(*SMALLEST)  # a dialog may arrange itself for the room it gets
    qtbot.wait(1)
    need = dialog.minimumSizeHint()
    assert need.width() <= SMALLEST[0] and need.height() <= SMALLEST[1], (name, need)
    assert (dialog.width(), dialog.height()) == SMALLEST, name


def test_a_dialog_larger_than_its_screen_is_made_to_fit_and_placed_on_it(qtbot):
    dialog = QDialog()
    QVBoxLayout(dialog).addWidget(QLabel("Hồ sơ"))
    keep_on_screen(dialog)
    qtbot.addWidget(dialog)
    area = screen_area(dialog)
    dialog.resize(area.width() + 400, area.height() + 300)
    dialog.move(area.right() - 50, area.bottom() - 50)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert area.contains(QRect(dialog.pos(), dialog.size()))
    assert dialog.height() <= area.height() - 32  # room for the title bar
