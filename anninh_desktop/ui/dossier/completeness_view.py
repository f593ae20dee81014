"""Before building: the criteria that ask for evidence and have none, with a warning.

The user may still build; the list says what the appraising office will find missing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import RESULT_LABELS
from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.dossier import MissingEvidence

COL_REF, COL_TEXT, COL_WANTED, COL_RESULT = range(4)
WARNING_STYLE = (
    "QLabel { background: #fff7ed; color: #9a3412; border: 1px solid #fdba74;"
    " border-radius: 4px; padding: 4px 8px; }"
)
COMPLETE_STYLE = "QLabel { color: #15803d; }"


class CompletenessView(QWidget):
    """A warning line and, when something is missing, a table: ref · criterion · kinds wanted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [_("Ref"), _("Criterion"), _("Evidence wanted"), _("Result")]
        )
        self.table = QTreeView(self)
        self.table.setModel(self.model)
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setUniformRowHeights(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_REF, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_WANTED, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_RESULT, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_WANTED, 180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        self.problems: list[MissingEvidence] = []

    def show_problems(self, problems: list[MissingEvidence]) -> None:
        self.problems = list(problems)
        self.model.removeRows(0, self.model.rowCount())
        for problem in problems:
            wanted = ", ".join(_(EVIDENCE_KIND_LABELS[kind]) for kind in problem.required)
            row = [
                QStandardItem(problem.ref),
                QStandardItem(problem.text),
                QStandardItem(wanted),
                QStandardItem(_(RESULT_LABELS[problem.value])),
            ]
            row[COL_TEXT].setToolTip(problem.text)
            for item in row:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.model.appendRow(row)
        if problems:
            self.summary_label.setText(
                ngettext(
                    "{count} criterion asks for evidence and has none linked. You may still "
                    "build the dossier, but the appraising office will find it missing.",
                    "{count} criteria ask for evidence and have none linked. You may still "
                    "build the dossier, but the appraising office will find it missing.",
                    len(problems),
                ).format(count=len(problems))
            )
            self.summary_label.setStyleSheet(WARNING_STYLE)
        else:
            self.summary_label.setText(_("Every criterion that asks for evidence has some linked."))
            self.summary_label.setStyleSheet(COMPLETE_STYLE)
        self.table.setVisible(bool(problems))

    def refs(self) -> list[str]:
        return [self.model.item(row, COL_REF).text() for row in range(self.model.rowCount())]
