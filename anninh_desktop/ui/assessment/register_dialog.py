"""Registering a unit for a criterion set and period year."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import Assessment
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.periods import period_bounds, period_year_of
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.screen_fit import keep_on_screen

ERROR_STYLE = "QLabel { color: #b91c1c; }"


def set_choice_text(criterion_set: CriterionSet) -> str:
    """ "Khu dân cư … (v1)", marked when the set's text is incomplete."""
    text = criterion_set.label
    if not criterion_set.complete:
        text = _("{set} — incomplete").format(set=text)
    return text


def period_text(criterion_set: CriterionSet, year: int) -> str:
    start, end = period_bounds(criterion_set.period_rule, year)
    return _("{start} – {end}").format(start=format_date(start), end=format_date(end))


class RegisterDialog(QDialog):
    """Choose a set (latest versions for the unit's kind) and a year; OK registers the unit."""

    registered = Signal(str)  # the new assessment's id

    def __init__(
        self,
        workspace: Workspace,
        unit_id: str,
        year: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self._unit = workspace.store.units.get(unit_id)
        self._sets = assessment_service.registrable_sets(workspace, unit_id)
        self.assessment: Assessment | None = None
        self.setWindowTitle(_("Register {unit}").format(unit=self._unit.display_name))

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.set_combo = QComboBox(self)
        for s in self._sets:
            self.set_combo.addItem(set_choice_text(s), s.id)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.period_label = QLabel(self)
        self.legal_label = QLabel(self)
        self.legal_label.setWordWrap(True)
        form.addRow(_("Unit:"), QLabel(self._unit.display_name, self))
        form.addRow(_("Criterion &set:"), self.set_combo)
        form.addRow("", self.legal_label)
        form.addRow(_("Period &year:"), self.year_spin)
        form.addRow(_("Period:"), self.period_label)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Register"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if self._sets:
            today = workspace.clock().date()
            self.year_spin.setValue(
                year if year is not None else period_year_of(self._sets[0].period_rule, today)
            )
        else:
            self.year_spin.setValue(year or workspace.clock().year)
            self._show_error(_("No criterion set applies to units of this kind; import one first."))
            self.ok_button.setEnabled(False)
        self.set_combo.currentIndexChanged.connect(self._on_set_combo_currentIndexChanged)
        self.year_spin.valueChanged.connect(self._on_year_spin_valueChanged)
        self._update_period()
        self.set_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_set(self) -> CriterionSet | None:
        index = self.set_combo.currentIndex()
        return self._sets[index] if 0 <= index < len(self._sets) else None

    def accept(self) -> None:
        """Register; a refusal (already registered, wrong kind) is shown here and the dialog stays."""
        s = self.selected_set()
        if s is None:
            return
        try:
            self.assessment = assessment_service.register(
                self._ws, self._unit.id, s, self.year_spin.value()
            )
        except UserError as exc:
            self._show_error(exc.message)
            return
        self.registered.emit(self.assessment.id)
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _update_period(self) -> None:
        s = self.selected_set()
        if s is None:
            self.period_label.clear()
            self.legal_label.clear()
            return
        self.period_label.setText(period_text(s, self.year_spin.value()))
        self.legal_label.setText(", ".join(b.document for b in s.legal_basis))

    def _on_set_combo_currentIndexChanged(self, _index: int) -> None:
        self.error_label.hide()
        self._update_period()

    def _on_year_spin_valueChanged(self, _value: int) -> None:
        self.error_label.hide()
        self._update_period()
