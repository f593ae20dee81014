"""Layout of the assessment header; the controller (header.py) fills it. Children are public.

Every row is a flow: in a narrow window a button moves to the next line instead of being pushed
out of sight, and a long name or title ends with "…" and reads whole in its tooltip. In a short
window (`set_compact`) the legal basis moves into the set's tooltip, so the checklist keeps the
height.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _
from anninh_desktop.ui.elided_label import ElidedLabel
from anninh_desktop.ui.flow_layout import FlowLayout

CHIP_STYLE = (
    "QLabel {{ background: {colour}; color: white; border-radius: 9px; padding: 2px 10px; }}"
)
BANNER_STYLE = (
    "QLabel {{ background: {background}; color: {colour}; border: 1px solid {colour};"
    " border-radius: 4px; padding: 4px 8px; }}"
)
REASONS_STYLE = "QLabel { color: #9a3412; }"
OVERDUE_STYLE = "QLabel { color: #b91c1c; font-weight: bold; }"
CHOOSER_CHARS = 24  # the assessment chooser shows this much of "2026 · <set title> (v1)"


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class WrappingLabel(QLabel):
    """A word-wrapped label whose one-line size hint is its text's width (a flow gives it the
    line when it fits, and the height its lines need when it does not)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self):
        hint = super().sizeHint()
        lines = self.text().splitlines() or [""]
        width = max(self.fontMetrics().horizontalAdvance(line) for line in lines)
        m = self.contentsMargins()
        hint.setWidth(width + m.left() + m.right() + 2)
        return hint


class HeaderView(QWidget):
    """Unit line with chooser and unit actions; set, legal basis, period, state, progress, deadline;
    the read-only banner; the empty state; the transition buttons and their refusal reasons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        outer.setSpacing(3)

        # unit line ------------------------------------------------------------------------
        top = QWidget(self)
        top_flow = FlowLayout(top)
        self.unit_label = ElidedLabel("", top, min_chars=14)
        font = QFont(self.unit_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.unit_label.setFont(font)
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.chooser_label = QLabel(_("&Assessment:"), top)
        self.chooser = QComboBox(top)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(CHOOSER_CHARS)
        self.chooser_label.setBuddy(self.chooser)
        self.register_button = QPushButton(_("Re&gister…"), top)
        self.register_button.setToolTip(_("Register this unit for a criterion set and period"))
        self.new_unit_button = QPushButton(_("New &unit…"), top)
        self.new_unit_button.setToolTip(
            _("Add a residential area, agency, enterprise or school under this commune")
        )
        for widget in (
            self.unit_label,
            self.chooser_label,
            self.chooser,
            self.register_button,
            self.new_unit_button,
        ):
            top_flow.addWidget(widget)
        outer.addWidget(top)

        # the assessment ---------------------------------------------------------------------
        self.details = QWidget(self)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(3)
        self.set_label = ElidedLabel("", self.details, min_chars=20)
        self.legal_label = _selectable(QLabel(self.details))
        self.legal_label.setWordWrap(True)
        self.legal_label.setStyleSheet("QLabel { color: #4b5563; }")
        details.addWidget(self.set_label)
        details.addWidget(self.legal_label)

        status_box = QWidget(self.details)
        status = FlowLayout(status_box, spacing=12)
        self.period_label = _selectable(QLabel(status_box))
        self.state_chip = QLabel(status_box)
        self.state_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress_bar = QProgressBar(status_box)
        self.progress_bar.setFixedWidth(180)
        self.progress_bar.setTextVisible(True)
        self.assessed_label = QLabel(status_box)
        self.deadline_label = ElidedLabel("", status_box, min_chars=18)
        for widget in (
            self.state_chip,
            self.progress_bar,
            self.assessed_label,
            self.period_label,
            self.deadline_label,
        ):
            status.addWidget(widget)
        details.addWidget(status_box)

        self.banner = QLabel(self.details)
        self.banner.setWordWrap(True)
        details.addWidget(self.banner)
        # While the unit corrects a returned assessment: what the appraising office asked.
        self.return_banner = _selectable(QLabel(self.details))
        self.return_banner.setWordWrap(True)
        self.return_banner.setStyleSheet(
            BANNER_STYLE.format(colour="#c2410c", background="#fff7ed")
        )
        self.return_banner.hide()
        details.addWidget(self.return_banner)

        actions = QWidget(self.details)
        self.actions_flow = FlowLayout(actions)
        self.actions_box = QWidget(actions)
        self.actions_layout = FlowLayout(self.actions_box)
        self.dossier_button = QPushButton(_("&Dossier…"), actions)
        self.dossier_button.setObjectName("dossier_button")
        self.dossier_button.setToolTip(
            _("Build, preview, sign and verify this assessment's dossier")
        )
        self.missing_button = QPushButton(_("What is still &missing…"), actions)
        self.missing_button.setObjectName("missing_button")
        self.missing_button.setToolTip(_("Unmet criteria, missing evidence, plans and due dates"))
        self.reasons_label = _selectable(WrappingLabel(actions))
        self.reasons_label.setStyleSheet(REASONS_STYLE)
        # In a short window the reasons take what is left of the buttons' line (whole in the
        # tooltip, and each disabled button's tooltip says its own).
        self.reasons_short = ElidedLabel("", actions, min_chars=16)
        self.reasons_short.setStyleSheet(REASONS_STYLE)
        self.reasons_short.hide()
        self.actions_flow.addWidget(self.actions_box)
        self.actions_flow.addWidget(self.dossier_button)
        self.actions_flow.addWidget(self.missing_button)
        self.actions_flow.addWidget(self.reasons_label)
        self.actions_flow.addWidget(self.reasons_short)
        details.addWidget(actions)
        outer.addWidget(self.details)

        # no assessment for the year -------------------------------------------------------------
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        outer.addWidget(self.empty_label)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
        self._show_reasons()

    def set_compact(self, compact: bool) -> None:
        """For a short window: the legal basis moves into the set's tooltip, the refusal reasons
        and the deadline take one line each."""
        if compact == self.compact:
            return
        self.compact = compact
        self.legal_label.setVisible(not compact and bool(self.legal_label.text()))
        self._show_reasons()
        self.updateGeometry()

    def set_legal_basis(self, text: str) -> None:
        self.legal_label.setText(text)
        self.legal_label.setVisible(bool(text) and not self.compact)
        self.set_label.setToolTip(text)

    def set_reasons(self, lines: list[str]) -> None:
        """Why the steps shown are not possible yet, one line each."""
        self.reasons_label.setText("\n".join(lines))
        self.reasons_short.setText("; ".join(lines))
        self._show_reasons()

    def _show_reasons(self) -> None:
        text = self.reasons_label.text()
        self.reasons_label.setVisible(bool(text) and not self.compact)
        self.reasons_short.setVisible(bool(text) and self.compact)
