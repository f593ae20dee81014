"""The checklist of one assessment (centre of the main window): tree, find box, detail pane, undo."""

from anninh_desktop.ui.checklist.widget import ChecklistWidget

__all__ = ["ChecklistWidget"]
