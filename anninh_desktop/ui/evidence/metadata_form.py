"""The metadata of one evidence item (title, kind, number, issue date, issuer) and its revisions.

The form only shows and collects: it emits `edited` when the user has finished changing a field
and the pane saves `metadata()`. Loading an item never emits.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS, EvidenceKind
from anninh_desktop.domain.evidence import Evidence, EvidenceRevision
from anninh_desktop.i18n import _
from anninh_desktop.services.evidence_service import EvidenceMetadata
from anninh_desktop.services.evidence_warnings import short_warning, warning_text
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.ui.evidence.file_size import format_size

REV_NUMBER, REV_FILE, REV_ADDED, REV_SIZE = range(4)
REVISION_ROLE = Qt.ItemDataRole.UserRole + 1

# The date edit shows this date as "no date" (QDateEdit cannot be empty).
NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date edit whose lowest date stands for "no date"; `value()` is a date or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(_("no date"))
        self.setKeyboardTracking(False)  # one change when the user has finished typing
        self.set_value(None)

    def value(self) -> date | None:
        current = self.date()
        if current == NO_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))


class MetadataForm(QWidget):
    """Edits one item's metadata; lists its revisions with a button for a new one."""

    edited = Signal()  # a field was changed by the user: save `metadata()`
    newRevisionRequested = Signal()
    revisionChosen = Signal(object)  # EvidenceRevision to preview

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._item: Evidence | None = None
        self.title_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for kind in EvidenceKind:
            self.kind_combo.addItem(_(EVIDENCE_KIND_LABELS[kind]), kind.value)
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(_("e.g. 05/KH-CAX"))
        self.date_edit = OptionalDateEdit(self)
        self.clear_date_button = QToolButton(self)
        self.clear_date_button.setText(_("Clear"))
        self.clear_date_button.setToolTip(_("No issue date"))
        self.issuer_edit = QLineEdit(self)
        self.issuer_edit.setPlaceholderText(_("e.g. Commune People's Committee"))

        self.revisions_model = QStandardItemModel(0, 4, self)
        self.revisions_model.setHorizontalHeaderLabels(
            [_("#"), _("File name"), _("Added"), _("Size")]
        )
        self.revisions_view = QTreeView(self)
        self.revisions_view.setModel(self.revisions_model)
        self.revisions_view.setRootIsDecorated(False)
        self.revisions_view.setUniformRowHeights(True)
        self.revisions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.revisions_view.header()
        header.setSectionResizeMode(REV_FILE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in (REV_NUMBER, REV_ADDED, REV_SIZE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.new_revision_button = QPushButton(_("New revision…"), self)

        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit, 1)
        date_row.addWidget(self.clear_date_button)
        form = QFormLayout()
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Kind"), self.kind_combo)
        form.addRow(_("Document number"), self.number_edit)
        form.addRow(_("Issue date"), date_row)
        form.addRow(_("Issued by"), self.issuer_edit)
        revisions_row = QHBoxLayout()
        revisions_row.addWidget(QLabel(_("Revisions"), self), 1)
        revisions_row.addWidget(self.new_revision_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(revisions_row)
        layout.addWidget(self.revisions_view, 1)

        self.title_edit.editingFinished.connect(self._on_field_edited)
        self.number_edit.editingFinished.connect(self._on_field_edited)
        self.issuer_edit.editingFinished.connect(self._on_field_edited)
        self.kind_combo.activated.connect(self._on_field_edited)
        self.date_edit.dateChanged.connect(self._on_field_edited)
        self.clear_date_button.clicked.connect(self._on_clear_date_button_clicked)
        self.new_revision_button.clicked.connect(self.newRevisionRequested)
        self.revisions_view.selectionModel().currentRowChanged.connect(
            self._on_revisions_current_row_changed
        )
        self.show_item(None, [], editable=False)

    def show_item(
        self, item: Evidence | None, revisions: list[EvidenceRevision], *, editable: bool
    ) -> None:
        """Fill the form with an item (None empties it); `editable` False makes it read-only."""
        self._loading = True
        self._item = item
        try:
            self.title_edit.setText(item.title if item else "")
            self.kind_combo.setCurrentIndex(
                self.kind_combo.findData((item.kind if item else EvidenceKind.OTHER).value)
            )
            self.number_edit.setText(item.number if item else "")
            self.date_edit.set_value(item.issue_date if item else None)
            self.issuer_edit.setText(item.issuer if item else "")
            self.revisions_model.removeRows(0, self.revisions_model.rowCount())
            for revision in revisions:
                self.revisions_model.appendRow(_revision_row(revision))
            if revisions:
                self.revisions_view.setCurrentIndex(
                    self.revisions_model.index(len(revisions) - 1, REV_NUMBER)
                )
        finally:
            self._loading = False
        enabled = item is not None and editable
        for widget in (
            self.title_edit,
            self.kind_combo,
            self.number_edit,
            self.date_edit,
            self.clear_date_button,
            self.issuer_edit,
            self.new_revision_button,
        ):
            widget.setEnabled(enabled)

    def item(self) -> Evidence | None:
        """The item shown, as it was loaded."""
        return self._item

    def remember(self, item: Evidence) -> None:
        """The shown item as saved (its fields already show what the user typed)."""
        self._item = item

    def metadata(self) -> EvidenceMetadata:
        """What the form says now (fields it does not show keep the item's values)."""
        return EvidenceMetadata(
            title=self.title_edit.text(),
            kind=EvidenceKind(self.kind_combo.currentData()),
            number=self.number_edit.text(),
            issue_date=self.date_edit.value(),
            issuer=self.issuer_edit.text(),
            effective_date=self._item.effective_date if self._item else None,
        )

    def _on_field_edited(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _on_clear_date_button_clicked(self) -> None:
        self.date_edit.set_value(None)  # emits dateChanged → edited when it was set

    def _on_revisions_current_row_changed(self, current, _previous) -> None:
        if self._loading or not current.isValid():
            return
        item = self.revisions_model.item(current.row(), REV_NUMBER)
        self.revisionChosen.emit(item.data(REVISION_ROLE))


def _revision_row(revision: EvidenceRevision) -> list[QStandardItem]:
    number = QStandardItem(str(revision.revision))
    number.setData(revision, REVISION_ROLE)
    name = QStandardItem(revision.filename)
    cells = [
        number,
        name,
        QStandardItem(format_datetime(revision.added_at)),
        QStandardItem(format_size(revision.size)),
    ]
    if revision.check.is_warning:  # what the check on arrival found, on the revision it concerns
        name.setText(
            _("{file} — ⚠ {warning}").format(
                file=revision.filename, warning=short_warning(revision.check)
            )
        )
        for cell in cells:
            cell.setForeground(QColor("#9a3412"))
            cell.setToolTip(warning_text(revision.check))
    for cell in cells:
        cell.setEditable(False)
    return cells
