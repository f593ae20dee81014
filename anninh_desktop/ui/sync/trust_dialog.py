"""The question asked before trusting another office: its name, unit and fingerprint, big."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.sync.texts import fingerprint_lines


class TrustDialog(QDialog):
    """The dialog accepts on Trust, rejects on Not now; the caller trusts the office on `accepted`."""

    def __init__(
        self,
        office_name: str,
        unit: str,
        fingerprint: str,
        parent: QWidget | None = None,
        *,
        intro: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Trust this office?"))
        layout = QVBoxLayout(self)
        self.intro_label = QLabel(
            intro
            or _(
                "The card of this office was read. Check that it is really theirs before trusting it."
            )
        )
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)

        form = QFormLayout()
        self.name_label = QLabel(office_name)
        bold = QFont(self.name_label.font())
        bold.setBold(True)
        self.name_label.setFont(bold)
        self.unit_label = QLabel(unit)
        form.addRow(_("Office:"), self.name_label)
        form.addRow(_("Unit:"), self.unit_label)
        layout.addLayout(form)

        layout.addWidget(QLabel(_("Fingerprint:")))
        self.fingerprint_label = QLabel(fingerprint_lines(fingerprint))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10.0) * 1.8)
        mono.setBold(True)
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setStyleSheet(
            "QLabel { padding: 10px; border: 1px solid palette(mid); background: palette(base); }"
        )
        self.fingerprint_label.setTextInteractionFlags(
            self.fingerprint_label.textInteractionFlags()
            | self.fingerprint_label.textInteractionFlags().TextSelectableByMouse
        )
        layout.addWidget(self.fingerprint_label)

        self.instruction_label = QLabel(
            _(
                "Call the office by phone or meet in person and ask them to read their fingerprint "
                "(Sync ▸ This office and other offices). Trust the office only if every group "
                "matches. A trusted office can send data to this office."
            )
        )
        self.instruction_label.setWordWrap(True)
        layout.addWidget(self.instruction_label)

        buttons = QDialogButtonBox(self)
        self.trust_button = QPushButton(_("&Trust"))
        self.not_now_button = QPushButton(_("&Not now"))
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.not_now_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.not_now_button.setDefault(True)  # Enter must not trust by accident
        self.trust_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
