"""The editable texts of the dossier's documents (Tờ trình, Báo cáo, Biên bản), as forms.

Each document shows as a form (`DocumentForm`: name and subject, addressees, headings and
paragraphs, signers, recipients), filled from the template and the assessment; it is stored in the
templates' text format underneath. Like the checklist's notes, a text saves itself: shortly after
typing stops, when the form loses focus, before another document is shown, before a build and
when the dialog closes. A document the layout cannot use is not saved: the reason is shown and
what was typed stays. A stored text the form cannot show (written by hand in an older version)
opens as plain text, with the reason, so nothing is lost.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services import dossier as dossier_service
from anninh_desktop.services.dossier.texts import format_document_text, parse_document_text
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier.document_form import DocumentForm
from anninh_desktop.ui.flow_layout import FlowLayout

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 800
ERROR_STYLE = "QLabel { color: #b91c1c; }"
NOTE_STYLE = "QLabel { color: #4b5563; }"


class DocumentTextsEditor(QWidget):
    """Chooser of the document, its text, "Restore the default text"; saves by itself."""

    textSaved = Signal(str)  # the kind whose text was saved or restored

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._assessment_id: str | None = None
        self._locked = False
        self._kind: str | None = None
        self._pending = False
        self._loading = False
        self.chooser_label = QLabel(_("&Document:"), self)
        self.chooser = QComboBox(self)
        self.chooser_label.setBuddy(self.chooser)
        for kind, label in dossier_service.editable_documents():
            self.chooser.addItem(label, kind)
        self.restore_button = QPushButton(_("&Restore the default text…"), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.form = DocumentForm(self)
        # A stored text the form cannot show opens here, as it is.
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.form)
        self.pages.addWidget(self.editor)
        top = QWidget(self)
        top_flow = FlowLayout(top)
        top_flow.addWidget(self.chooser_label)
        top_flow.addWidget(self.chooser)
        top_flow.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.pages, 1)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._on_save_timer_timeout)
        self.editor.textChanged.connect(self._on_editor_textChanged)
        self.form.edited.connect(self._on_editor_textChanged)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        self.chooser.currentIndexChanged.connect(self._on_chooser_currentIndexChanged)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)

    # ------------------------------------------------------------------------ public interface
    def set_assessment(self, assessment_id: str, *, locked: bool) -> None:
        self._assessment_id = assessment_id
        self._locked = locked
        self.editor.setReadOnly(locked)
        self.form.set_read_only(locked)
        self._load(self.current_kind())

    def showing_form(self) -> bool:
        """True when the document shows as a form (else as its stored text)."""
        return self.pages.currentWidget() is self.form

    def current_text(self) -> str:
        """The document as it would be saved now."""
        if self.showing_form():
            return format_document_text(self.form.document())
        return self.editor.toPlainText()

    def current_kind(self) -> str:
        return str(self.chooser.currentData())

    def select_kind(self, kind: str) -> bool:
        """Show another document (the current text is saved first); False when it cannot be."""
        index = self.chooser.findData(kind)
        if index < 0:
            return False
        self.chooser.setCurrentIndex(index)
        return self.current_kind() == kind

    def has_unsaved_text(self) -> bool:
        return self._pending

    def flush(self) -> bool:
        """Save what was typed; False (and the reason shown) when the text cannot be used."""
        self._save_timer.stop()
        if not self._pending or self._assessment_id is None or self._kind is None:
            return True
        problem = self.form.problem() if self.showing_form() else ""
        if problem:
            self._show_status(_("Not saved: {reason}").format(reason=problem), error=True)
            return False
        try:
            dossier_service.save_document_text(
                self._ws, self._assessment_id, self._kind, self.current_text()
            )
        except UserError as exc:
            self._show_status(_("Not saved: {reason}").format(reason=exc.message), error=True)
            return False
        self._pending = False
        self._show_saved_state()
        self.textSaved.emit(self._kind)
        return True

    # ------------------------------------------------------------------------------ internals
    def _load(self, kind: str) -> None:
        self._save_timer.stop()
        self._kind = kind
        self._pending = False
        if self._assessment_id is None:
            return
        text = dossier_service.document_text(self._ws, self._assessment_id, kind)
        self._loading = True
        unreadable = ""
        try:
            try:
                self.form.set_document(parse_document_text(kind, text))
                self.pages.setCurrentWidget(self.form)
            except UserError as exc:
                unreadable = exc.message
                self.editor.setPlainText(text)
                self.pages.setCurrentWidget(self.editor)
        finally:
            self._loading = False
        self._show_saved_state()
        if unreadable:
            self._show_status(
                _("This text cannot show as a form: {reason}").format(reason=unreadable),
                error=True,
            )

    def _show_saved_state(self) -> None:
        if self._assessment_id is None or self._kind is None:
            return
        edited = dossier_service.is_edited(self._ws, self._assessment_id, self._kind)
        if self._locked:
            text = _("The assessment is read-only: its texts cannot change.")
        elif edited:
            text = _("Your text (saved). Later changes of results do not change it.")
        else:
            text = _("The default text, filled from the assessment.")
        self._show_status(text, error=False)
        self.restore_button.setEnabled(edited and not self._locked)
        if self._locked:
            self.restore_button.setToolTip(_("The assessment is read-only."))
        elif not edited:
            self.restore_button.setToolTip(_("This document already has its default text."))
        else:
            self.restore_button.setToolTip(
                _("Replace your text by the template filled from the assessment")
            )

    def _show_status(self, text: str, *, error: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)

    def _ask_restore(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Restore the default text"),
            _(
                "Replace your text of “{document}” by the default text? Your text will be lost."
            ).format(document=self.chooser.currentText()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---------------------------------------------------------------------------------- slots
    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Save when the focus leaves the document (for another part of the dialog or window)."""
        if old is not None and self.isAncestorOf(old) and not (new and self.isAncestorOf(new)):
            self.flush()

    def _on_editor_textChanged(self) -> None:
        if self._loading or self._locked:
            return
        self._pending = True
        self._save_timer.start()
        self.restore_button.setEnabled(True)

    def _on_save_timer_timeout(self) -> None:
        self.flush()

    def _on_chooser_currentIndexChanged(self, _index: int) -> None:
        if self._kind is not None and not self.flush():
            # Keep the text that could not be saved in view, with its reason.
            self.chooser.blockSignals(True)
            self.chooser.setCurrentIndex(self.chooser.findData(self._kind))
            self.chooser.blockSignals(False)
            return
        self._load(self.current_kind())

    def _on_restore_button_clicked(self) -> None:
        if self._assessment_id is None or self._kind is None or not self._ask_restore():
            return
        self._save_timer.stop()
        self._pending = False  # the typed text is what the user chose to throw away
        try:
            dossier_service.reset_document_text(self._ws, self._assessment_id, self._kind)
        except UserError as exc:
            self._show_status(exc.message, error=True)
            return
        self._load(self._kind)
        self.textSaved.emit(self._kind)
