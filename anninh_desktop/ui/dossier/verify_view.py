"""What a verification found, as a person reads it: one card per signature, the overall verdict.

Every sentence comes from `services.signing.verify_texts` (the same words as `anninh dossier
verify`); this view only lays them out and colours them: green for good, amber for a warning,
red for bad; lines that only describe (who, which certificate, when) keep the normal colour.
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
from anninh_desktop.services.signing.changes import Severity
from anninh_desktop.services.signing.verify import SignatureReport, VerificationReport
from anninh_desktop.services.signing.verify_texts import (
    overall_text,
    signature_lines_with_severity,
    verdict_severity,
)
from anninh_desktop.services.workspace import Workspace

GOOD, WARN, BAD = "#15803d", "#b45309", "#b91c1c"
COLOURS = {Severity.OK: GOOD, Severity.WARNING: WARN, Severity.BAD: BAD}
BACKGROUNDS = {Severity.OK: "#ecfdf5", Severity.WARNING: "#fffbeb", Severity.BAD: "#fef2f2"}
VERDICT_STYLE = (
    "QLabel {{ background: {background}; color: {colour}; border: 1px solid {colour};"
    " border-radius: 4px; padding: 6px 10px; font-weight: bold; }}"
)


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
    """One signature: who (with the certificate's fingerprint and issuer chain), when, trust,
    revocation, integrity, what changed after signing (one coloured line each), the verdict."""

    def __init__(self, sig: SignatureReport, number: int, parent: QWidget | None = None) -> None:
        lines = signature_lines_with_severity(sig, number)
        super().__init__(lines[0][0], parent)
        self.signature = sig
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        self.lines: list[QLabel] = []
        body, verdict = lines[1:-1], lines[-1]
        for index, (text, severity) in enumerate(body):
            # lines that only describe stay in the normal colour; judgements are coloured
            colour = COLOURS[severity] if severity is not None else None
            label = _label(text, self, colour, bold=index == 0)
            label.setProperty("severity", severity.name.lower() if severity else "")
            self.lines.append(label)
        verdict_severity_ = verdict[1] if verdict[1] is not None else Severity.BAD
        self.verdict_label = _label(verdict[0], self, COLOURS[verdict_severity_], bold=True)
        self.verdict_label.setProperty("severity", verdict_severity_.name.lower())
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
        severity = verdict_severity(report.verdict) if report.signatures else Severity.BAD
        self.overall_label.setText(overall_text(report))
        self.overall_label.setStyleSheet(
            VERDICT_STYLE.format(colour=COLOURS[severity], background=BACKGROUNDS[severity])
        )
        self.overall_label.setProperty(
            "verdict",
            {Severity.OK: "good", Severity.WARNING: "warning"}.get(severity, "bad"),
        )
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
    """The verification view in its own window, with Close (and Trust store… when the data
    folder is known: a signature "not trusted" is often a root or a list not imported yet)."""

    def __init__(
        self,
        report: VerificationReport,
        parent: QWidget | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.trust_dialog: QDialog | None = None
        self.setWindowTitle(_("Signatures of {name}").format(name=report.path.name))
        self.view = VerificationView(self)
        self.view.show_report(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        self.trust_button = buttons.addButton(
            _("&Trust store…"), QDialogButtonBox.ButtonRole.HelpRole
        )
        self.trust_button.setVisible(workspace is not None)
        self.trust_button.clicked.connect(self._on_trust_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(700, 620)

    def _on_trust_button_clicked(self) -> None:
        from anninh_desktop.ui.dossier.trust_dialog import TrustDialog

        if self._ws is None:
            return
        if self.trust_dialog is None:
            self.trust_dialog = TrustDialog(self._ws, parent=self)
        self.trust_dialog.open()
