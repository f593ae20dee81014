"""Which section of the user guide belongs to which part of the window (context help, F1).

A widget names its section with `set_help_section(widget, SECTION)`; F1 opens the guide at the
section of the widget with the keyboard focus, or of the nearest parent that names one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

START = "start"
UNITS = "units"
ASSESSMENT = "assessment"
EVIDENCE = "evidence"
DOSSIER = "dossier"
SYNC = "sync"
APPRAISAL = "appraisal"
OVERVIEW = "overview"
CRITERIA = "criterion-sets"
MOVEMENT = "movement"
MISSING = "missing"
PRINTING = "printing"
BACKUP = "backup"
UNIT_LISTS = "unit-lists"
DEADLINES = "deadlines"
SHORTCUTS = "shortcuts"

_PROPERTY = "anninhHelpSection"


def set_help_section(widget: QWidget, section: str) -> None:
    widget.setProperty(_PROPERTY, section)


def help_section_of(widget: QWidget | None) -> str | None:
    """The section named by `widget` or its nearest parent, or None."""
    while widget is not None:
        section = widget.property(_PROPERTY)
        if section:
            return str(section)
        widget = widget.parentWidget()
    return None
