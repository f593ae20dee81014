"""The "còn thiếu gì" report in the window (services/missing_report)."""

from anninh_desktop.ui.missing_report.dialog import MissingReportDialog, open_missing_report

__all__ = ["MissingReportDialog", "open_missing_report"]
