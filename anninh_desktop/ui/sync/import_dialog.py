"""Importing a package: verify (asking for a passphrase when needed), preview, apply, the ack."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.apply import ApplyResult
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.sync.preview_view import PreviewView
from anninh_desktop.ui.sync.texts import unit_label
from anninh_desktop.ui.sync.trust_dialog import TrustDialog
from anninh_desktop.ui.sync.work import PackageHeader, apply_task, peek_header, read_task
from anninh_desktop.ui.tasks import TaskRunner, describe_error

log = logging.getLogger(__name__)

PAGE_BUSY, PAGE_PASSPHRASE, PAGE_PROBLEM, PAGE_PREVIEW, PAGE_RESULT = range(5)
ERROR_STYLE = "color: #b00020;"


class ImportDialog(QDialog):
    """One package: nothing changes before "Apply"; closing without applying discards the staging."""

    applied = Signal()  # the store changed: the window reloads what it shows
    conflictsRequested = Signal()  # "Review the conflicts…" in the result

    def __init__(
        self, workspace: Workspace, tasks: TaskRunner, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._tasks = tasks
        self.path = path
        self.header: PackageHeader | None = None
        self.preview: SyncPreview | None = None
        self.result: ApplyResult | None = None
        self.trust_dialog: TrustDialog | None = None
        self._busy = False
        self.setWindowTitle(_("Import from USB: {name}").format(name=path.name))
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        busy = QWidget()
        b = QVBoxLayout(busy)
        self.busy_label = QLabel(busy)
        self.busy_bar = QProgressBar(busy)
        self.busy_bar.setRange(0, 0)
        b.addWidget(self.busy_label)
        b.addWidget(self.busy_bar)
        b.addStretch(1)

        ask = QWidget()
        a = QVBoxLayout(ask)
        self.passphrase_label = QLabel(ask)
        self.passphrase_label.setWordWrap(True)
        self.passphrase_edit = QLineEdit(ask)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.open_button = QPushButton(_("&Open the package"), ask)
        a.addWidget(self.passphrase_label)
        a.addWidget(self.passphrase_edit)
        a.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        a.addStretch(1)

        problem = QWidget()
        p = QVBoxLayout(problem)
        self.problem_label = QLabel(problem)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_card_button = QPushButton(_("&Add the sending office from its card…"), problem)
        self.trust_sender_button = QPushButton(_("&Trust the sending office…"), problem)
        row = QHBoxLayout()
        row.addWidget(self.add_card_button)
        row.addWidget(self.trust_sender_button)
        row.addStretch(1)
        p.addWidget(self.problem_label)
        p.addLayout(row)
        p.addStretch(1)

        self.preview_view = PreviewView(self._ws)
        result = QWidget()
        r = QVBoxLayout(result)
        self.result_label = QLabel(result)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        r.addWidget(self.result_label)
        self.conflicts_button = QPushButton(_("&Review the conflicts…"), result)
        self.conflicts_button.hide()
        r.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignLeft)
        r.addStretch(1)
        for page in (busy, ask, problem, self.preview_view, result):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)

        buttons = QHBoxLayout()
        self.apply_button = QPushButton(_("&Apply"), self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.resize(760, 520)

        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.passphrase_edit.returnPressed.connect(self._on_open_button_clicked)
        self.add_card_button.clicked.connect(self._on_add_card_button_clicked)
        self.trust_sender_button.clicked.connect(self.trust_sender)
        self.apply_button.clicked.connect(self.apply)
        self.conflicts_button.clicked.connect(self.conflictsRequested)
        self.cancel_button.clicked.connect(self.reject)

    # ---------------------------------------------------------------- pages
    def page(self) -> int:
        return self.pages.currentIndex()

    def _show(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        on_preview = page == PAGE_PREVIEW
        self.apply_button.setVisible(on_preview)
        self.apply_button.setEnabled(on_preview and not self._busy)
        self.apply_button.setDefault(on_preview)
        self.cancel_button.setText(
            _("Close") if page in (PAGE_RESULT, PAGE_PROBLEM) else _("Cancel")
        )
        self.cancel_button.setEnabled(not self._busy)

    def _busy_with(self, text: str) -> None:
        self._busy = True
        self.busy_label.setText(text)
        self._show(PAGE_BUSY)
        self.setCursor(Qt.CursorShape.BusyCursor)

    def _idle(self) -> None:
        self._busy = False
        self.unsetCursor()

    # ---------------------------------------------------------------- reading
    def start(self, passphrase: str | None = None) -> None:
        """Check the package (asks for the passphrase first when the package has one)."""
        self.header = peek_header(self.path)
        if passphrase is None and self.header is not None and self.header.needs_passphrase:
            self._ask_passphrase(
                _(
                    "This package is protected with a passphrase. Type the passphrase agreed with "
                    "the sending office."
                )
            )
            return
        self._busy_with(_("Checking the package (signature and every file)…"))
        self._passphrase = passphrase
        self._tasks.run(
            read_task(self._ws, self.path, passphrase),
            name="sync.read",
            on_success=self._on_read,
            on_error=self._on_read_failed,
        )

    def _ask_passphrase(self, text: str, *, error: bool = False) -> None:
        self.passphrase_label.setText(text)
        self.passphrase_label.setStyleSheet(ERROR_STYLE if error else "")
        self.passphrase_edit.clear()
        self._show(PAGE_PASSPHRASE)
        self.passphrase_edit.setFocus()

    def _on_open_button_clicked(self) -> None:
        if self.passphrase_edit.text():
            self.start(self.passphrase_edit.text())

    def _on_read(self, preview: SyncPreview) -> None:
        self._idle()
        self.preview = preview
        self.preview_view.show_preview(preview)
        self._show(PAGE_PREVIEW)
        self.apply_button.setFocus()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._idle()
        message = describe_error(exc)
        # The service's own sentence for a wrong passphrase (the same msgid): ask again.
        wrong = _("Wrong passphrase for {path}; nothing was imported.").format(path=self.path)
        if isinstance(exc, UserError) and exc.message == wrong:
            self._ask_passphrase(message, error=True)
            return
        self.problem_label.setText(message)
        state = self._sender_state()
        self.add_card_button.setVisible(state == "unknown")
        self.trust_sender_button.setVisible(state == "untrusted")
        self._show(PAGE_PROBLEM)

    def _sender_state(self) -> str:
        """The sender named in the header: "unknown", "untrusted", "trusted"; "" if unread."""
        if self.header is None:
            return ""
        peer = identity.repo(self._ws).peer(self.header.sender_id)
        if peer is None:
            return "unknown"
        return "trusted" if peer.trusted else "untrusted"

    # ---------------------------------------------------------------- the sender's card
    def add_sender_card(self, card_path: Path) -> TrustDialog | None:
        """Store the office of a card and ask whether to trust it; then read the package again."""
        try:
            card = identity.read_card(card_path)
            if self.header is not None and card.installation_id != self.header.sender_id:
                raise UserError(
                    _(
                        "{path} is the card of {office}, not of the office that sent this package."
                    ).format(path=card_path, office=card.office_name)
                )
            identity.import_card(self._ws, card_path)
        except UserError as exc:
            self.problem_label.setText(exc.message)
            return None
        return self.trust_sender()

    def trust_sender(self) -> TrustDialog | None:
        if self.header is None:
            return None
        peer = identity.repo(self._ws).peer(self.header.sender_id)
        if peer is None:
            return None
        dialog = TrustDialog(
            peer.office_name, unit_label(self._ws, peer.office_unit_id), peer.fingerprint, self
        )
        dialog.accepted.connect(self._on_trust_accepted)
        self.trust_dialog = dialog
        dialog.open()
        return dialog

    def _on_trust_accepted(self) -> None:
        if self.header is None:
            return
        identity.trust_peer(self._ws, self.header.sender_id)
        self.start()

    def _on_add_card_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Add an office from its card"),
            str(self.path.parent),
            _("Office cards (*.json);;All files (*)"),
        )
        if name:
            self.add_sender_card(Path(name))

    # ---------------------------------------------------------------- applying
    def apply(self) -> None:
        if self.preview is None or self._busy:
            return
        preview = self.preview
        self._busy_with(_("Applying the package (all of it or nothing; it can be undone)…"))
        self._tasks.run(
            apply_task(self._ws, preview, self.path.parent),
            name="sync.apply",
            on_success=self._on_applied,
            on_error=self._on_apply_failed,
        )

    def _on_applied(self, result: ApplyResult) -> None:
        self._idle()
        self.result = result
        self.preview = None
        if result.applied:
            text = _("Applied: {new} new, {updated} updated, {unchanged} unchanged.").format(
                new=result.totals.get("new", 0),
                updated=result.totals.get("updated", 0),
                unchanged=result.totals.get("unchanged", 0),
            )
            if result.conflicts:
                text += " " + ngettext(
                    "{conflicts} conflict kept for review.",
                    "{conflicts} conflicts kept for review.",
                    result.conflicts,
                ).format(conflicts=result.conflicts)
        else:
            text = _("This package was applied before; nothing changed.")
        text += "\n\n" + _(
            "Acknowledgement written to {path}. Give this file back to the sending office: it "
            "tells them what arrived."
        ).format(path=result.ack_path)
        if result.applied:
            text += "\n\n" + _("If this import was a mistake: Sync ▸ Undo the last import.")
        self.result_label.setText(text)
        self.conflicts_button.setVisible(result.applied and result.conflicts > 0)
        self._show(PAGE_RESULT)
        if result.applied:
            self.applied.emit()

    def _on_apply_failed(self, exc: BaseException) -> None:
        self._idle()
        self.problem_label.setText(describe_error(exc))
        self.add_card_button.hide()
        self.trust_sender_button.hide()
        if self.preview is not None:
            self.preview.discard()
            self.preview = None
        self._show(PAGE_PROBLEM)

    # ---------------------------------------------------------------- closing
    def _discard(self) -> None:
        if self.preview is not None:
            self.preview.discard()
            self.preview = None

    def reject(self) -> None:
        if self._busy:
            return
        self._discard()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        self._discard()
        super().closeEvent(event)
