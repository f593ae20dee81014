"""File ▸ Back up… / Restore… / Check data…, and the reminder when the last backup is old."""

from anninh_desktop.ui.maintenance.actions import MaintenanceActions

__all__ = ["MaintenanceActions"]
