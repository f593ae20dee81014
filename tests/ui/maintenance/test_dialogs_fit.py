"""The dialogs of backup, restore, check, reminders and unit lists fit the smallest office screen
(1280×720 at 150 %), in Vietnamese, with their longest content shown."""

from __future__ import annotations

from datetime import date

import pytest

from anninh_desktop.services import deadline_reminders
from anninh_desktop.ui.deadlines.reminder_dialog import ReminderDialog
from anninh_desktop.ui.maintenance.backup_dialog import BackupDialog
from anninh_desktop.ui.maintenance.check_dialog import CheckDialog
from anninh_desktop.ui.maintenance.restore_dialog import RestoreDialog
from anninh_desktop.ui.tasks import InlineTaskRunner
from anninh_desktop.ui.unit_lists.import_dialog import UnitListDialog

SMALLEST = (853, 402)  # tests/ui/layout/window_geometry.py: 1280×720 at 150 %, maximised
COMMUNE_CODE = "32092"


def _reminders(ws):
    dialog = ReminderDialog(None)
    today = date(2026, 11, 3)
    dialog.show_items(
        deadline_reminders.upcoming_deadlines(ws, today),
        today,
        "Thư mục dữ liệu này chưa từng được sao lưu.",
    )
    return dialog


def _restore(ws):
    dialog = RestoreDialog(
        ws.root, InlineTaskRunner(), None, close_store=lambda: None, reopen=lambda r: None
    )
    dialog.replace_radio.show()
    dialog.copy_radio.show()
    dialog.details.setText("Bản sao lưu ngày 03/11/2026 nguyên vẹn: số tệp minh chứng: 130.")
    return dialog


DIALOGS = {
    "backup": lambda ws: BackupDialog(ws, InlineTaskRunner(), None),
    "restore": _restore,
    "check": lambda ws: CheckDialog(ws, InlineTaskRunner()),
    "reminders": _reminders,
    "unit list": lambda ws: UnitListDialog(
        ws, InlineTaskRunner(), None, ws.store.units.by_code(COMMUNE_CODE).id
    ),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_the_smallest_screen(qtbot, demo_workspace, vietnamese, name):
    dialog = DIALOGS[name](demo_workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(*SMALLEST)
    qtbot.wait(1)
    need = dialog.minimumSizeHint()
    assert need.width() <= SMALLEST[0] and need.height() <= SMALLEST[1], (name, need)
    assert (dialog.width(), dialog.height()) == SMALLEST, name
