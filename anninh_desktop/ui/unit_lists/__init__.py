"""File ▸ Import a list of units… / Export the list of units…: residential areas, agencies,
enterprises and schools of a commune from and to Excel or CSV."""

from anninh_desktop.ui.unit_lists.actions import UnitListActions

__all__ = ["UnitListActions"]
