"""What a verification found, as a person reads it: one card per signature, the overall verdict.

Every sentence comes from `services.signing.verify_texts` (the same words as `anninh dossier
verify`); this view only lays them out and colours them: green for good, red for bad.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_datetime
from anninh_desktop.services.signing.verify import SignatureReport, VerificationReport
from anninh_desktop.services.signing.verify_texts import (
    changes_text,
    integrity_text,
    overall_text,
    role_text,
    trust_text,
    verdict_text,
)

GOOD, BAD = "#15803d", "#b91c1c"
VERDICT_STYLE = (
    "QLabel {{ background: {background}; color: {colour}; border: 1px solid {colour};"
    " border-radius: 4px; padding: 6px 10px; font-weight: bold; }}"
)
GOOD_BACKGROUND, BAD_BACKGROUND = "#ecfdf5", "#fef2f2"


def _label(text: str, parent: QWidget, colour: str | None = None, bold: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    style = []
    if colour:
        style.append(f"color: {colour};")
    if bold:
        style.append("font-weight: bold;")
    if style:
        label.setStyleSheet("QLabel { " + " ".join(style) + " }")
    return label


class SignatureCard(QGroupBox):
    """One signature: who, issued by whom, when, trusted, intact, changed after, verdict."""

    def __init__(self, sig: SignatureReport, number: int, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Signature {number}: {role}").format(number=number, role=role_text(sig)), parent
        )
        self.signature = sig
        when = format_datetime(sig.signing_time) if sig.signing_time else _("unknown")
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        intact = sig.intact and sig.valid and not sig.error
        changes_ok = not sig.changed_after or sig.changes_allowed
        self.lines = [
            _label(_("Signed by: {signer}").format(signer=sig.signer), self, bold=True),
            _label(_("Issued by: {issuer}").format(issuer=sig.issuer), self),
            _label(
                _("Signing time (as the signer's computer stated it): {time}").format(time=when),
                self,
            ),
            _label(trust_text(sig), self, GOOD if sig.trusted else BAD),
            _label(integrity_text(sig), self, GOOD if intact else BAD),
            _label(changes_text(sig), self, GOOD if changes_ok else BAD),
        ]
        self.verdict_label = _label(
            verdict_text(sig), self, GOOD if sig.bottom_line else BAD, bold=True
        )
        for line in [*self.lines, self.verdict_label]:
            layout.addWidget(line)

    def texts(self) -> list[str]:
        return [line.text() for line in [*self.lines, self.verdict_label]]


class VerificationView(QWidget):
    """The whole report: the file, the overall verdict on top, then every signature."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: VerificationReport | None = None
        self.file_label = _label("", self)
        self.overall_label = _label("", self)
        self.overall_label.setObjectName("overall_verdict")
        self.recorded_label = _label("", self)
        self.recorded_label.setStyleSheet("QLabel { color: #4b5563; }")
        self.cards_box = QWidget(self)
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.cards_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.file_label)
        layout.addWidget(self.overall_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.recorded_label)
        self.cards: list[SignatureCard] = []

    def show_report(self, report: VerificationReport) -> None:
        self.report = report
        self.file_label.setText(
            _("File: {path}\nSHA-256: {sha256}").format(path=report.path, sha256=report.sha256)
        )
        ok = report.ok
        self.overall_label.setText(overall_text(report))
        self.overall_label.setStyleSheet(
            VERDICT_STYLE.format(
                colour=GOOD if ok else BAD, background=GOOD_BACKGROUND if ok else BAD_BACKGROUND
            )
        )
        self.overall_label.setProperty("verdict", "good" if ok else "bad")
        while self.cards_layout.count():
            old = self.cards_layout.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        self.cards = [
            SignatureCard(sig, number, self.cards_box)
            for number, sig in enumerate(report.signatures, start=1)
        ]
        for card in self.cards:
            self.cards_layout.addWidget(card)
        self.cards_layout.addStretch(1)
        self.recorded_label.setText(
            _("Checked on {time}; the result is kept with the file's SHA-256.").format(
                time=format_datetime(report.checked_at)
            )
        )

    def verdict_is_good(self) -> bool:
        return self.report is not None and self.report.ok


class VerificationDialog(QDialog):
    """The verification view in its own window, with a Close button."""

    def __init__(self, report: VerificationReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Signatures of {name}").format(name=report.path.name))
        self.view = VerificationView(self)
        self.view.show_report(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
