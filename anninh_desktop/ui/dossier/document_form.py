"""A dossier document as a form: its title and subject, addressees, the body as headings and
paragraphs, the signers (title lines and name) and the recipients.

Nothing here asks the user to know the stored format: headings are bold paragraphs (the "Heading"
button), each paragraph is one paragraph, each signer has a box, each recipient a line. The form
reads a text with `services.dossier.parse_document_text` and gives it back with
`format_document_text`, so what is saved is the same text format as the templates.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.texts import DocumentText, Signer
from anninh_desktop.ui.flow_layout import FlowLayout

HEADING = 1  # QTextBlock user state of a heading paragraph
BLANK_NAME = "……………………………"  # printed where a name is written by hand
DASH = "- "


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(nfc(line.strip()) for line in edit.toPlainText().split("\n") if line.strip())


def _small_text(parent: QWidget, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class BodyEditor(QTextEdit):
    """The body: one paragraph per block; headings are bold blocks (user state HEADING)."""

    headingChanged = Signal(bool)  # the paragraph under the cursor is (not) a heading

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)  # pasted text arrives as plain paragraphs
        self.setTabChangesFocus(True)
        self._styling = False
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_position_changed)

    def set_paragraphs(self, lines: tuple[str, ...]) -> None:
        """Show the body lines: "**…**" lines become headings."""
        self._styling = True
        try:
            self.clear()
            cursor = QTextCursor(self.document())
            for number, line in enumerate(lines):
                if number:
                    cursor.insertBlock()
                heading = len(line) > 4 and line.startswith("**") and line.endswith("**")
                cursor.insertText(line[2:-2] if heading else line)
                cursor.block().setUserState(HEADING if heading else -1)
        finally:
            self._styling = False
        self._restyle()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def paragraphs(self) -> tuple[str, ...]:
        """The body lines in the stored format (headings between "**")."""
        out = []
        block = self.document().begin()
        while block.isValid():
            text = nfc(" ".join(block.text().split()))  # a soft line break is a space
            if text:
                out.append(f"**{text}**" if block.userState() == HEADING else text)
            block = block.next()
        return tuple(out)

    def is_heading(self) -> bool:
        return self.textCursor().block().userState() == HEADING

    def set_heading(self, heading: bool) -> None:
        """Make the paragraph under the cursor a heading, or a plain paragraph again."""
        self.textCursor().block().setUserState(HEADING if heading else -1)
        self._restyle()  # a format change: saved like any other change
        self.headingChanged.emit(heading)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter at the start of a heading opens a plain paragraph above it, the heading stays."""
        cursor = self.textCursor()
        heading_start = (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and cursor.block().userState() == HEADING
            and cursor.positionInBlock() == 0
            and not cursor.hasSelection()
        )
        super().keyPressEvent(event)
        if heading_start:
            current = self.textCursor().block()
            current.previous().setUserState(-1)
            current.setUserState(HEADING)
            self._restyle()

    def _restyle(self) -> None:
        """Headings bold, paragraphs plain, whatever the cursor's format carried over."""
        self._styling = True
        try:
            bold, plain = QTextCharFormat(), QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            plain.setFontWeight(QFont.Weight.Normal)
            block = self.document().begin()
            while block.isValid():
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                heading = block.userState() == HEADING
                cursor.mergeCharFormat(bold if heading else plain)
                spacing = QTextBlockFormat()
                spacing.setTopMargin(8 if heading else 2)
                spacing.setBottomMargin(2)
                cursor.mergeBlockFormat(spacing)
                block = block.next()
        finally:
            self._styling = False

    def _on_contents_change(self, _position: int, _removed: int, added: int) -> None:
        if not self._styling and added:
            self._restyle()  # a new paragraph after a heading is a plain paragraph

    def _on_cursor_position_changed(self) -> None:
        self.headingChanged.emit(self.is_heading())


class SignerBox(QFrame):
    """One signer: the title lines above the signature (e.g. "KT. TRƯỞNG CÔNG AN"), the name."""

    removeRequested = Signal(object)

    def __init__(self, signer: Signer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.titles = _small_text(self, 2)
        self.titles.setPlaceholderText(_("e.g. KT. TRƯỞNG CÔNG AN, then PHÓ TRƯỞNG CÔNG AN"))
        self.titles.setPlainText("\n".join(signer.titles))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("Full name (left empty: a dotted line to write it by hand)"))
        name = " ".join(signer.name)
        self.name.setText("" if set(name) <= set("….· ") else name)
        self.remove_button = QToolButton(self)
        self.remove_button.setText(_("Remove"))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Title, one line each:"), self.titles)
        form.addRow(_("Name:"), self.name)
        form.addRow("", self.remove_button)

    def signer(self) -> Signer:
        name = nfc(self.name.text().strip())
        return Signer(titles=_lines(self.titles), name=(name or BLANK_NAME,))


