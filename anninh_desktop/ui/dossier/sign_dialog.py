"""Signing the dossier: as which role, with which key (certificate file, USB token, or the
vendor's own program through export and import), with which images. Runs on the TaskRunner.

Refusals (wrong password or PIN, an unusable certificate, a role already signed…) are the
services' UserError messages, shown in the dialog; nothing is written when signing is refused.
Passwords and PINs stay in their fields: never stored, never logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QVBoxLayout, QWidget

from anninh_desktop.domain.dossier import SIGNER_ROLE_LABELS, SignerRole
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.appearance import Appearance, StampKind
from anninh_desktop.services.signing.chain import IncompleteChain
from anninh_desktop.services.signing.external import ExternalExport
from anninh_desktop.services.signing.pdf_files import sha256_file
from anninh_desktop.services.signing.signed_roles import next_unit_role, signed_roles
from anninh_desktop.services.signing.token_pins import PinRejected
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier import sign_sources
from anninh_desktop.ui.dossier.sign_tokens import TokenPanel
from anninh_desktop.ui.dossier.sign_view import SOURCE_EXTERNAL, SOURCE_FILE, SOURCE_TOKEN, SignView
from anninh_desktop.ui.dossier.work import SignOutcome, call_task, import_signed_task, sign_task
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.tasks import TaskHandle, TaskRunner, describe_error

log = logging.getLogger(__name__)

ERROR_STYLE = "QLabel { color: #b91c1c; }"
OK_STYLE = "QLabel { color: #15803d; }"


class SignDialog(QDialog):
    signed = Signal(object)  # SignOutcome
    imported = Signal(object)  # VerificationReport of a file signed in the vendor's program
    releaseFile = Signal()  # about to replace the file: previews must let go of it

    def __init__(
        self,
        workspace: Workspace,
        pdf_path: Path,
        tasks: TaskRunner,
        preferences: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._pdf = pdf_path
        self._tasks = tasks
        self._prefs = preferences
        self._handle: TaskHandle | None = None
        self._exported: ExternalExport | None = None
        self.outcome: SignOutcome | None = None
        self.setWindowTitle(_("Sign {name}").format(name=pdf_path.name))
        self.view = SignView(self)
        QVBoxLayout(self).addWidget(self.view)
        v = self.view
        v.file_label.setText(str(pdf_path))
        self._fill_roles()
        v.p12_edit.setText(str(self._last("certificate") or ""))
        self.tokens = TokenPanel(v, self._run, self)
        self.tokens.fill_drivers(remembered=self._last("pkcs11_module"))
        self.trust_dialog: QDialog | None = None
        v.signature_edit.setText(str(self._last("signature_image") or ""))
        v.seal_edit.setText(str(self._last("seal_image") or ""))
        v.file_radio.setChecked(True)
        v.pages.setCurrentIndex(SOURCE_FILE)

        v.source_group.idToggled.connect(self._on_source_group_idToggled)
        v.sign_button.clicked.connect(self._on_sign_button_clicked)
        v.buttons.rejected.connect(self.reject)
        v.p12_button.clicked.connect(self._on_p12_button_clicked)
        v.trust_button.clicked.connect(self._on_trust_button_clicked)
        v.signature_button.clicked.connect(partial(self._choose_image, v.signature_edit))
        v.seal_button.clicked.connect(partial(self._choose_image, v.seal_edit))
        v.demo_button.clicked.connect(self._on_demo_button_clicked)
        v.export_button.clicked.connect(self._on_export_button_clicked)
        v.import_button.clicked.connect(self._on_import_button_clicked)
        self.resize(660, 640)

    # ------------------------------------------------------------------------------ helpers
    def _last(self, purpose: str) -> Path | None:
        return self._prefs.last_file(purpose) if self._prefs is not None else None

    def _remember(self, purpose: str, path: Path | None) -> None:
        if self._prefs is not None:
            self._prefs.set_last_file(purpose, path)

    def _fill_roles(self) -> None:
        combo = self.view.role_combo
        try:
            done = signed_roles(self._pdf)
        except UserError as exc:
            done = set()
            self._show_status(exc.message, error=True)
        model = combo.model()
        for index, role in enumerate(SignerRole):
            label = _(SIGNER_ROLE_LABELS[role])
            if role in done:
                label = _("{role} — signed already").format(role=label)
            combo.addItem(label, role.value)
            model.item(index).setEnabled(role not in done)  # type: ignore[attr-defined]
        chosen = next_unit_role(done) or next((r for r in SignerRole if r not in done), None)
        if chosen is None:
            self.view.sign_button.setEnabled(False)
            self.view.sign_button.setToolTip(_("Every role has signed this file."))
        else:
            combo.setCurrentIndex(combo.findData(chosen.value))

    def role(self) -> SignerRole:
        return SignerRole(self.view.role_combo.currentData())

    def _show_status(self, text: str, *, error: bool) -> None:
        self.view.status_label.setText(text)
        self.view.status_label.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    def _show_error(self, message: str) -> None:
        self._show_status(message, error=True)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Signing"), message, parent=self)
        box.setObjectName("sign_error")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _run(
        self, func: Callable[[Any], Any], name: str, on_success: Callable[[Any], None]
    ) -> None:
        v = self.view
        v.progress_bar.setRange(0, 0)
        v.progress_bar.show()
        v.sign_button.setEnabled(False)
        v.status_label.clear()
        self._handle = self._tasks.run(
            func,
            name=name,
            on_success=partial(self._on_task_succeeded, on_success),
            on_error=self._on_task_failed,
            on_progress=self._on_task_progress,
            on_cancelled=self._on_task_finished,
        )

    def busy(self) -> bool:
        return self._handle is not None and self._handle.running

    # ------------------------------------------------------------------------- task results
    def _on_task_progress(self, done: int, total: int, text: str) -> None:
        self.view.progress_bar.setRange(0, max(total, 0))
        self.view.progress_bar.setValue(done)
        self.view.status_label.setText(text)

    def _on_task_finished(self) -> None:
        self._handle = None
        self.view.progress_bar.hide()
        self.view.sign_button.setEnabled(True)

    def _on_task_succeeded(self, then: Callable[[Any], None], value: Any) -> None:
        self._on_task_finished()
        then(value)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._on_task_finished()
        if isinstance(exc, IncompleteChain):
            self._on_incomplete_chain(exc)
            return
        self._show_error(describe_error(exc))
        if isinstance(exc, PinRejected):
            self.tokens.pin_rejected()
        elif self.view.source_group.checkedId() == SOURCE_FILE:
            self.view.password_edit.setFocus()
            self.view.password_edit.selectAll()

    def _on_incomplete_chain(self, exc: IncompleteChain) -> None:
        self._show_status(exc.message, error=True)
        choice = self._choose_on_incomplete_chain(exc.message)
        if choice == "sign":
            self.sign(accept_incomplete_chain=True)
        elif choice == "trust":
            self._on_trust_button_clicked()

    def _choose_on_incomplete_chain(self, message: str) -> str:
        """Ask what to do: "sign" anyway, open the "trust" store, or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Signing"), message, parent=self)
        box.setObjectName("incomplete_chain")
        sign = box.addButton(_("Sign &anyway"), QMessageBox.ButtonRole.AcceptRole)
        trust = box.addButton(_("Open the &trust store…"), QMessageBox.ButtonRole.ActionRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "sign" if clicked is sign else "trust" if clicked is trust else "cancel"

    # ---------------------------------------------------------------------------- signing
    def sign(self, *, accept_incomplete_chain: bool = False) -> None:
        """What the Sign button does: check the form, then sign on the task runner."""
        if self.busy():
            return
        try:
            source = sign_sources.signer_source(self.view, self.tokens.guard)
            appearance = self._appearance()
        except UserError as exc:
            self._show_error(exc.message)
            return
        self.releaseFile.emit()
        self._run(
            sign_task(
                self._ws,
                self._pdf,
                self._pdf,
                source,
                self.role(),
                appearance,
                accept_incomplete_chain=accept_incomplete_chain,
            ),
            "dossier.sign",
            self._on_signed,
        )

    def _appearance(self) -> Appearance | None:
        signature = sign_sources.optional_path(self.view.signature_edit.text())
        seal = sign_sources.optional_path(self.view.seal_edit.text())
        for path in (signature, seal):
            if path is not None and not path.is_file():
                raise UserError(_("The image “{path}” does not exist.").format(path=path))
        v = self.view
        text = v.stamp_text_radio.isChecked()
        if signature is None and seal is None and not text:
            return None
        return Appearance(
            signature_image=signature,
            seal_image=seal,
            kind=StampKind.TEXT if text else StampKind.IMAGE,
            title=v.title_edit.text().strip(),
            organisation=v.organisation_edit.text().strip(),
        )

    def _on_signed(self, outcome: SignOutcome) -> None:
        v = self.view
        if v.source_group.checkedId() == SOURCE_FILE:
            self._remember("certificate", Path(v.p12_edit.text().strip()))
        elif v.source_group.checkedId() == SOURCE_TOKEN:
            self._remember("pkcs11_module", Path(v.module_edit.text().strip()))
        self._remember("signature_image", sign_sources.optional_path(v.signature_edit.text()))
        self._remember("seal_image", sign_sources.optional_path(v.seal_edit.text()))
        self.outcome = outcome
        self.signed.emit(outcome)
        self.accept()

    # ------------------------------------------------------------------------------- slots
    def _on_source_group_idToggled(self, source: int, checked: bool) -> None:
        if not checked:
            return
        self.view.pages.setCurrentIndex(source)
        external = source == SOURCE_EXTERNAL
        self.view.sign_button.setVisible(not external)
        self.view.look_box.setEnabled(not external)

    def _on_sign_button_clicked(self) -> None:
        self.sign()

    def _ask_open_file(self, title: str, start: Path | None, filters: str) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(self, title, str(start or ""), filters)
        return Path(name) if name else None

    def _ask_save_file(self, title: str, start: Path, filters: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(self, title, str(start), filters)
        return Path(name) if name else None

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("Signing"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_p12_button_clicked(self) -> None:
        current = sign_sources.optional_path(self.view.p12_edit.text())
        path = self._ask_open_file(
            _("Choose the certificate file"),
            current.parent if current else None,
            _("Certificate files (*.p12 *.pfx)"),
        )
        if path is not None:
            self.view.p12_edit.setText(str(path))
            self.view.password_edit.setFocus()

    def _choose_image(self, edit: Any) -> None:
        current = sign_sources.optional_path(edit.text())
        path = self._ask_open_file(
            _("Choose an image"), current.parent if current else None, _("PNG images (*.png)")
        )
        if path is not None:
            edit.setText(str(path))

    def _on_demo_button_clicked(self) -> None:
        self._run(
            call_task(
                partial(sign_sources.demo_certificate, self._ws), _("Making the demo certificate…")
            ),
            "dossier.demo_cert",
            self._on_demo_ready,
        )

    def _on_demo_ready(self, demo: sign_sources.DemoChoice) -> None:
        v = self.view
        v.p12_edit.setText(str(demo.path))
        v.password_edit.setText(demo.password)
        v.demo_label.setText(demo.text)
        self._show_status(demo.text, error=False)

    def _on_trust_button_clicked(self) -> None:
        from anninh_desktop.ui.dossier.trust_dialog import TrustDialog

        if self.trust_dialog is None:
            self.trust_dialog = TrustDialog(self._ws, self._prefs, self)
        self.trust_dialog.open()

    def _on_export_button_clicked(self) -> None:
        from anninh_desktop.services.signing.external import export_for_external_signing

        start = (self._prefs.last_folder("external") if self._prefs else None) or self._pdf.parent
        target = self._ask_save_file(
            _("Export the unsigned file"),
            start / f"{self._pdf.stem}-ky-ngoai.pdf",
            _("PDF files (*.pdf)"),
        )
        if target is None:
            return
        try:
            self._exported = export_for_external_signing(self._pdf, target)
        except UserError as exc:
            self._show_error(exc.message)
            return
        if self._prefs is not None:
            self._prefs.set_last_folder("external", target.parent)
        text = _(
            "Exported to {path}. Sign it in the vendor's program, then import the signed file."
        ).format(path=target)
        self.view.export_label.setText(text)
        self._show_status(text, error=False)

    def _on_import_button_clicked(self) -> None:
        exported = self._exported.path if self._exported is not None else self._pdf
        signed = self._ask_open_file(
            _("Import the signed file"), exported.parent, _("PDF files (*.pdf)")
        )
        if signed is None:
            return
        if self._exported is not None and self._changed_since_export(self._exported):
            if not self._confirm(
                _(
                    "The dossier {path} changed after it was exported (was it signed meanwhile?). "
                    "Replacing it by the imported file loses those changes. Replace it?"
                ).format(path=self._pdf)
            ):
                return
        self.releaseFile.emit()
        self._run(
            import_signed_task(self._ws, exported, signed, self._pdf),
            "dossier.import_signed",
            self._on_imported,
        )

    def _changed_since_export(self, exported: ExternalExport) -> bool:
        try:
            return not self._pdf.is_file() or sha256_file(self._pdf) != exported.sha256
        except OSError:
            return True

    def _on_imported(self, report: Any) -> None:
        self.imported.emit(report)
        self.accept()

    def done(self, result: int) -> None:
        if self.busy():
            return  # signing takes seconds and cannot be stopped half-way safely: wait for it
        super().done(result)
