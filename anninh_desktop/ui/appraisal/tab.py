"""The "Appraisal" tab: there when this installation is set up as an office (its sync identity),
built when shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from anninh_desktop.services.office_identity import appraises_units
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.lazy_tab import LazyTab
from anninh_desktop.ui.tasks import TaskRunner


class AppraisalTab(LazyTab):
    changed = Signal(str)  # assessment id: a verdict, a return or a decision was written here

    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(self._make, parent)
        self._ws = workspace
        self._tasks = tasks

    def _make(self) -> QWidget:
        from anninh_desktop.ui.appraisal.page import AppraisalPage

        page = AppraisalPage(self._ws, self._tasks)
        page.changed.connect(self.changed)
        return page

    def reload(self) -> None:
        """Read the queue and the sheet again (after an import), if the page was built."""
        if self.created:
            self.widget().reload()  # type: ignore[attr-defined]

    def wanted(self) -> bool:
        """An installation set up as an office: units are submitted to it (a province's office
        appraises its communes, a commune's office its residential areas and establishments)."""
        return appraises_units(self._ws)

    def place_in(self, tabs: QTabWidget, title: str) -> None:
        """Add the tab (last) or remove it, after the role was read or changed."""
        index = tabs.indexOf(self)
        if self.wanted() and index < 0:
            tabs.addTab(self, title)
        elif not self.wanted():
            if index >= 0:
                tabs.removeTab(index)
            # Out of the tabs it is a plain child of its parent: shown with the window, it
            # would cover a corner of it and build its page (and load the sync identity and
            # cryptography) before the first paint.
            self.hide()
