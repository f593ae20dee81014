"""The Help menu and context help (F1) of the main window and its dialogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from anninh_desktop.i18n import _, current_language
from anninh_desktop.ui.help.sections import help_section_of, set_help_section


class HelpActions(QObject):
    """`add_to(menu)` fills the Help menu; `attach(dialog, section)` gives a dialog its F1.

    `fallback` names the section of the window's current view when the focus is in no widget
    that names one.
    """

    def __init__(
        self, data_folder: Path, window: QWidget, fallback: Callable[[], str | None]
    ) -> None:
        super().__init__(window)
        self._data_folder = data_folder
        self._window = window
        self._fallback = fallback
        self.guide = None  # GuideWindow, made when first asked for
        self.about_dialog = None

    def add_to(self, menu: QMenu) -> None:
        self.guide_action = QAction(_("&User guide"), self._window)
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        self.guide_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.guide_action.triggered.connect(self.context_help)
        menu.addAction(self.guide_action)
        self.shortcuts_action = QAction(_("&Keyboard shortcuts"), self._window)
        self.shortcuts_action.triggered.connect(lambda: self.open_guide("shortcuts"))
        menu.addAction(self.shortcuts_action)
        menu.addSeparator()
        self.about_action = QAction(_("&About An Ninh Desktop"), self._window)
        self.about_action.triggered.connect(self.open_about)
        menu.addAction(self.about_action)

    def attach(self, dialog: QWidget, section: str) -> None:
        """F1 in `dialog` opens the guide at `section` (a dialog's own window takes the key)."""
        set_help_section(dialog, section)
        shortcut = QShortcut(QKeySequence.StandardKey.HelpContents, dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(
            lambda: self.open_guide(help_section_of(dialog.focusWidget()) or section)
        )

    def context_help(self) -> None:
        focus = QApplication.focusWidget()
        section = None
        if focus is not None and focus.window() is self._window:
            section = help_section_of(focus)
        self.open_guide(section or self._fallback())

    def open_guide(self, section: str | None = None) -> None:
        from anninh_desktop.ui.help.guide_window import GuideWindow

        if self.guide is not None and self.guide.language != current_language():
            self.guide.close()
            self.guide.deleteLater()
            self.guide = None
        if self.guide is None:
            # A window of its own, not the main window's child: a modal dialog (the dossier's)
            # must not block the guide it opened; and it does not keep the program running.
            self.guide = GuideWindow(None)
            self.guide.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.guide.open_section(section)

    def open_about(self) -> None:
        from anninh_desktop.ui.help.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self._data_folder, self._window)
        self.about_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog.open()
