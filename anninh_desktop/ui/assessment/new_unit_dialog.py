"""Adding a residential area, agency, enterprise or school under a commune (and registering it)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.periods import period_year_of
from anninh_desktop.domain.units import CHILD_KINDS, UNIT_KIND_LABELS, Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services import assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.units_service import create_child_unit
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.assessment.register_dialog import ERROR_STYLE
from anninh_desktop.ui.screen_fit import keep_on_screen

log = logging.getLogger(__name__)

# The official words for residential areas differ by region; they are data, not program text.
SUBTYPE_SUGGESTIONS: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.RESIDENTIAL_AREA: ("ấp", "thôn", "tổ dân phố", "khu phố", "bản", "buôn"),
}


class NewUnitDialog(QDialog):
    """Kind, name and subtype of a new unit under a commune; optionally registers it at once."""

    unitCreated = Signal(str)
    registered = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        commune_id: str,
        parent: QWidget | None = None,
        *,
        year: int | None = None,
    ) -> None:
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self._commune = workspace.store.units.get(commune_id)
        self._year = year
        self.unit: Unit | None = None
        self.setWindowTitle(_("New unit in {commune}").format(commune=self._commune.display_name))

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_combo = QComboBox(self)
        for kind in CHILD_KINDS:
            self.kind_combo.addItem(_(UNIT_KIND_LABELS[kind]), kind.value)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("e.g. Tân Hưng"))
        self.subtype_combo = QComboBox(self)
        self.subtype_combo.setEditable(True)
        self.subtype_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.register_check = QCheckBox(self)
        form.addRow(_("Under:"), QLabel(self._commune.display_name, self))
        form.addRow(_("&Kind:"), self.kind_combo)
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("Sub&type:"), self.subtype_combo)
        form.addRow("", self.register_check)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Create"))
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_currentIndexChanged)
        self.name_edit.textChanged.connect(self._on_name_edit_textChanged)
        self._on_kind_combo_currentIndexChanged(0)
        self._on_name_edit_textChanged("")
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def kind(self) -> UnitKind:
        return UnitKind(self.kind_combo.currentData())

    def register_set(self) -> CriterionSet | None:
        """The set a new unit of the chosen kind would be registered for (a complete one)."""
        sets = assessment_service.sets_for_kind(self._ws, self.kind(), self._commune.id)
        return next((s for s in sets if s.complete), None)

    def register_year(self, criterion_set: CriterionSet) -> int:
        if self._year is not None:
            return self._year
        return period_year_of(criterion_set.period_rule, self._ws.clock().date())

    def accept(self) -> None:
        """Create the unit (and register it when asked); refusals are shown here."""
        if self.unit is None:
            try:
                self.unit = create_child_unit(
                    self._ws,
                    self._commune.id,
                    self.kind(),
                    self.name_edit.text(),
                    self.subtype_combo.currentText(),
                )
            except UserError as exc:
                self._show_error(exc.message)
                return
            self.unitCreated.emit(self.unit.id)
        s = self.register_set()
        if self.register_check.isChecked() and s is not None:
            try:
                a = assessment_service.register(self._ws, self.unit.id, s, self.register_year(s))
            except UserError as exc:
                # The unit exists now; only the registration is left to do (from the header).
                self._show_error(
                    _("The unit was created but not registered: {reason}").format(
                        reason=exc.message
                    )
                )
                self._freeze()
                return
            self.registered.emit(a.id)
        super().accept()

    def _freeze(self) -> None:
        for widget in (self.kind_combo, self.name_edit, self.subtype_combo, self.register_check):
            widget.setEnabled(False)
        self.ok_button.hide()
        self.cancel_button.setText(_("Close"))

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _on_kind_combo_currentIndexChanged(self, _index: int) -> None:
        self.error_label.hide()
        suggestions = SUBTYPE_SUGGESTIONS.get(self.kind(), ())
        self.subtype_combo.clear()
        self.subtype_combo.addItems(list(suggestions))
        self.subtype_combo.setCurrentIndex(0 if suggestions else -1)
        if not suggestions:
            self.subtype_combo.setEditText("")
        s = self.register_set()
        self.register_check.setVisible(s is not None)
        if s is not None:
            self.register_check.setText(
                _("&Register now for “{set}” ({year})").format(
                    set=s.title, year=self.register_year(s)
                )
            )
            self.register_check.setChecked(True)

    def _on_name_edit_textChanged(self, text: str) -> None:
        self.error_label.hide()
        self.ok_button.setEnabled(bool(text.strip()))
