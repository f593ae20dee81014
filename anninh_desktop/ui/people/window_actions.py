"""The window's hooks for officers: File ▸ Officers… and File ▸ Change officer…, and the question
at start (only when the office has a list of officers)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.people.officers_dialog import OfficersDialog
from anninh_desktop.ui.people.who_dialog import WhoIsWorkingDialog


def add_people_actions(menu: QMenu, ws: Workspace, parent: QWidget) -> tuple[QAction, QAction]:
    officers_action = QAction(_("O&fficers…"), parent)
    officers_action.setObjectName("officers_action")
    officers_action.triggered.connect(lambda: OfficersDialog(ws, parent).exec())
    who_action = QAction(_("C&hange who is working…"), parent)
    who_action.setObjectName("who_action")
    who_action.triggered.connect(lambda: ask_who_is_working(ws, parent, always=True))
    menu.addAction(officers_action)
    menu.addAction(who_action)
    return officers_action, who_action


def ask_who_is_working(
    ws: Workspace, parent: QWidget, *, always: bool = False
) -> WhoIsWorkingDialog | None:
    """Open the question (window-modal, not blocking the start) when there is anyone to choose."""
    if not people.officers(ws):
        if always:
            OfficersDialog(ws, parent).exec()
        return None
    dialog = WhoIsWorkingDialog(ws, parent)
    dialog.setObjectName("who_is_working_dialog")
    dialog.finished.connect(lambda _result: show_who_in_title(ws, parent.window()))
    dialog.open()
    return dialog


def show_who_in_title(ws: Workspace, window: QWidget) -> None:
    """The window's title names the officer at work ("An Ninh Desktop — Đại úy Nguyễn Văn An")."""
    title = _("An Ninh Desktop")
    if ws.officer is not None:
        title = f"{title} — {ws.officer.label}"
    window.setWindowTitle(title)
