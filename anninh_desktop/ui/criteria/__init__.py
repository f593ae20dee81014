"""The "Criterion sets" part of the main window: viewer, import and editor of set versions."""

from anninh_desktop.ui.criteria.criteria_widget import CriteriaWidget

__all__ = ["CriteriaWidget"]
