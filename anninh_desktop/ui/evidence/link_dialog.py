"""Choose the criteria an evidence item proves: the assessment's criteria with checkboxes."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.ui.screen_fit import keep_on_screen

REF_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
SHORT_TEXT = 110  # characters of a criterion's text shown on its row


def short_text(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _FoldedFilter(QSortFilterProxyModel):
    """Matches typed text without diacritics against ref and text ("bao ve" finds "bảo vệ")."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = fold(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if not self._needle:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return self._needle in (index.data(SEARCH_ROLE) or "")


class LinkCriteriaDialog(QDialog):
    """Checkboxes for (ref, text) criteria; `chosen_refs()` after it is accepted."""

    def __init__(
        self,
        title: str,
        criteria: list[tuple[str, str]],
        checked: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self.setWindowTitle(_("Link to criteria"))
        self.resize(560, 480)
        self.model = QStandardItemModel(self)
        for ref, text in criteria:
            item = QStandardItem(f"{ref}  {short_text(text)}")
            item.setToolTip(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if ref in checked else Qt.CheckState.Unchecked)
            item.setData(ref, REF_ROLE)
            item.setData(fold(f"{ref} {text}"), SEARCH_ROLE)
            self.model.appendRow(item)
        self.proxy = _FoldedFilter(self)
        self.proxy.setSourceModel(self.model)

        heading = QLabel(_("Criteria that “{title}” proves:").format(title=title), self)
        heading.setWordWrap(True)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(_("Find a criterion"))
        self.find_edit.setClearButtonEnabled(True)
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.find_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

        self.find_edit.textChanged.connect(self._on_find_edit_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def set_checked(self, ref: str, checked: bool) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(REF_ROLE) == ref:
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                item.setCheckState(state)
                return
        raise KeyError(ref)

    def chosen_refs(self) -> list[str]:
        """The refs ticked, in the set's order."""
        return [
            self.model.item(row).data(REF_ROLE)
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _on_find_edit_text_changed(self, text: str) -> None:
        self.proxy.set_needle(text)
