"""Layout of the assessment header; the controller (header.py) fills it. Children are public."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _

CHIP_STYLE = (
    "QLabel {{ background: {colour}; color: white; border-radius: 9px; padding: 2px 10px; }}"
)
BANNER_STYLE = (
    "QLabel {{ background: {background}; color: {colour}; border: 1px solid {colour};"
    " border-radius: 4px; padding: 4px 8px; }}"
)
REASONS_STYLE = "QLabel { color: #9a3412; }"
OVERDUE_STYLE = "QLabel { color: #b91c1c; font-weight: bold; }"


def _selectable(label: QLabel) -> QLabel:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class HeaderView(QWidget):
    """Unit line with chooser and unit actions; set, legal basis, period, state, progress, deadline;
    the read-only banner; the empty state; the transition buttons and their refusal reasons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)

        # unit line ------------------------------------------------------------------------
        top = QHBoxLayout()
        self.unit_label = _selectable(QLabel(self))
        font = QFont(self.unit_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.unit_label.setFont(font)
        self.unit_label.setWordWrap(True)
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.chooser_label = QLabel(_("&Assessment:"), self)
        self.chooser = QComboBox(self)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chooser_label.setBuddy(self.chooser)
        self.register_button = QPushButton(_("Re&gister…"), self)
        self.register_button.setToolTip(_("Register this unit for a criterion set and period"))
        self.new_unit_button = QPushButton(_("New &unit…"), self)
        self.new_unit_button.setToolTip(
            _("Add a residential area, agency, enterprise or school under this commune")
        )
        top.addWidget(self.unit_label, 1)
        top.addWidget(self.chooser_label)
        top.addWidget(self.chooser)
        top.addWidget(self.register_button)
        top.addWidget(self.new_unit_button)
        outer.addLayout(top)

        # the assessment ---------------------------------------------------------------------
        self.details = QWidget(self)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.setSpacing(3)
        self.set_label = _selectable(QLabel(self.details))
        self.set_label.setWordWrap(True)
        self.legal_label = _selectable(QLabel(self.details))
        self.legal_label.setWordWrap(True)
        self.legal_label.setStyleSheet("QLabel { color: #4b5563; }")
        details.addWidget(self.set_label)
        details.addWidget(self.legal_label)

        status = QHBoxLayout()
        status.setSpacing(12)
        self.period_label = _selectable(QLabel(self.details))
        self.state_chip = QLabel(self.details)
        self.state_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress_bar = QProgressBar(self.details)
        self.progress_bar.setMinimumWidth(160)
        self.progress_bar.setMaximumWidth(260)
        self.progress_bar.setTextVisible(True)
        self.assessed_label = QLabel(self.details)
        self.deadline_label = _selectable(QLabel(self.details))
        status.addWidget(self.period_label)
        status.addWidget(self.state_chip)
        status.addWidget(self.progress_bar)
        status.addWidget(self.assessed_label)
        status.addStretch(1)
        details.addLayout(status)
        self.deadline_label.setWordWrap(True)
        details.addWidget(self.deadline_label)

        self.banner = QLabel(self.details)
        self.banner.setWordWrap(True)
        details.addWidget(self.banner)

        actions = QHBoxLayout()
        self.actions_box = QWidget(self.details)
        self.actions_layout = QHBoxLayout(self.actions_box)
        self.actions_layout.setContentsMargins(0, 0, 0, 0)
        self.actions_box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.reasons_label = _selectable(QLabel(self.details))
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setStyleSheet(REASONS_STYLE)
        self.reasons_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.dossier_button = QPushButton(_("&Dossier…"), self.details)
        self.dossier_button.setObjectName("dossier_button")
        self.dossier_button.setToolTip(
            _("Build, preview, sign and verify this assessment's dossier")
        )
        actions.addWidget(self.actions_box)
        actions.addWidget(self.reasons_label, 1)
        actions.addStretch(0)
        actions.addWidget(self.dossier_button)
        details.addLayout(actions)
        outer.addWidget(self.details)

        # no assessment for the year -------------------------------------------------------------
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        outer.addWidget(self.empty_label)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)
