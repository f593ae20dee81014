"""File ▸ Officers: the office's short list of officers (name, rank, position, PIN or not)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.officers import Officer
from anninh_desktop.i18n import _
from anninh_desktop.services.people import officers as people
from anninh_desktop.services.people import pins
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.people.officer_form import OfficerForm

_ID_ROLE = Qt.ItemDataRole.UserRole


class OfficersDialog(QDialog):
    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officers_dialog")
        self._ws = ws
        self.setWindowTitle(_("Officers of the office"))
        intro = QLabel(
            _(
                "The officers who work with this program. Each change is recorded with the "
                "officer who made it; the history and the reports show their names."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_("Full name"), _("Rank"), _("Position"), _("PIN")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("&Add…"), self)
        self.edit_button = QPushButton(_("&Change…"), self)
        self.remove_button = QPushButton(_("&Remove"), self)
        side = QVBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.tree, 1)
        row.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self._on_edit_button_clicked())
        self.tree.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.resize(720, 380)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.tree.clear()
        for o in people.officers(self._ws):
            pin = _("yes") if pins.has_pin(self._ws, o.id) else ""
            item = QTreeWidgetItem([o.name, o.rank, o.position, pin])
            item.setData(0, _ID_ROLE, o.id)
            self.tree.addTopLevelItem(item)
            if o.id == select:
                self.tree.setCurrentItem(item)
        for column in (1, 2, 3):
            self.tree.resizeColumnToContents(column)
        self._update_buttons()

    def selected(self) -> Officer | None:
        item = self.tree.currentItem()
        return None if item is None else self._ws.store.officers.get(item.data(0, _ID_ROLE))

    def _update_buttons(self) -> None:
        chosen = self.tree.currentItem() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _run_form(self, officer: Officer | None) -> None:
        form = OfficerForm(self._ws, officer, self)
        if form.exec() == QDialog.DialogCode.Accepted and form.saved is not None:
            self.reload(select=form.saved.id)
            self.changed.emit()

    def _on_add_button_clicked(self) -> None:
        self._run_form(None)

    def _on_edit_button_clicked(self) -> None:
        officer = self.selected()
        if officer is not None:
            self._run_form(officer)

    def _confirm_removal(self, officer: Officer) -> bool:
        answer = QMessageBox.question(
            self,
            _("Remove an officer"),
            _(
                "Remove {name} from the list? The history keeps naming them on the changes "
                "they made."
            ).format(name=officer.label),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_remove_button_clicked(self) -> None:
        officer = self.selected()
        if officer is None or not self._confirm_removal(officer):
            return
        people.remove_officer(self._ws, officer.id)
        if self._ws.officer is not None and self._ws.officer.id == officer.id:
            self._ws.officer = None
        self.reload()
        self.changed.emit()
