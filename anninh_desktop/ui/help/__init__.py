"""Help inside the program: the user guide (F1, context help) and Help ▸ About."""

from anninh_desktop.ui.help.actions import HelpActions
from anninh_desktop.ui.help.sections import set_help_section

__all__ = ["HelpActions", "set_help_section"]
