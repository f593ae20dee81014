"""The Overview tab: dashboard of a province or commune (charts, deadlines, PNG and Excel export)."""

from anninh_desktop.ui.overview.overview_widget import OverviewWidget

__all__ = ["OverviewWidget"]
