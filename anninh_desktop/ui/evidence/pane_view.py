"""Layout of the evidence pane: the add buttons, the two lists, the progress row, and the preview
and details tabs.

Layout only; `EvidencePane` sets the models and wires the widgets (public children here).

The pane arranges itself by the room it gets (`arrange`): in a tall, narrow column (beside the
checklist) the linked items, the unit's items and the preview are stacked; in a wide, short space
(a tab of its own on a small screen) the lists go left of the preview, and side by side when even
stacked lists would not show three rows each. Every list keeps room for at least three rows.
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
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.elided_label import ElidedLabel
from anninh_desktop.ui.evidence.metadata_form import MetadataForm
from anninh_desktop.ui.evidence.preview import PreviewWidget
from anninh_desktop.ui.evidence.thumbnails import THUMBNAIL_SIZE
from anninh_desktop.ui.flow_layout import FlowLayout

MIN_ROWS = 3  # every arrangement is chosen so that each list shows this many items
HARD_MIN_ROWS = 2  # and no list is ever made smaller (a window never grows past its screen)
SMALL_ICON = 32  # thumbnails in a short pane
DETAILS_MIN_WIDTH = 260
DETAILS_MIN_HEIGHT = 120
PREVIEW_SHARE = 220  # big thumbnails in a stacked pane only when the preview keeps this much

STACKED, LISTS_LEFT, COLUMNS = "stacked", "lists-left", "columns"


class EvidencePaneView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.arrangement = ""
        self.add_files_button = QPushButton(_("Add files…"), self)
        self.add_folder_button = QPushButton(_("Add folder…"), self)
        self.state_label = ElidedLabel("", self, min_chars=12)
        self.state_label.setStyleSheet("QLabel { color: #4b5563; }")
        self.progress_row = QWidget(self)
        self.progress_bar = QProgressBar(self.progress_row)
        self.progress_label = QLabel(self.progress_row)
        self.cancel_button = QPushButton(_("Cancel"), self.progress_row)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)

        self.linked_heading = ElidedLabel("", self, min_chars=10)
        self.linked_view = self._list_view()
        self.unlink_button = QPushButton(_("Unlink"), self)
        self.link_many_button = QPushButton(_("Link to criteria…"), self)
        self.unit_heading = ElidedLabel(_("All evidence of this unit"), self, min_chars=10)
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
        # The form scrolls in a short pane rather than set the pane's height.
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form)
        self.details = QTabWidget(self)
        self.details.addTab(self.preview, _("Preview"))
        self.details.addTab(self.form_scroll, _("Details"))
        self.details.setMinimumSize(DETAILS_MIN_WIDTH, DETAILS_MIN_HEIGHT)
        self._lay_out()
        self.progress_row.hide()
        self.status_label.hide()

    def _lay_out(self) -> None:
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_bar, 1)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.cancel_button)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(2)
        # The hint ("drop files here…") ends the buttons' line, shortened to what is left of it.
        top_layout.addWidget(
            _flow(top, self.add_files_button, self.add_folder_button, self.state_label)
        )
        top_layout.addWidget(self.progress_row)
        top_layout.addWidget(self.status_label)

        self.linked_box = QWidget(self)
        linked = QVBoxLayout(self.linked_box)
        linked.setContentsMargins(0, 0, 0, 0)
        linked.setSpacing(2)
        # Heading and buttons share a line when the pane is wide enough (flows, else wraps).
        linked.addWidget(
            _flow(self.linked_box, self.linked_heading, self.unlink_button, self.link_many_button)
        )
        linked.addWidget(self.linked_view, 1)

        self.unit_box = QWidget(self)
        unit = QVBoxLayout(self.unit_box)
        unit.setContentsMargins(0, 0, 0, 0)
        unit.setSpacing(2)
        unit.addWidget(_flow(self.unit_box, self.unit_heading, self.link_button))
        unit.addWidget(self.unit_filter)
        unit.addWidget(self.unit_view, 1)

        self.lists = QSplitter(Qt.Orientation.Vertical, self)
        self.lists.addWidget(self.linked_box)
        self.lists.addWidget(self.unit_box)
        self.lists.setChildrenCollapsible(False)
        self.lists_area = QWidget(self)
        lists_layout = QVBoxLayout(self.lists_area)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.setSpacing(2)
        lists_layout.addWidget(top)
        lists_layout.addWidget(self.lists, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.lists_area)
        self.splitter.addWidget(self.details)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Start in the smallest arrangement: a minimum size that would make the window grow
        # before the pane knows its room could not be undone by arranging afterwards.
        self.set_icon_size(SMALL_ICON)
        self._orient(COLUMNS)

    def _list_view(self) -> QListView:
        view = QListView(self)
        # Rows as wide as the list, titles shortened with "…" (whole in the tooltip): a list
        # never scrolls sideways, so its height is all rows.
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setItemDelegate(FitWidthDelegate(view))
        view.setUniformItemSizes(True)
        view.setWordWrap(False)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return view

    # sizes ---------------------------------------------------------------------------------
    def row_height(self) -> int:
        """The height of one list row at the current thumbnail size (two lines of text beside)."""
        icon = self.linked_view.iconSize().height()
        return max(icon, 2 * self.linked_view.fontMetrics().lineSpacing()) + 6

    def list_height(self, rows: int = MIN_ROWS) -> int:
        """A list's height showing `rows` rows."""
        return rows * self.row_height() + 2 * self.linked_view.frameWidth() + 2

    def set_icon_size(self, size: int, rows: int = HARD_MIN_ROWS) -> None:
        for view in (self.linked_view, self.unit_view):
            view.setIconSize(QSize(size, size))
            view.setMinimumHeight(0)
        height = self.list_height(rows)
        for view in (self.linked_view, self.unit_view):
            view.setMinimumHeight(height)

    def _needs(self, icon: int) -> dict[str, tuple[int, int]]:
        """(width, height) each arrangement needs with thumbnails of `icon` pixels."""
        current = self.linked_view.iconSize().height()
        self.set_icon_size(icon, MIN_ROWS)
        top = self.lists_area.layout().itemAt(0).widget().minimumSizeHint()
        linked, unit = self.linked_box.minimumSizeHint(), self.unit_box.minimumSizeHint()
        self.set_icon_size(current)
        handle = self.splitter.handleWidth()
        spacing = self.lists_area.layout().spacing()
        lists_w = max(top.width(), linked.width(), unit.width())
        stacked_h = top.height() + spacing + linked.height() + handle + unit.height()
        side_w = max(top.width(), linked.width() + handle + unit.width())
        side_h = top.height() + spacing + max(linked.height(), unit.height())
        return {
            STACKED: (max(lists_w, DETAILS_MIN_WIDTH), stacked_h + handle + DETAILS_MIN_HEIGHT),
            LISTS_LEFT: (lists_w + handle + DETAILS_MIN_WIDTH, max(stacked_h, DETAILS_MIN_HEIGHT)),
            COLUMNS: (side_w + handle + DETAILS_MIN_WIDTH, max(side_h, DETAILS_MIN_HEIGHT)),
        }

    def default_split(self, splitter: QSplitter) -> None:
        """The lists get what three rows each need (beside the preview: a fair share), the
        preview the rest; the unit's list gets what the linked list does not need."""
        icon = self.linked_view.iconSize().height()
        needs = self._needs(icon)
        vertical = splitter.orientation() is Qt.Orientation.Vertical
        total = splitter.height() if vertical else splitter.width()
        if splitter is self.splitter:
            if vertical:
                first = needs[STACKED][1] - DETAILS_MIN_HEIGHT - splitter.handleWidth()
            else:  # the lists three fifths, the preview the rest (weights: kept when resized)
                splitter.setSizes([3000, 2000])
                return
        else:
            self.set_icon_size(icon, MIN_ROWS)
            box = self.linked_box.minimumSizeHint()
            self.set_icon_size(icon)
            first = box.height() if vertical else total // 2
        splitter.setSizes([first, max(total - first, 1)])

    def stacked_height(self) -> int:
        """The height the stacked arrangement needs (small thumbnails)."""
        return self._needs(SMALL_ICON)[STACKED][1]

    def narrowest(self) -> int:
        """The pane's narrowest useful width (stacked)."""
        return self._needs(SMALL_ICON)[STACKED][0]

    # arranging -----------------------------------------------------------------------------
    def arrange(self, width: int, height: int) -> str:
        """Choose the arrangement for a pane of this size; returns it ("" when unchanged).

        Stacked with big thumbnails when the preview still gets a fair share, else the first
        arrangement (stacked, lists left of the preview, side by side) and thumbnail size that
        fits; when nothing fits, side by side with small thumbnails (the smallest).
        """
        big, small = self._needs(THUMBNAIL_SIZE), self._needs(SMALL_ICON)
        wanted, icon = COLUMNS, SMALL_ICON
        if width >= big[STACKED][0] and height >= big[STACKED][1] + PREVIEW_SHARE:
            wanted, icon = STACKED, THUMBNAIL_SIZE
        else:
            for candidate in (STACKED, LISTS_LEFT, COLUMNS):
                fits = [
                    size
                    for size, needs in ((THUMBNAIL_SIZE, big), (SMALL_ICON, small))
                    if width >= needs[candidate][0] and height >= needs[candidate][1]
                ]
                if candidate == STACKED and fits:
                    fits = [SMALL_ICON]  # big thumbnails only with a fair preview (above)
                if fits:
                    wanted, icon = candidate, fits[0]
                    break
        if self.linked_view.iconSize().height() != icon:
            self.set_icon_size(icon)
        if wanted == self.arrangement:
            return ""
        self._orient(wanted)
        return wanted

    def _orient(self, wanted: str) -> None:
        self.arrangement = wanted
        outer, inner = {
            STACKED: (Qt.Orientation.Vertical, Qt.Orientation.Vertical),
            LISTS_LEFT: (Qt.Orientation.Horizontal, Qt.Orientation.Vertical),
            COLUMNS: (Qt.Orientation.Horizontal, Qt.Orientation.Horizontal),
        }[wanted]
        self.splitter.setOrientation(outer)
        self.lists.setOrientation(inner)
        # One above the other, a change of height goes to the preview (the lists keep their
        # rows) and to the unit's list; side by side, widths change in proportion.
        vertical = outer is Qt.Orientation.Vertical
        self.splitter.setStretchFactor(0, 0 if vertical else 3)
        self.splitter.setStretchFactor(1, 1 if vertical else 2)
        self.lists.setStretchFactor(0, 0 if inner is Qt.Orientation.Vertical else 1)
        self.lists.setStretchFactor(1, 1)


class FitWidthDelegate(QStyledItemDelegate):
    """Rows take the list's width: the text is elided instead of scrolled."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(1, self._view.viewport().width() - 2), hint.height())


def _flow(parent: QWidget, *widgets: QWidget) -> QWidget:
    box = QWidget(parent)
    row = FlowLayout(box)
    for widget in widgets:
        row.addWidget(widget)
    return box
