"""Sync ▸ This office and other offices: name, unit and fingerprint; cards; known offices, trust."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.sync.texts import fingerprint_lines, unit_label
from anninh_desktop.ui.sync.trust_dialog import TrustDialog
from anninh_desktop.ui.sync.unit_chooser import UnitChooser

log = logging.getLogger(__name__)

CARD_FOLDER = "sync_cards"
COL_NAME, COL_UNIT, COL_TRUSTED, COL_ACKED, COL_FINGERPRINT = range(5)
PEER_ID_ROLE = Qt.ItemDataRole.UserRole


class OfficeDialog(QDialog):
    """This office's identity and the offices it knows. Changes are saved at once."""

    peersChanged = Signal()  # an office was added or trusted

    def __init__(
        self,
        workspace: Workspace,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._prefs = preferences
        self.trust_dialog: TrustDialog | None = None
        self._saved = ("", "")  # name and unit as stored
        self.setWindowTitle(_("This office and other offices"))
        self._build()
        self._load()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        own = QGroupBox(_("This office"), self)
        form = QFormLayout(own)
        self.name_edit = QLineEdit(own)
        self.name_edit.setPlaceholderText(_("Office name, e.g. “Công an xã …”"))
        self.unit_chooser = UnitChooser(self._ws, own)
        self.fingerprint_label = QLabel(own)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10.0) * 1.3)
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(_("&Save"), own)
        self.card_button = QPushButton(_("Save this office's &card…"), own)
        self.status_label = QLabel(own)
        self.status_label.setWordWrap(True)
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Unit:"), self.unit_chooser)
        form.addRow(_("Fingerprint:"), self.fingerprint_label)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.card_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.status_label)
        layout.addWidget(own)

        others = QGroupBox(_("Other offices"), self)
        box = QVBoxLayout(others)
        self.peers_table = QTableWidget(0, 5, others)
        self.peers_table.setHorizontalHeaderLabels(
            [_("Office"), _("Unit"), _("Trusted"), _("Acknowledged up to"), _("Fingerprint")]
        )
        self.peers_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.peers_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.peers_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.peers_table.verticalHeader().hide()
        self.peers_table.horizontalHeader().setSectionResizeMode(
            COL_FINGERPRINT, QHeaderView.ResizeMode.Stretch
        )
        self.no_peers_label = QLabel(
            _("No other office yet. Add one from the card it gave you (a file on a USB stick)."),
            others,
        )
        self.no_peers_label.setWordWrap(True)
        self.add_card_button = QPushButton(_("&Add an office from its card…"), others)
        self.trust_button = QPushButton(_("&Trust…"), others)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_card_button)
        buttons.addWidget(self.trust_button)
        buttons.addStretch(1)
        box.addWidget(self.no_peers_label)
        box.addWidget(self.peers_table)
        box.addLayout(buttons)
        layout.addWidget(others, 1)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.resize(860, 600)

        self.name_edit.textEdited.connect(self._update_buttons)
        self.unit_chooser.unitChosen.connect(self._update_buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.card_button.clicked.connect(self._on_card_button_clicked)
        self.add_card_button.clicked.connect(self._on_add_card_button_clicked)
        self.trust_button.clicked.connect(self._on_trust_button_clicked)
        self.peers_table.itemSelectionChanged.connect(self._update_buttons)

    # ---------------------------------------------------------------- state
    def _load(self) -> None:
        ident = identity.ensure_identity(self._ws)
        self.name_edit.setText(ident.office_name)
        self.unit_chooser.set_unit(ident.office_unit_id)
        self.fingerprint_label.setText(fingerprint_lines(ident.fingerprint))
        self._saved = (ident.office_name, ident.office_unit_id)
        self.load_peers()
        self._update_buttons()

    def load_peers(self) -> None:
        peers = identity.repo(self._ws).peers()
        self.peers_table.setRowCount(len(peers))
        for row, p in enumerate(peers):
            cells = [
                p.office_name,
                unit_label(self._ws, p.office_unit_id),
                _("yes") if p.trusted else _("not yet"),
                str(p.acked_seq) if p.acked_seq else _("nothing yet"),
                p.fingerprint,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PEER_ID_ROLE, p.installation_id)
                self.peers_table.setItem(row, col, item)
        self.peers_table.resizeColumnsToContents()
        self.no_peers_label.setVisible(not peers)
        self._update_buttons()

    def _selected_peer(self) -> str | None:
        rows = self.peers_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.peers_table.item(rows[0].row(), COL_NAME)
        return str(item.data(PEER_ID_ROLE)) if item is not None else None

    def _update_buttons(self, *_args: object) -> None:
        name, unit = self.name_edit.text().strip(), self.unit_chooser.unit_id()
        changed = (name, unit) != self._saved and bool(name) and bool(unit)
        self.save_button.setEnabled(changed)
        if not name:
            self.save_button.setToolTip(_("Give the office name."))
        elif not unit:
            self.save_button.setToolTip(_("Choose the office's unit in the list."))
        else:
            self.save_button.setToolTip("" if changed else _("Nothing changed."))
        has_office = bool(self._saved[1])
        self.card_button.setEnabled(has_office)
        self.card_button.setToolTip(
            "" if has_office else _("Save this office's name and unit first.")
        )
        peer_id = self._selected_peer()
        peer = identity.repo(self._ws).peer(peer_id) if peer_id else None
        self.trust_button.setEnabled(peer is not None and not peer.trusted)
        if peer is None:
            self.trust_button.setToolTip(_("Choose an office in the list."))
        elif peer.trusted:
            self.trust_button.setToolTip(_("This office is trusted."))
        else:
            self.trust_button.setToolTip("")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b00020;" if error else "")

    # ---------------------------------------------------------------- actions
    def save_office(self) -> bool:
        try:
            ident = identity.set_office(
                self._ws, self.name_edit.text(), self.unit_chooser.unit_id()
            )
        except UserError as exc:
            self._say(exc.message, error=True)
            return False
        self._saved = (ident.office_name, ident.office_unit_id)
        self.name_edit.setText(ident.office_name)
        self._say(_("Saved."))
        self._update_buttons()
        return True

    def save_card(self, path: Path) -> bool:
        try:
            card = identity.export_card(self._ws, path)
        except UserError as exc:
            self._say(exc.message, error=True)
            return False
        if self._prefs is not None:
            self._prefs.set_last_folder(CARD_FOLDER, path.parent)
        self._say(
            _(
                "Office card written to {path}. Give it to the other office; they compare the "
                "fingerprint {fingerprint} with you before trusting it."
            ).format(path=path, fingerprint=card.fingerprint)
        )
        return True

    def add_card(self, path: Path) -> TrustDialog | None:
        """Read a card, store the office untrusted, and ask whether to trust it."""
        if self._prefs is not None:
            self._prefs.set_last_folder(CARD_FOLDER, path.parent)
        try:
            peer = identity.import_card(self._ws, path)
        except UserError as exc:
            self._say(exc.message, error=True)
            QMessageBox.warning(self, _("Add an office"), exc.message)
            return None
        self.load_peers()
        self.peersChanged.emit()
        if peer.trusted:
            self._say(_("{office} is already trusted.").format(office=peer.office_name))
            return None
        return self.ask_trust(peer.installation_id)

    def ask_trust(self, peer_id: str) -> TrustDialog | None:
        peer = identity.repo(self._ws).peer(peer_id)
        if peer is None:
            return None
        dialog = TrustDialog(
            peer.office_name, unit_label(self._ws, peer.office_unit_id), peer.fingerprint, self
        )
        dialog.accepted.connect(lambda: self._trust(peer_id))
        self.trust_dialog = dialog
        dialog.open()
        return dialog

    def _trust(self, peer_id: str) -> None:
        try:
            peer = identity.trust_peer(self._ws, peer_id)
        except UserError as exc:
            self._say(exc.message, error=True)
            return
        self._say(
            _("{office} is trusted (fingerprint {fingerprint}).").format(
                office=peer.office_name, fingerprint=peer.fingerprint
            )
        )
        self.load_peers()
        self.peersChanged.emit()

    def _start_folder(self) -> str:
        folder = self._prefs.last_folder(CARD_FOLDER) if self._prefs is not None else None
        return str(folder or "")

    def _on_save_button_clicked(self) -> None:
        self.save_office()

    def _on_card_button_clicked(self) -> None:
        ident = identity.ensure_identity(self._ws)
        suggested = Path(self._start_folder() or Path.home()) / (
            f"anninh-card-{ident.installation_id[:8]}.json"
        )
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save this office's card"), str(suggested), _("Office cards (*.json)")
        )
        if name:
            self.save_card(Path(name))

    def _on_add_card_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add an office from its card"),
            self._start_folder(),
            _("Office cards (*.json);;All files (*)"),
        )
        if name:
            self.add_card(Path(name))

    def _on_trust_button_clicked(self) -> None:
        peer_id = self._selected_peer()
        if peer_id:
            self.ask_trust(peer_id)
