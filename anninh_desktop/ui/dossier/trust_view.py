"""Layout of the trust store window: the certificates and revocation lists of this data folder,
import and remove, the chosen entry's details, and the options for when the computer is online.
Children are public; trust_dialog.py fills and wires them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _

NOTE_STYLE = "QLabel { color: #4b5563; }"
COLUMN_KIND, COLUMN_NAME, COLUMN_SOURCE, COLUMN_FROM, COLUMN_UNTIL, COLUMN_FINGERPRINT = range(6)


class _SaidLabel(QLabel):
    """A label that takes no room while it has nothing to say (the status, a root's details):
    on a small screen the certificate list needs those lines."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.hide()


def _note(text: str, parent: QWidget, kind: type[QLabel] = QLabel) -> QLabel:
    label = kind(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TrustView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro_label = _note(
            _(
                "Signatures are trusted when their chain of issuers reaches a root certificate "
                "here. Import the roots, the intermediate certificates and the revocation lists "
                "(CRL) of the authorities you deal with, e.g. from a USB stick; compare each "
                "root's SHA-256 fingerprint with the one its issuer publishes. They are kept in "
                "this data folder."
            ),
            self,
        )
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [
                _("Kind"),
                _("Name"),
                _("Source"),
                _("Valid from"),
                _("Valid until"),
                _("SHA-256 fingerprint"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (COLUMN_KIND, COLUMN_SOURCE, COLUMN_FROM, COLUMN_UNTIL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_FINGERPRINT, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COLUMN_FINGERPRINT, 180)
        self.details_label = _note("", self, _SaidLabel)
        self.details_label.hide()
        self.details_label.setObjectName("trust_details")
        self.empty_label = _note(
            _("The trust store is empty: no root certificate is trusted yet."), self
        )

        self.import_button = QPushButton(_("&Import files…"), self)
        self.import_button.setToolTip(
            _(
                "Root or intermediate certificates (.cer .crt .pem .der .p7b) and revocation lists (.crl)"
            )
        )
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.import_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)

        self.online_box = QGroupBox(_("When this computer is online (optional)"), self)
        # A box layout, not a form: a form row gave the wrapped note one line's height, and at
        # 1280×720 at 150 % its end was cut off.
        box = QVBoxLayout(self.online_box)
        self.revocation_check = QCheckBox(
            _("Ask the certificate authorities whether certificates are revoked (OCSP, CRL)"),
            self.online_box,
        )
        box.addWidget(self.revocation_check)
        self.tsa_edit = QLineEdit(self.online_box)
        self.tsa_edit.setPlaceholderText("http://…")
        tsa_label = QLabel(_("&Timestamp server:"), self.online_box)
        tsa_label.setBuddy(self.tsa_edit)
        tsa_line = QHBoxLayout()
        tsa_line.addWidget(tsa_label)
        tsa_line.addWidget(self.tsa_edit, 1)
        box.addLayout(tsa_line)
        box.addWidget(
            _note(
                _(
                    "Both are used only when set and reachable; without the network, signing "
                    "and checking work as before and the report says what was not checked."
                ),
                self.online_box,
            )
        )
        self.save_online_button = QPushButton(_("Sa&ve these options"), self.online_box)
        box.addWidget(self.save_online_button, 0, Qt.AlignmentFlag.AlignRight)

        self.status_label = _SaidLabel(self)
        self.status_label.hide()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.details_label)
        layout.addLayout(actions)
        layout.addWidget(self.online_box)
        layout.addWidget(self.status_label)
        layout.addWidget(self.buttons)
