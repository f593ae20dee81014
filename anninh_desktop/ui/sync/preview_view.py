"""The import preview: who sent the package and when, and per unit what applying would do."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import N_, _
from anninh_desktop.services.formatting import format_datetime, format_number
from anninh_desktop.services.sync.notable import NotableLine, notable_lines
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.sync.texts import CHANGE_KINDS, preview_rows, unit_label

COL_UNIT = 0  # then one column per CHANGE_KINDS entry
NOTABLE_COLUMNS = (
    N_("Unit"),
    N_("What"),
    N_("Field"),
    N_("Before"),
    N_("After"),
    N_("Made by"),
    N_("Authority needed"),
)
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
        self.notable_label = QLabel(_("Changes that matter"), self)
        font = QFont(self.notable_label.font())
        font.setBold(True)
        self.notable_label.setFont(font)
        self.notable_model = QStandardItemModel(0, len(NOTABLE_COLUMNS), self)
        self.notable_model.setHorizontalHeaderLabels([_(c) for c in NOTABLE_COLUMNS])
        self.notable_table = QTableView(self)
        self.notable_table.setModel(self.notable_model)
        self.notable_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.notable_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.notable_table.verticalHeader().hide()
        self.notable_table.setWordWrap(False)
        self.notable_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.notable_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.notable_table.horizontalHeader().setStretchLastSection(True)
        self.appraiser_note = QLabel(self)
        self.appraiser_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sender_label)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.files_label)
        layout.addWidget(self.notable_label)
        layout.addWidget(self.notable_table, 3)
        layout.addWidget(self.appraiser_note)

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
        history = preview.history_texts()
        if history:
            note = "\n".join([*history, note])
            self.note_label.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.note_label.setStyleSheet("")
        self.note_label.setText(note)
        self.model.removeRows(0, self.model.rowCount())
        for row in preview_rows(self._ws, preview):
            self._append(row.label, row.counts, row.unit_id)
        self._append(_("Total"), totals, None, bold=True)
        blobs = sum(1 for e in preview.manifest.entries if e.kind == "blob")
        self.files_label.setText(_("{count} evidence files").format(count=format_number(blobs)))
        self._show_notable(notable_lines(self._ws, preview))

    def _show_notable(self, lines: list[NotableLine]) -> None:
        """Every change of state, decision, verdict, parent unit or deletion, field by field;
        those that need the appraising office's authority in bold, marked in the last column."""
        self.notable_model.removeRows(0, self.notable_model.rowCount())
        for line in lines:
            made_by = line.author + (" " + _("(conflict)") if line.conflict else "")
            texts = [line.unit, line.subject, line.field, line.before, line.after, made_by]
            texts.append(line.authority)
            items = [QStandardItem(t) for t in texts]
            for item in items:
                item.setToolTip(item.text())
            if line.locked:
                for item in items:
                    item.setForeground(Qt.GlobalColor.darkRed)
                items[-1].setToolTip(
                    _(
                        "This result changed after its assessment was submitted or decided here; "
                        "return the assessment if the change is not expected."
                    )
                )
            elif line.needs_appraiser:
                for item in items:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                items[-1].setForeground(Qt.GlobalColor.darkBlue)
                items[-1].setToolTip(
                    _("Only the appraising office of the unit may make this change.")
                )
            self.notable_model.appendRow(items)
        self._fit_notable_columns()
        visible = bool(lines)
        self.notable_label.setVisible(visible)
        self.notable_table.setVisible(visible)
        self.appraiser_note.setVisible(any(line.needs_appraiser for line in lines))
        self.appraiser_note.setText(
            _(
                "Lines in bold need the appraising office's authority: the office named made "
                "the change and signed it, and it appraises the unit."
            )
        )

    def _fit_notable_columns(self) -> None:
        """Columns as wide as their texts; when they do not all fit, the widest are cut to one
        common width so that they do (tooltips hold every whole text; the user may widen)."""
        table = self.notable_table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(self.notable_model.columnCount())]
        available = max(table.viewport().width(), self.width() - 24, 400)
        if sum(widths) <= available:
            return
        cap = available
        for count, width in enumerate(sorted(widths, reverse=True), start=1):
            rest = sum(w for w in widths if w < width)
            cap = (available - rest) // count
            if cap >= max((w for w in widths if w < width), default=0):
                break
        for col, width in enumerate(widths):
            if width > cap:
                header.resizeSection(col, max(cap, 60))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.notable_model.rowCount():
            self._fit_notable_columns()

    def notable_texts(self) -> list[list[str]]:
        """What the table of changes that matter shows, row by row."""
        m = self.notable_model
        return [[m.item(r, c).text() for c in range(m.columnCount())] for r in range(m.rowCount())]

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
