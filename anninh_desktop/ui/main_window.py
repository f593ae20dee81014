"""The first main window: the units of the data folder with their assessments and progress."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTreeView, QVBoxLayout, QWidget

from anninh_desktop.domain.units import Unit
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.overview_service import ancestors, unit_progress_rows
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.unit_progress_model import COL_NAME, build_model


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._ws = workspace
        self.setWindowTitle(_("An Ninh Desktop"))
        self.resize(QSize(1100, 700))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.heading = QLabel(central)
        self.heading.setWordWrap(True)
        self.tree = QTreeView(central)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_("Data folder: {path}").format(path=workspace.root))
        self.reload()

    def reload(self) -> None:
        rows = unit_progress_rows(self._ws)
        units: dict[str, Unit] = {}
        for row in rows:
            units[row.unit.id] = row.unit
            for parent in ancestors(self._ws, row.unit):
                units.setdefault(parent.id, parent)
        self.model: QStandardItemModel = build_model(rows, units)
        self.tree.setModel(self.model)
        self.tree.expandToDepth(1)
        header = self.tree.header()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.heading.setText(
            ngettext("{count} assessment", "{count} assessments", len(rows)).format(count=len(rows))
        )
