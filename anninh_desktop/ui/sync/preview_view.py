"""The import preview: who sent the package and when, and per unit what applying would do."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_datetime, format_number
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.sync.texts import CHANGE_KINDS, preview_rows, unit_label

COL_UNIT = 0  # then one column per CHANGE_KINDS entry
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole


def _made_at(text: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(text))
    except ValueError:
        return text


class PreviewView(QWidget):
    """Sender, fingerprint, time, a table of units × (new, updated, unchanged, conflicts), totals."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.sender_label = QLabel(self)
        self.sender_label.setWordWrap(True)
        self.sender_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.model = QStandardItemModel(0, 1 + len(CHANGE_KINDS), self)
        self.model.setHorizontalHeaderLabels(
            [_("Unit"), _("New"), _("Updated"), _("Unchanged"), _("Conflicts")]
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 1 + len(CHANGE_KINDS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.files_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sender_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.files_label)

    def show_preview(self, preview: SyncPreview) -> None:
        sender = preview.sender
        self.sender_label.setText(
            _("Package from {office} ({unit}), made {at}").format(
                office=sender.office_name,
                unit=unit_label(self._ws, sender.office_unit_id),
                at=_made_at(preview.manifest.created_at),
            )
            + "\n"
            + _("Fingerprint: {fingerprint}").format(fingerprint=sender.fingerprint)
        )
        totals = preview.totals()
        if preview.already_applied:
            note = _("This package was applied before; applying it again changes nothing.")
        elif totals.get("conflict"):
            note = _(
                "Rows changed both here and by the sender are conflicts: both versions are kept "
                "for review, nothing is lost."
            )
        else:
            note = _("The package was checked: signature and every file are intact.")
        self.note_label.setText(note)
        self.model.removeRows(0, self.model.rowCount())
        for row in preview_rows(self._ws, preview):
            self._append(row.label, row.counts, row.unit_id)
        self._append(_("Total"), totals, None, bold=True)
        blobs = sum(1 for e in preview.manifest.entries if e.kind == "blob")
        self.files_label.setText(_("{count} evidence files").format(count=format_number(blobs)))

    def _append(
        self, label: str, counts: Counter[str], unit_id: str | None, *, bold: bool = False
    ) -> None:
        items = [QStandardItem(label)] + [
            QStandardItem(format_number(counts.get(kind, 0))) for kind in CHANGE_KINDS
        ]
        items[0].setData(unit_id, UNIT_ID_ROLE)
        for item in items[1:]:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if counts.get("conflict"):
            items[-1].setForeground(Qt.GlobalColor.darkRed)
        if bold:
            font = QFont(items[0].font())
            font.setBold(True)
            for item in items:
                item.setFont(font)
        self.model.appendRow(items)

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and screen readers' checks)."""
        return [
            [self.model.item(r, c).text() for c in range(self.model.columnCount())]
            for r in range(self.model.rowCount())
        ]
