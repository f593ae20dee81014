"""File ▸ Lists of units…: opens the list dialog for the commune of the unit chosen in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.office_identity import office_unit_id
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.tasks import TaskRunner


class UnitListActions(QObject):
    imported = Signal(str)  # a commune's id: units were added under it

    def __init__(
        self,
        ws: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None,
        window: QWidget,
        current_unit: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self._ws = ws
        self._tasks = tasks
        self._prefs = preferences
        self._window = window
        self._current_unit = current_unit
        self.dialog: QWidget | None = None
        self.message_box: QMessageBox | None = None

    def add_to(self, menu: QMenu) -> None:
        self.lists_action = QAction(_("&Lists of units (Excel)…"), self._window)
        self.lists_action.triggered.connect(lambda _checked=False: self.open_for())
        menu.addAction(self.lists_action)

    def commune_of(self, unit_id: str | None) -> str | None:
        """The commune a unit belongs to (itself, or the commune above an area), else the
        office's commune."""
        for candidate in (unit_id, office_unit_id(self._ws)):
            if not candidate:
                continue
            try:
                unit = self._ws.store.units.get(candidate)
            except KeyError:
                continue
            if unit.kind in CHILD_KINDS and unit.parent_id:
                unit = self._ws.store.units.get(unit.parent_id)
            if unit.kind is UnitKind.COMMUNE and not unit.is_historic:
                return unit.id
        return None

    def open_for(self, unit_id: str | None = None) -> None:
        """The list dialog of the commune of `unit_id` (default: the unit chosen in the window)."""
        from anninh_desktop.ui.unit_lists.import_dialog import UnitListDialog

        commune = self.commune_of(unit_id or self._current_unit())
        if commune is None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                _("Lists of units"),
                _("Choose a commune (or a unit of it) in the unit list first."),
                parent=self._window,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.message_box = box
            box.open()
            return
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = UnitListDialog(self._ws, self._tasks, self._prefs, commune, self._window)
        dialog.imported.connect(self.imported)
        self.dialog = dialog
        dialog.open()
