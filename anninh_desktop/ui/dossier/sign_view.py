"""Layout of the sign dialog: role, where the key is (file, token, external tool), the images of
the signature and the seal, progress. Children are public; sign_dialog.py wires them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _

SOURCE_FILE, SOURCE_TOKEN, SOURCE_EXTERNAL = range(3)
NOTE_STYLE = "QLabel { color: #4b5563; }"


def _note(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _path_row(parent: QWidget, button_text: str) -> tuple[QLineEdit, QPushButton, QHBoxLayout]:
    edit = QLineEdit(parent)
    button = QPushButton(button_text, parent)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return edit, button, row


class SignView(QWidget):
    """Who signs, with what key, how it looks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_label = _note("", self)
        top = QFormLayout()
        self.role_combo = QComboBox(self)
        role_label = QLabel(_("&Role:"), self)
        role_label.setBuddy(self.role_combo)
        top.addRow(role_label, self.role_combo)

        # where the key is -----------------------------------------------------------------------
        self.file_radio = QRadioButton(_("Certificate &file (.p12, .pfx)"), self)
        self.token_radio = QRadioButton(_("USB &token"), self)
        self.external_radio = QRadioButton(_("E&xternal signing program"), self)
        self.source_group = QButtonGroup(self)
        for index, radio in enumerate((self.file_radio, self.token_radio, self.external_radio)):
            self.source_group.addButton(radio, index)
        sources = QHBoxLayout()
        for radio in (self.file_radio, self.token_radio, self.external_radio):
            sources.addWidget(radio)
        sources.addStretch(1)
        self.pages = QStackedWidget(self)

        # a .p12 / .pfx file
        page = QWidget(self.pages)
        form = QFormLayout(page)
        self.p12_edit, self.p12_button, row = _path_row(page, _("&Browse…"))
        form.addRow(_("Certificate file:"), row)
        self.password_edit = QLineEdit(page)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        password_label = QLabel(_("Pass&word:"), page)
        password_label.setBuddy(self.password_edit)
        form.addRow(password_label, self.password_edit)
        self.demo_button = QPushButton(_("Make a &demo certificate"), page)
        self.demo_button.setToolTip(
            _("A certificate to try signing; its signatures are trusted on this computer only")
        )
        self.demo_label = _note("", page)
        form.addRow(self.demo_button, self.demo_label)
        self.pages.addWidget(page)

        # a PKCS#11 token
        page = QWidget(self.pages)
        form = QFormLayout(page)
        self.drivers_combo = QComboBox(page)
        self.drivers_combo.setToolTip(
            _("Token drivers found on this computer (known names of Vietnamese CA tokens)")
        )
        form.addRow(_("Drivers found:"), self.drivers_combo)
        self.module_edit, self.module_button, row = _path_row(page, _("&Browse…"))
        self.module_edit.setToolTip(_("The PKCS#11 module installed with the token's software"))
        form.addRow(_("Token driver:"), row)
        self.token_combo = QComboBox(page)
        self.find_tokens_button = QPushButton(_("Find to&kens"), page)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_combo, 1)
        token_row.addWidget(self.find_tokens_button)
        form.addRow(_("Token:"), token_row)
        self.pin_edit = QLineEdit(page)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        pin_label = QLabel(_("P&IN:"), page)
        pin_label.setBuddy(self.pin_edit)
        form.addRow(pin_label, self.pin_edit)
        self.pin_note = _note("", page)
        self.pin_note.setObjectName("pin_note")
        self.pin_note.hide()  # shown when the token reports few tries left
        form.addRow(self.pin_note)
        self.certificate_combo = QComboBox(page)
        self.certificates_button = QPushButton(_("Show &certificates"), page)
        cert_row = QHBoxLayout()
        cert_row.addWidget(self.certificate_combo, 1)
        cert_row.addWidget(self.certificates_button)
        form.addRow(_("Certificate:"), cert_row)
        form.addRow(
            _note(
                _(
                    "Several wrong PINs lock a real token: a PIN the token rejected is never sent "
                    "again by the program."
                ),
                page,
            )
        )
        self.pages.addWidget(page)

        # the vendor's own program
        page = QWidget(self.pages)
        box = QVBoxLayout(page)
        box.addWidget(
            _note(
                _(
                    "If your token only works with its vendor's signing program: export the "
                    "unsigned file, sign it there keeping the original (incremental signing), then "
                    "import the signed file. It is checked before it replaces the dossier."
                ),
                page,
            )
        )
        self.export_button = QPushButton(_("Ex&port the unsigned file…"), page)
        self.import_button = QPushButton(_("I&mport the signed file…"), page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.export_label = _note("", page)
        box.addWidget(self.export_label)
        box.addStretch(1)
        self.pages.addWidget(page)

        # how it looks ------------------------------------------------------------------------
        self.look_box = QGroupBox(_("Appearance (optional)"), self)
        look = QFormLayout(self.look_box)
        self.signature_edit, self.signature_button, row = _path_row(self.look_box, "…")
        self.signature_button.setToolTip(_("Choose the signature image"))
        signature_label = QLabel(_("Si&gnature image (blue PNG):"), self.look_box)
        signature_label.setBuddy(self.signature_edit)
        look.addRow(signature_label, row)
        self.seal_edit, self.seal_button, row = _path_row(self.look_box, "…")
        self.seal_button.setToolTip(_("Choose the seal image"))
        seal_label = QLabel(_("S&eal image (red PNG):"), self.look_box)
        seal_label.setBuddy(self.seal_edit)
        look.addRow(seal_label, row)
        self.stamp_image_radio = QRadioButton(
            _("Nghị định 30: images, name and time"), self.look_box
        )
        self.stamp_text_radio = QRadioButton(
            _("Text stamp: Ký bởi, Chức vụ, Cơ quan, Thời gian ký"), self.look_box
        )
        self.stamp_group = QButtonGroup(self)
        self.stamp_group.addButton(self.stamp_image_radio, 0)
        self.stamp_group.addButton(self.stamp_text_radio, 1)
        self.stamp_image_radio.setChecked(True)
        stamp_row = QHBoxLayout()
        stamp_row.addWidget(self.stamp_image_radio)
        stamp_row.addWidget(self.stamp_text_radio)
        stamp_row.addStretch(1)
        look.addRow(_("Stamp:"), stamp_row)
        self.title_edit = QLineEdit(self.look_box)
        self.title_edit.setPlaceholderText(_("from the certificate"))
        title_label = QLabel(_("C&hức vụ:"), self.look_box)
        title_label.setBuddy(self.title_edit)
        look.addRow(title_label, self.title_edit)
        self.organisation_edit = QLineEdit(self.look_box)
        self.organisation_edit.setPlaceholderText(_("from the certificate"))
        organisation_label = QLabel(_("Cơ &quan:"), self.look_box)
        organisation_label.setBuddy(self.organisation_edit)
        look.addRow(organisation_label, self.organisation_edit)
        look.addRow(
            _note(
                _(
                    "Without images the signature shows the signer's name and the time. Chức vụ "
                    "and Cơ quan are printed in the text stamp only when the certificate does "
                    "not say them."
                ),
                self.look_box,
            )
        )

        # progress and buttons -------------------------------------------------------------------
        self.progress_bar = QProgressBar(self)
        self.progress_bar.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(self)
        self.trust_button = self.buttons.addButton(
            _("&Trust store…"), QDialogButtonBox.ButtonRole.HelpRole
        )
        self.trust_button.setAutoDefault(False)
        self.sign_button = self.buttons.addButton(
            _("&Sign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setDefault(True)
        self.close_button = self.buttons.addButton(
            _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(top)
        layout.addLayout(sources)
        layout.addWidget(self.pages)
        layout.addWidget(self.look_box)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
