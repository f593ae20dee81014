"""The problems of a set file or draft, in a table the user can read and copy."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.criteria_library import Problem
from anninh_desktop.ui.screen_fit import keep_on_screen

COL_FILE, COL_LINE, COL_FIELD, COL_MESSAGE = range(4)


def build_problems_model(problems: Sequence[Problem]) -> QStandardItemModel:
    """One row per problem: file, line, field and message."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels([_("File"), _("Line"), _("Field"), _("Problem")])
    for p in problems:
        cells = [
            QStandardItem(p.file),
            QStandardItem(str(p.line) if p.line else ""),
            QStandardItem(p.location),
            QStandardItem(p.message),
        ]
        for cell in cells:
            cell.setEditable(False)
        cells[COL_MESSAGE].setToolTip(str(p))
        model.appendRow(cells)
    return model


def problems_text(problems: Sequence[Problem]) -> str:
    """The problems as plain lines, `file.yaml:42: field: message`, for the clipboard."""
    return "\n".join(str(p) for p in problems)


class ProblemsDialog(QDialog):
    """Lists every problem found in a set file; nothing was imported."""

    def __init__(self, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._problems = list(problems)
        self.setWindowTitle(_("The set file cannot be imported"))
        count = len(self._problems)
        self.heading = QLabel(
            ngettext(
                "Nothing was imported: the file has {count} problem. Correct it and import it again.",
                "Nothing was imported: the file has {count} problems. Correct them and import "
                "the file again.",
                count,
            ).format(count=count),
            self,
        )
        self.heading.setWordWrap(True)
        self.table = QTableView(self)
        self.model = build_problems_model(self._problems)
        self.model.setParent(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (COL_FILE, COL_LINE, COL_FIELD):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("Copy all"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(820, 360)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(problems_text(self._problems))
