"""The reminder at start: the office's next deadlines (and an old backup), dismissible for the day,
shown again when the day changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from anninh_desktop.services import deadline_reminders
from anninh_desktop.services.clock import VIETNAM_TZ
from anninh_desktop.services.maintenance import backup_catalog
from anninh_desktop.ui.deadlines.reminder_dialog import COL_LEFT, COL_WHAT
from anninh_desktop.ui.main_window import MainWindow


class MovableClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture()
def clock(demo_workspace):
    c = MovableClock(datetime(2026, 11, 3, 8, 0, tzinfo=VIETNAM_TZ))
    demo_workspace.clock = c
    return c


@pytest.fixture()
def window(qtbot, demo_workspace, inline_tasks, clock):
    w = MainWindow(demo_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.finish_start()
    qtbot.waitUntil(lambda: w.reminders.timer.isActive(), timeout=3000)
    return w


def test_the_start_shows_the_next_deadlines_without_taking_the_focus(window, clock):
    dialog = window.reminders.dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    assert table.rowCount() >= 1
    whats = [table.item(r, COL_WHAT).text() for r in range(table.rowCount())]
    assert any("15/11" in w for w in whats)  # the set version's own wording of the deadline
    lefts = [table.item(r, COL_LEFT).text() for r in range(table.rowCount())]
    assert "12 days left" in lefts  # 3 → 15 November
    assert not dialog.isModal()
    # Never backed up: said in the same window, with a button that opens the backup dialog.
    assert dialog.backup_box.isVisible()
    assert "never been backed up" in dialog.backup_label.text()
    dialog.backup_button.click()
    assert window.maintenance.backup_dialog is not None
    assert window.maintenance.backup_dialog.isVisible()


def test_overdue_deadlines_are_said_and_come_first(window, clock):
    clock.at = datetime(2026, 11, 20, 8, 0, tzinfo=VIETNAM_TZ)
    window.reminders.remind()
    dialog = window.reminders.dialog
    assert "have passed" in dialog.heading.text()
    lefts = [dialog.table.item(r, COL_LEFT).text() for r in range(dialog.table.rowCount())]
    assert "overdue" in lefts[0]
    # The demo's 2025 assessments not yet decided are overdue since November 2025.
    assert any(t.startswith("365 days overdue") for t in lefts)


def test_not_today_puts_it_away_until_the_next_day(window, clock):
    dialog = window.reminders.dialog
    dialog.not_today.setChecked(True)
    dialog.reject()
    assert deadline_reminders.dismissed_today(window._ws, date(2026, 11, 3))
    assert window.reminders.remind() is False
    clock.at += timedelta(days=1)
    window.reminders.timer.timeout.emit()  # the half-hourly look at the date
    assert dialog.isVisible()


def test_nothing_to_say_shows_nothing(qtbot, seeded_workspace, inline_tasks):
    """No assessment yet: no deadline, nothing to lose to a missing backup."""
    w = MainWindow(seeded_workspace, tasks=inline_tasks)
    qtbot.addWidget(w)
    w.show()
    w.finish_start()
    qtbot.waitUntil(lambda: w.reminders.timer.isActive(), timeout=3000)
    assert w.reminders.dialog is None


def test_an_old_backup_is_reminded_after_the_set_days(window, clock, tmp_path):
    ws = window._ws
    backup_catalog.record_backup(ws, clock.at - timedelta(days=3), tmp_path / "b.anbak")
    assert window.maintenance.backup_reminder_text() == ""
    backup_catalog.set_reminder_days(ws, 2)
    assert "3 days old" in window.maintenance.backup_reminder_text()
    backup_catalog.set_reminder_days(ws, 0)  # never
    assert window.maintenance.backup_reminder_text() == ""
