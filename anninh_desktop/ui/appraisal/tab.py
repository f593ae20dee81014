"""The "Appraisal" tab: there when this installation is an appraising office, built when shown."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from anninh_desktop.domain.workflow import Actor
from anninh_desktop.services.office_settings import office_role
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.lazy_tab import LazyTab
from anninh_desktop.ui.tasks import TaskRunner


class AppraisalTab(LazyTab):
    def __init__(self, workspace: Workspace, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(self._make, parent)
        self._ws = workspace
        self._tasks = tasks

    def _make(self) -> QWidget:
        from anninh_desktop.ui.appraisal.page import AppraisalPage

        return AppraisalPage(self._ws, self._tasks)

    def reload(self) -> None:
        """Read the queue and the sheet again (after an import), if the page was built."""
        if self.created:
            self.widget().reload()  # type: ignore[attr-defined]

    def wanted(self) -> bool:
        """The role chosen in Settings: "Appraising office (province)"."""
        return office_role(self._ws) is Actor.APPRAISER

    def place_in(self, tabs: QTabWidget, title: str) -> None:
        """Add the tab (last) or remove it, after the role was read or changed."""
        index = tabs.indexOf(self)
        if self.wanted() and index < 0:
            tabs.addTab(self, title)
        elif not self.wanted() and index >= 0:
            tabs.removeTab(index)
