"""The navigator pane (left): the unit tree with search and filters."""

from anninh_desktop.ui.navigator.widget import NavigatorWidget

__all__ = ["NavigatorWidget"]
