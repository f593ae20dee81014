"""Qt's own texts (buttons, context menus, file dialog) as messages of our gettext catalog.

Qt ships no Vietnamese catalog for its widgets, so `qt_catalog.QtCatalogTranslator` answers Qt's
`tr()` look-ups from this table. Each entry is (Qt's translation contexts, Qt's source text) exactly
as Qt 6.12 asks for it; the source text is also our msgid, so one translation in
translations/vi/…/anninh.po serves every context that shares it. The list was taken from Qt's own
look-ups (a logging translator around the real widgets) and checked against qtbase's .qm catalogs.

Keep "&" (keyboard accelerator: the letter after it is underlined) and "%1" (filled in by Qt) in the
translations. "..." in Qt's texts is three dots, not an ellipsis character.
"""

from __future__ import annotations

from anninh_desktop.i18n import N_

_EDIT = ("QLineEdit", "QWidgetTextControl")
_UNDO = ("QUndoStack", "QUndoGroup")

QT_MESSAGES: tuple[tuple[tuple[str, ...], str], ...] = (
    # Standard buttons of QMessageBox and QDialogButtonBox.
    (("QPlatformTheme", "QDialogButtonBox"), N_("OK")),
    (("QPlatformTheme",), N_("Save")),
    (("QPlatformTheme",), N_("Save All")),
    (("QPlatformTheme",), N_("Open")),
    # TRANSLATORS: Qt button; keep one "&" before the accelerator letter.
    (("QPlatformTheme",), N_("&Yes")),
    # TRANSLATORS: Qt button; keep one "&" before the accelerator letter.
    (("QPlatformTheme",), N_("Yes to &All")),
    # TRANSLATORS: Qt button; keep one "&" before the accelerator letter.
    (("QPlatformTheme",), N_("&No")),
    # TRANSLATORS: Qt button; keep one "&" before the accelerator letter.
    (("QPlatformTheme",), N_("N&o to All")),
    (("QPlatformTheme",), N_("Abort")),
    (("QPlatformTheme",), N_("Retry")),
    (("QPlatformTheme",), N_("Ignore")),
    (("QPlatformTheme",), N_("Close")),
    (("QPlatformTheme", "QProgressDialog"), N_("Cancel")),
    (("QPlatformTheme",), N_("Discard")),
    (("QPlatformTheme",), N_("Help")),
    (("QPlatformTheme",), N_("Apply")),
    (("QPlatformTheme",), N_("Reset")),
    (("QPlatformTheme",), N_("Restore Defaults")),
    # Message boxes.
    (("QMessageBox",), N_("Show Details...")),
    (("QMessageBox",), N_("Hide Details...")),
    (("QMessageBox",), N_("About Qt")),
    (("QInputDialog",), N_("Enter a value:")),
    # Context menus of line edits and text edits; keep one "&" before the accelerator letter.
    ((*_EDIT,), N_("&Undo")),
    ((*_EDIT,), N_("&Redo")),
    ((*_EDIT,), N_("Cu&t")),
    ((*_EDIT,), N_("&Copy")),
    ((*_EDIT,), N_("&Paste")),
    ((*_EDIT, "QFileDialog"), N_("Delete")),
    ((*_EDIT,), N_("Select All")),
    (("QWidgetTextControl",), N_("Copy &Link Location")),
    (("QAbstractSpinBox",), N_("&Select All")),
    (("QAbstractSpinBox",), N_("&Step up")),
    (("QAbstractSpinBox",), N_("Step &down")),
    # Context menu of scroll bars.
    (("QScrollBar",), N_("Scroll here")),
    (("QScrollBar",), N_("Left edge")),
    (("QScrollBar",), N_("Top")),
    (("QScrollBar",), N_("Right edge")),
    (("QScrollBar",), N_("Bottom")),
    (("QScrollBar",), N_("Page left")),
    (("QScrollBar",), N_("Page up")),
    (("QScrollBar",), N_("Page right")),
    (("QScrollBar",), N_("Page down")),
    (("QScrollBar",), N_("Scroll left")),
    (("QScrollBar",), N_("Scroll up")),
    (("QScrollBar",), N_("Scroll right")),
    (("QScrollBar",), N_("Scroll down")),
    # Default texts of undo/redo actions; %1 is the command's own text.
    (_UNDO, N_("Undo")),
    (_UNDO, N_("Redo")),
    # TRANSLATORS: Qt fills in %1 (what is undone); keep "%1".
    (_UNDO, N_("Undo %1")),
    # TRANSLATORS: Qt fills in %1 (what is redone); keep "%1".
    (_UNDO, N_("Redo %1")),
    (("QUndoModel",), N_("<empty>")),
    # Qt's own file dialog (used where the system's dialog is not); keep "&" and "%1".
    (("QFileDialog",), N_("&Look in:")),
    (("QFileDialog",), N_("File &name:")),
    (("QFileDialog",), N_("Files of &type:")),
    (("QFileDialog",), N_("Directory:")),
    (("QFileDialog",), N_("&Open")),
    (("QFileDialog",), N_("&Save")),
    (("QFileDialog",), N_("&Choose")),
    (("QFileDialog",), N_("Open")),
    (("QFileDialog",), N_("Save As")),
    (("QFileDialog",), N_("Find Directory")),
    (("QFileDialog",), N_("Back")),
    (("QFileDialog",), N_("Forward")),
    (("QFileDialog",), N_("Go back")),
    (("QFileDialog",), N_("Go forward")),
    (("QFileDialog",), N_("Parent Directory")),
    (("QFileDialog",), N_("Go to the parent directory")),
    (("QFileDialog",), N_("Create New Folder")),
    (("QFileDialog",), N_("Create a New Folder")),
    (("QFileDialog",), N_("New Folder")),
    (("QFileDialog",), N_("&New Folder")),
    (("QFileDialog",), N_("&Rename")),
    (("QFileDialog",), N_("&Delete")),
    (("QFileDialog",), N_("Remove")),
    (("QFileDialog",), N_("Show &hidden files")),
    (("QFileDialog",), N_("Detail View")),
    (("QFileDialog",), N_("List View")),
    (("QFileDialog",), N_("Change to detail view mode")),
    (("QFileDialog",), N_("Change to list view mode")),
    (("QFileDialog",), N_("Sidebar")),
    (("QFileDialog",), N_("List of places and bookmarks")),
    (("QFileDialog",), N_("Recent Places")),
    (("QFileDialog",), N_("Files")),
    (("QFileDialog",), N_("Directories")),
    (("QFileDialog",), N_("All Files (*)")),
    (("QFileDialog",), N_("All files (*)")),
    (("QFileDialog",), N_("Could not delete directory.")),
    # TRANSLATORS: Qt fills in %1 (a file name); keep "%1" and the quotes.
    (("QFileDialog",), N_("Are you sure you want to delete '%1'?")),
    # TRANSLATORS: Qt fills in %1 (a file name); keep "%1" and the line break.
    (("QFileDialog",), N_("'%1' is write protected.\nDo you want to delete it anyway?")),
    # TRANSLATORS: Qt fills in %1 (a file name); keep "%1" and the line break.
    (("QFileDialog",), N_("%1 already exists.\nDo you want to replace it?")),
    # TRANSLATORS: Qt fills in %1 (a file name); keep "%1" and the line breaks.
    (
        ("QFileDialog",),
        N_("%1\nFile not found.\nPlease verify the correct file name was given."),
    ),
    # TRANSLATORS: Qt fills in %1 (a folder name); keep "%1" and the line breaks.
    (
        ("QFileDialog",),
        N_("%1\nDirectory not found.\nPlease verify the correct directory name was given."),
    ),
    (("QFileSystemModel",), N_("Name")),
    (("QFileSystemModel",), N_("Size")),
    (("QFileSystemModel",), N_("Type")),
    (("QFileSystemModel",), N_("Date Modified")),
    (("QFileSystemModel",), N_("My Computer")),
    (("QFileSystemModel",), N_("Computer")),
    (("QAbstractFileIconProvider",), N_("Drive")),
    (("QAbstractFileIconProvider",), N_("File")),
    (("QAbstractFileIconProvider",), N_("Folder")),
    (("QAbstractFileIconProvider",), N_("File Folder")),
    (("QAbstractFileIconProvider",), N_("Shortcut")),
    (("QAbstractFileIconProvider",), N_("Unknown")),
)


def qt_message_table() -> dict[tuple[str, str], str]:
    """(Qt context, Qt source text) → our msgid (the same text)."""
    return {(context, source): source for contexts, source in QT_MESSAGES for context in contexts}
