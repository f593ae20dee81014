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
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier import DossierBuild
from anninh_desktop.services.dossier.summary import DossierSummary
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pdf_files import sha256_file
from anninh_desktop.services.signing.signed_roles import signed_roles
from anninh_desktop.ui.dossier.verify_view import VerificationView
from anninh_desktop.ui.elided_label import ElidedLabel
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
        self.current_sha = ""
        # where the file goes ---------------------------------------------------------------
        self.path_label = ElidedLabel("", self, min_chars=16, mode=Qt.TextElideMode.ElideMiddle)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        # Who signed, and when, as the last check of this very file found it.
        self.signers_label = _selectable(QLabel(self.result_box))
        self.signers_title = QLabel(_("Signers:"), self.result_box)
        form.addRow(self.signers_title, self.signers_label)
        self.warnings_list = QListWidget(self.result_box)
        self.warnings_list.setStyleSheet(WARNING_LIST_STYLE)
        self.warnings_list.setWordWrap(True)
        self.warnings_list.setMaximumHeight(90)
        self.no_warnings_label = QLabel(_("none"), self.result_box)
        warnings_box = QVBoxLayout()
        warnings_box.setContentsMargins(0, 0, 0, 0)
        warnings_box.addWidget(self.no_warnings_label)
        warnings_box.addWidget(self.warnings_list)
        self.warnings_title = QLabel(_("Warnings:"), self.result_box)
        form.addRow(self.warnings_title, warnings_box)
        actions = QHBoxLayout()
        self.open_folder_button = QPushButton(_("Open &folder"), self.result_box)
        self.sign_button = QPushButton(_("S&ign…"), self.result_box)
        self.verify_button = QPushButton(_("&Verify signatures"), self.result_box)
        self.print_button = QPushButton(_("&Print…"), self.result_box)
        actions.addWidget(self.open_folder_button)
        actions.addWidget(self.print_button)
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

        # The result scrolls and gives way to the preview in a short window.
        result_scroll = QScrollArea(self)
        result_scroll.setWidgetResizable(True)
        result_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        result_scroll.setWidget(self.result_box)
        self.parts = QSplitter(Qt.Orientation.Vertical, self)
        self.parts.addWidget(result_scroll)
        self.parts.addWidget(self.tabs)
        self.parts.setStretchFactor(0, 0)
        self.parts.setStretchFactor(1, 1)
        self.parts.setChildrenCollapsible(False)
        self.parts.setSizes([self.result_box.sizeHint().height(), 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(file_row)
        layout.addLayout(build_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.parts, 1)

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
            self.signers_label.clear()
            self.signers_title.hide()
            self.signers_label.hide()
            self.show_warnings([])
            self.preview.clear()
            return set()
        size = path.stat().st_size
        self.preview.show_file(path, path.name, PDF_MEDIA_TYPE, size)
        self.pages_label.setText(str(self.preview.page_count() or "?"))
        self.show_warnings(None)
        self.current_sha = sha256_file(path) if size <= HASH_ON_OPEN_LIMIT else ""
        self.show_sha(self.current_sha)
        try:
            roles = signed_roles(path)
        except UserError as exc:
            self.signed_label.setText(exc.message)
            return set()
        names = [_(SIGNER_ROLE_LABELS[r]) for r in SignerRole if r in roles]
        self.signed_label.setText(", ".join(names) if names else _("not signed yet"))
        return roles

    def show_summary(self, summary: DossierSummary, roles: set[SignerRole]) -> None:
        """The documents' numbers and dates, and who signed the file when (from the records)."""
        self.numbers_label.setText(
            "\n".join(
                _("{document}: {number}, dated {date}").format(
                    document=line.document, number=line.number, date=line.date
                )
                for line in summary.numbers
            )
            or _("given at the first build")
        )
        lines = []
        for signer in summary.signers:
            text = _("{signer} ({role})").format(signer=signer.signer or "—", role=signer.role)
            if signer.when:
                text += ", " + _("signed {when}").format(when=signer.when)
            if not signer.good:
                text += " " + _("(this signature does not check out)")
            lines.append(text)
        if not lines and roles:  # signed, not checked here yet
            lines.append(_("choose “Verify signatures” to read who signed and when"))
        self.signers_label.setText("\n".join(lines))
        self.signers_title.setVisible(bool(lines))
        self.signers_label.setVisible(bool(lines))

    def show_build(self, built: DossierBuild) -> None:
        """What the build just gave: pages, hash, warnings (after `show_file`, which shows the
        numbers as recorded)."""
        self.pages_label.setText(str(built.page_count))
        self.show_sha(built.sha256)
        self.show_warnings(built.warnings)

    def show_sha(self, sha256: str) -> None:
        self.sha_label.setText(sha256[:SHORT_SHA] + "…" if sha256 else "—")
        self.sha_label.setToolTip(sha256)

    def show_warnings(self, warnings: list[str] | None) -> None:
        """None: not known (a file built in an earlier session: the row is left out); []: none;
        else one line each."""
        self.warnings_list.clear()
        self.warnings_list.addItems(warnings or [])
        self.warnings_list.setVisible(bool(warnings))
        self.no_warnings_label.setVisible(warnings is not None and not warnings)
        self.no_warnings_label.setText(_("none"))
        self.warnings_title.setVisible(warnings is not None)
