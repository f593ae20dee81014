"""Layout of the dossier dialog's build side: file, Build with progress and Cancel, the result,
its actions (open folder, sign, verify) and the preview / signatures tabs. Children are public;
the dialog (dialog.py) fills them and wires them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.services.dossier import DossierBuild
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pdf_files import sha256_file
from anninh_desktop.services.signing.signed_roles import signed_roles
from anninh_desktop.ui.dossier.verify_view import VerificationView
from anninh_desktop.ui.evidence.preview import PreviewWidget

WARNING_LIST_STYLE = "QListWidget { color: #9a3412; }"
STATUS_STYLE = "QLabel { color: #4b5563; }"
SHORT_SHA = 16
PDF_MEDIA_TYPE = "application/pdf"
HASH_ON_OPEN_LIMIT = 64 << 20  # hashing a file shown on opening must not freeze the dialog


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class BuildView(QWidget):
    """Output file · Build · progress · result · actions · preview and signatures."""

    TAB_PREVIEW, TAB_SIGNATURES = range(2)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # where the file goes ---------------------------------------------------------------
        self.path_label = _selectable(QLabel(self))
        self.save_as_button = QPushButton(_("Save &as…"), self)
        self.save_as_button.setToolTip(_("Build the dossier into another file"))
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(_("File:"), self))
        file_row.addWidget(self.path_label, 1)
        file_row.addWidget(self.save_as_button)

        # build and its progress ---------------------------------------------------------------
        self.build_button = QPushButton(_("&Build the dossier"), self)
        self.build_button.setDefault(True)
        self.progress_bar = QProgressBar(self)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton(_("&Stop"), self)
        self.cancel_button.setToolTip(_("Stop building; no file is written"))
        self.progress_row = QWidget(self)
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.progress_label)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()
        self.signers_button = QPushButton(_("Signe&rs…"), self)
        self.signers_button.setToolTip(_("The names printed under the signature spaces"))
        self.signers_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        build_row = QHBoxLayout()
        build_row.addWidget(self.build_button)
        build_row.addWidget(self.signers_button)
        build_row.addWidget(self.progress_row, 1)
        self.status_label = _selectable(QLabel(self))
        self.status_label.setStyleSheet(STATUS_STYLE)

        # the result ---------------------------------------------------------------------------
        self.result_box = QGroupBox(_("The dossier"), self)
        form = QFormLayout(self.result_box)
        self.pages_label = _selectable(QLabel(self.result_box))
        self.sha_label = _selectable(QLabel(self.result_box))
        self.numbers_label = _selectable(QLabel(self.result_box))
        self.signed_label = _selectable(QLabel(self.result_box))
        form.addRow(_("Pages:"), self.pages_label)
        form.addRow(_("SHA-256:"), self.sha_label)
        form.addRow(_("Numbers:"), self.numbers_label)
        form.addRow(_("Signed by:"), self.signed_label)
        self.warnings_list = QListWidget(self.result_box)
        self.warnings_list.setStyleSheet(WARNING_LIST_STYLE)
        self.warnings_list.setWordWrap(True)
        self.warnings_list.setMaximumHeight(90)
        self.no_warnings_label = QLabel(_("none"), self.result_box)
        warnings_box = QVBoxLayout()
        warnings_box.setContentsMargins(0, 0, 0, 0)
        warnings_box.addWidget(self.no_warnings_label)
        warnings_box.addWidget(self.warnings_list)
        form.addRow(_("Warnings:"), warnings_box)
        actions = QHBoxLayout()
        self.open_folder_button = QPushButton(_("Open &folder"), self.result_box)
        self.sign_button = QPushButton(_("S&ign…"), self.result_box)
        self.verify_button = QPushButton(_("&Verify signatures"), self.result_box)
        actions.addWidget(self.open_folder_button)
        actions.addStretch(1)
        actions.addWidget(self.sign_button)
        actions.addWidget(self.verify_button)
        form.addRow(actions)

        # preview and signatures ----------------------------------------------------------------
        self.tabs = QTabWidget(self)
        self.preview = PreviewWidget(self.tabs)
        self.verification = VerificationView(self.tabs)
        self.tabs.addTab(self.preview, _("&Preview"))
        self.tabs.addTab(self.verification, _("Signa&tures"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(file_row)
        layout.addLayout(build_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.result_box)
        layout.addWidget(self.tabs, 1)

    # filling ------------------------------------------------------------------------------------
    def show_file(self, path: Path) -> set[SignerRole]:
        """Show the dossier file as it is now (or that there is none); the roles signed in it."""
        self.path_label.setText(str(path))
        exists = path.is_file()
        self.result_box.setEnabled(exists)
        if not exists:
            self.pages_label.setText(_("not built yet"))
            for label in (self.sha_label, self.numbers_label, self.signed_label):
                label.clear()
            self.show_warnings([])
            self.preview.clear()
            return set()
        size = path.stat().st_size
        self.preview.show_file(path, path.name, PDF_MEDIA_TYPE, size)
        self.pages_label.setText(str(self.preview.page_count() or "?"))
        self.numbers_label.setText("—")
        self.show_warnings(None)
        self.show_sha(sha256_file(path) if size <= HASH_ON_OPEN_LIMIT else "")
        try:
            roles = signed_roles(path)
        except UserError as exc:
            self.signed_label.setText(exc.message)
            return set()
        names = [_(SIGNER_ROLE_LABELS[r]) for r in SignerRole if r in roles]
        self.signed_label.setText(", ".join(names) if names else _("not signed yet"))
        return roles

    def show_build(self, built: DossierBuild) -> None:
        """What the build just gave: pages, hash, numbers, warnings (after `show_file`)."""
        self.pages_label.setText(str(built.page_count))
        self.show_sha(built.sha256)
        labels = dict(dossier_service.editable_documents())
        self.numbers_label.setText(
            "\n".join(
                _("{document}: {number}").format(document=labels.get(kind, kind), number=number)
                for kind, number in built.numbers.items()
            )
        )
        self.show_warnings(built.warnings)

    def show_sha(self, sha256: str) -> None:
        self.sha_label.setText(sha256[:SHORT_SHA] + "…" if sha256 else "—")
        self.sha_label.setToolTip(sha256)

    def show_warnings(self, warnings: list[str] | None) -> None:
        """None: not known (a file built earlier); []: none; else one line each."""
        self.warnings_list.clear()
        self.warnings_list.addItems(warnings or [])
        self.warnings_list.setVisible(bool(warnings))
        self.no_warnings_label.setVisible(not warnings)
        self.no_warnings_label.setText(
            _("none") if warnings is not None else _("not known (built earlier)")
        )
