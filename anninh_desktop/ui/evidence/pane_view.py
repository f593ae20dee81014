"""Layout of the evidence pane: buttons, the two lists, progress row, preview and details tabs.

Layout only; `EvidencePane` sets the models and wires the widgets (public children here).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.evidence.metadata_form import MetadataForm
from anninh_desktop.ui.evidence.preview import PreviewWidget
from anninh_desktop.ui.evidence.thumbnails import THUMBNAIL_SIZE


class EvidencePaneView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_files_button = QPushButton(_("Add files…"), self)
        self.add_folder_button = QPushButton(_("Add folder…"), self)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.progress_row = QWidget(self)
        self.progress_bar = QProgressBar(self.progress_row)
        self.progress_label = QLabel(self.progress_row)
        self.cancel_button = QPushButton(_("Cancel"), self.progress_row)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)

        self.linked_heading = QLabel(self)
        self.linked_heading.setWordWrap(True)
        self.linked_view = self._list_view()
        self.unlink_button = QPushButton(_("Unlink"), self)
        self.link_many_button = QPushButton(_("Link to criteria…"), self)
        self.unit_heading = QLabel(_("All evidence of this unit"), self)
        self.unit_filter = QLineEdit(self)
        self.unit_filter.setPlaceholderText(_("Find by title, number or file name"))
        self.unit_filter.setClearButtonEnabled(True)
        self.unit_view = self._list_view()
        # An item dragged from here onto the list above is linked to the current criterion.
        self.unit_view.setDragEnabled(True)
        self.unit_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.link_button = QPushButton(_("Link to this criterion"), self)

        self.preview = PreviewWidget(self)
        self.form = MetadataForm(self)
        self.details = QTabWidget(self)
        self.details.addTab(self.preview, _("Preview"))
        self.details.addTab(self.form, _("Details"))
        self._lay_out()
        self.progress_row.hide()

    def _lay_out(self) -> None:
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_bar, 1)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.cancel_button)
        add_row = _row(self.add_files_button, self.add_folder_button)
        linked_buttons = _row(self.unlink_button, self.link_many_button)
        unit_buttons = _row(self.link_button)

        lists = QWidget(self)
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addLayout(add_row)
        lists_layout.addWidget(self.state_label)
        lists_layout.addWidget(self.progress_row)
        lists_layout.addWidget(self.status_label)
        lists_layout.addWidget(self.linked_heading)
        lists_layout.addWidget(self.linked_view, 1)
        lists_layout.addLayout(linked_buttons)
        lists_layout.addWidget(self.unit_heading)
        lists_layout.addWidget(self.unit_filter)
        lists_layout.addWidget(self.unit_view, 2)
        lists_layout.addLayout(unit_buttons)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _list_view(self) -> QListView:
        view = QListView(self)
        view.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        view.setUniformItemSizes(True)
        view.setWordWrap(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        return view


def _row(*buttons: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row
