"""For the dossier's evidence check: the linked evidence whose file the check on arrival found
wanting (encrypted, cut short, damaged…), each with what it means and what to do. Hidden when
there is none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.dossier import EvidenceFileWarning
from anninh_desktop.services.evidence_import_report import criteria_text
from anninh_desktop.services.evidence_warnings import warning_text
from anninh_desktop.ui.evidence.preview import WARNING_STYLE


class EvidenceFileWarningsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(WARNING_STYLE)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.warnings: list[EvidenceFileWarning] = []
        self.hide()

    def show_warnings(self, warnings: list[EvidenceFileWarning]) -> None:
        self.warnings = list(warnings)
        if not warnings:
            self.label.clear()
            self.hide()
            return
        heading = ngettext(
            "{count} evidence file cannot be shown in the dossier: it gets a page saying so, with "
            "the file attached.",
            "{count} evidence files cannot be shown in the dossier: each gets a page saying so, "
            "with the file attached.",
            len(warnings),
        ).format(count=len(warnings))
        lines = [heading]
        for warning in warnings:
            lines.append(
                _("{code} “{title}” ({criteria}; {file}): {explanation}").format(
                    code=warning.code,
                    title=warning.title,
                    criteria=criteria_text(warning.refs),
                    file=warning.filename,
                    explanation=warning_text(warning.check),
                )
            )
        self.label.setText("\n\n".join(lines))
        self.show()

    def codes(self) -> list[str]:
        return [warning.code for warning in self.warnings]