class DocumentForm(QWidget):
    """The parts of one document; `edited` after every change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind = ""
        self._loading = False
        self._read_only = False
        self.signer_boxes: list[SignerBox] = []

        self.kind_edit = QLineEdit(self)
        self.kind_edit.setPlaceholderText(_("e.g. BÁO CÁO"))
        self.subject_edit = _small_text(self, 2)
        self.subject_edit.setPlaceholderText(_("What the document is about"))
        self.recipient_label = QLabel(_("To:"), self)
        self.recipient_edit = _small_text(self, 2)
        self.recipient_edit.setPlaceholderText(_("One addressee a line"))
        self.heading_button = QToolButton(self)
        self.heading_button.setText(_("&Heading"))
        self.heading_button.setCheckable(True)
        self.heading_button.setToolTip(_("Make this paragraph a heading (bold), or a paragraph"))
        self.body = BodyEditor(self)
        self.body.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.signers_box = QGroupBox(_("Signers"), self)
        self.signers_layout = QVBoxLayout(self.signers_box)
        self.add_signer_button = QPushButton(_("Add a signer"), self.signers_box)
        self.signers_layout.addWidget(self.add_signer_button)
        self.distribution_edit = _small_text(self, 3)
        self.distribution_edit.setPlaceholderText(_("One recipient a line, e.g. Lưu: VT"))

        content = QWidget(self)
        form = QFormLayout(content)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Document:"), self.kind_edit)
        form.addRow(_("Subject:"), self.subject_edit)
        form.addRow(self.recipient_label, self.recipient_edit)
        body_head = QWidget(content)
        body_row = FlowLayout(body_head)
        body_row.addWidget(QLabel(_("Text: one paragraph a line."), body_head))
        body_row.addWidget(self.heading_button)
        form.addRow(body_head)
        form.addRow(self.body)
        form.addRow(self.signers_box)
        form.addRow(_("Recipients:"), self.distribution_edit)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        for edit in (self.kind_edit,):
            edit.textEdited.connect(self._changed)
        for plain in (self.subject_edit, self.recipient_edit, self.distribution_edit):
            plain.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.body.headingChanged.connect(self._on_body_headingChanged)
        self.heading_button.clicked.connect(self.body.set_heading)
        self.add_signer_button.clicked.connect(self._on_add_signer_clicked)

    # ------------------------------------------------------------------------ the document
    def set_document(self, doc: DocumentText) -> None:
        """Show a document's parts (the form emits nothing while it loads)."""
        self._loading = True
        try:
            self._kind = doc.kind
            self.kind_edit.setText(doc.title[0] if doc.title else "")
            self.subject_edit.setPlainText("\n".join(doc.title[1:]))
            has_recipient = bool(doc.recipient) or doc.kind == "TTr"
            self.recipient_label.setVisible(has_recipient)
            self.recipient_edit.setVisible(has_recipient)
            self.recipient_edit.setPlainText("\n".join(doc.recipient))
            self.body.set_paragraphs(doc.body)
            for box in list(self.signer_boxes):
                self._remove_signer(box)
            for signer in doc.signers:
                self._add_signer(signer)
            self.distribution_edit.setPlainText(
                "\n".join(line.removeprefix("-").strip() for line in doc.distribution)
            )
        finally:
            self._loading = False
        self.set_read_only(self._read_only)

    def document(self) -> DocumentText:
        """The parts as the form shows them now."""
        title = tuple(t for t in (nfc(self.kind_edit.text().strip()),) if t)
        return DocumentText(
            kind=self._kind,
            title=title + _lines(self.subject_edit),
            recipient=_lines(self.recipient_edit),
            body=self.body.paragraphs(),
            signers=tuple(box.signer() for box in self.signer_boxes),
            distribution=tuple(DASH + line for line in _lines(self.distribution_edit)),
        )

    def problem(self) -> str:
        """What the document lacks before it can be saved, in the form's words ("" when none)."""
        doc = self.document()
        if not doc.title:
            return _("Give the document's name (e.g. BÁO CÁO).")
        if not doc.body:
            return _("The document needs a text.")
        if self._kind == "TTr" and not doc.signers:
            return _("A request needs at least one signer.")
        if any(not s.titles for s in doc.signers):
            return _("Give each signer's title (e.g. TRƯỞNG CÔNG AN).")
        return ""

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in (self.kind_edit,):
            edit.setReadOnly(read_only)
        for plain in (self.subject_edit, self.recipient_edit, self.distribution_edit):
            plain.setReadOnly(read_only)
        self.body.setReadOnly(read_only)
        self.heading_button.setEnabled(not read_only)
        self.add_signer_button.setEnabled(not read_only)
        for box in self.signer_boxes:
            box.titles.setReadOnly(read_only)
            box.name.setReadOnly(read_only)
            box.remove_button.setEnabled(not read_only)

    # ------------------------------------------------------------------------ signers
    def _add_signer(self, signer: Signer) -> SignerBox:
        box = SignerBox(signer, self.signers_box)
        box.removeRequested.connect(self._on_signer_removeRequested)
        box.titles.textChanged.connect(self._changed)
        box.name.textEdited.connect(self._changed)
        self.signers_layout.insertWidget(self.signers_layout.count() - 1, box)
        self.signer_boxes.append(box)
        return box

    def _remove_signer(self, box: SignerBox) -> None:
        self.signer_boxes.remove(box)
        box.hide()
        box.deleteLater()

    # ------------------------------------------------------------------------ slots
    def _changed(self) -> None:
        if not self._loading and not self._read_only:
            self.edited.emit()

    def _on_body_headingChanged(self, heading: bool) -> None:
        with QSignalBlocker(self.heading_button):
            self.heading_button.setChecked(heading)

    def _on_add_signer_clicked(self) -> None:
        box = self._add_signer(Signer(titles=(), name=()))
        box.titles.setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def _on_signer_removeRequested(self, box: SignerBox) -> None:
        self._remove_signer(box)
        self._changed()
