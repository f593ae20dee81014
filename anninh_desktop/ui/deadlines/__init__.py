"""The reminder at start and once a day: the next deadlines of the office's assessments, and an
old backup."""

from anninh_desktop.ui.deadlines.reminders import StartReminders

__all__ = ["StartReminders"]
