"""Small dialogs of the movement view: a model site, a team, a site's state, an organisation.

Each dialog calls its service on OK; a refusal (UserError) is shown in red inside the dialog, which
stays open with what the user typed, and nothing is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement import (
    MODEL_FIELD_LABELS,
    ORGANISATION_KIND_LABELS,
    SITE_STATE_LABELS,
    STRUCK_OFF_REASON_LABELS,
    Member,
    ModelField,
    ModelType,
    OrganisationKind,
    SiteState,
    StruckOffReason,
)
from anninh_desktop.domain.units import Unit
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

log = logging.getLogger(__name__)
ERROR_STYLE = "QLabel { color: #b91c1c; }"
MAX_COUNT = 1_000_000


class OptionalDate(QWidget):
    """A date that may be left unknown (a check box in front of the date field)."""

    def __init__(self, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(parent)
        self.known = QCheckBox(self)
        self.edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.edit.setDisplayFormat("dd/MM/yyyy")
        self.edit.setCalendarPopup(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.known)
        layout.addWidget(self.edit, 1)
        self.known.toggled.connect(self.edit.setEnabled)
        self.known.setChecked(True)

    def value(self) -> date | None:
        if not self.known.isChecked():
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())


class ServiceDialog(QDialog):
    """OK runs `save()`; a UserError stays in the dialog."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value: Any = None
        self.form = QFormLayout()
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def save(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.save()
        except UserError as exc:
            self.error_label.setText(exc.message)
            self.error_label.show()
            return
        super().accept()


def _combo(parent: QWidget, items: Sequence[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox(parent)
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _count_box(parent: QWidget, value: int = 0) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, MAX_COUNT)
    box.setValue(value)
    return box


class SiteDialog(ServiceDialog):
    """A new model site: model, unit, name, date of establishment."""

    def __init__(
        self,
        types: Sequence[ModelType],
        units: Sequence[Unit],
        save: Callable[[str, str, str, date | None], Any],
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("New model site"), _("&Add"), parent)
        self._save = save
        self.type_combo = _combo(self, [(t.name, t.id) for t in types])
        self.unit_combo = _combo(self, [(u.display_name, u.id) for u in units])
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("e.g. Camera an ninh ấp Tân Hưng"))
        self.established = OptionalDate(self, today=today)
        self.form.addRow(_("&Model:"), self.type_combo)
        self.form.addRow(_("&Unit:"), self.unit_combo)
        self.form.addRow(_("&Name:"), self.name_edit)
        self.form.addRow(_("&Established on:"), self.established)
        self.type_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.unit_combo.currentIndexChanged.connect(self._on_choice_changed)
        self._suggested = ""
        self._on_choice_changed()

    def _on_choice_changed(self, _index: int = 0) -> None:
        """Suggest "<model> <unit>" until the user types a name of their own."""
        suggestion = f"{self.type_combo.currentText()} {self.unit_combo.currentText()}".strip()
        if self.name_edit.text() in ("", self._suggested):
            self.name_edit.setText(suggestion)
        self._suggested = suggestion

    def save(self) -> Any:
        return self._save(
            self.type_combo.currentData(),
            self.unit_combo.currentData(),
            self.name_edit.text(),
            self.established.value(),
        )


def parse_members(text: str) -> list[Member]:
    """One member a line, "Name - role" (the role is optional)."""
    members = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for separator in (" - ", " – ", ":", ","):
            if separator in line:
                name, role = line.split(separator, 1)
                break
        else:
            name, role = line, ""
        members.append(Member(name.strip(), role.strip()))
    return members


class TeamDialog(ServiceDialog):
    """A team of a site: name, number of members, optionally their names and roles."""

    def __init__(
        self,
        save: Callable[[str, int, list[Member], date | None], Any],
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("New team"), _("&Add"), parent)
        self._save = save
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("e.g. Tổ số 1"))
        self.count = _count_box(self)
        self.members_edit = QPlainTextEdit(self)
        self.members_edit.setPlaceholderText(_("One member a line: Nguyễn Văn Tư - Tổ trưởng"))
        self.established = OptionalDate(self, today=today)
        self.established.known.setChecked(False)
        self.form.addRow(_("&Name:"), self.name_edit)
        self.form.addRow(_("Number of &members:"), self.count)
        self.form.addRow(_("Members (optional):"), self.members_edit)
        self.form.addRow(_("&Established on:"), self.established)
        self.members_edit.textChanged.connect(self._on_members_edit_text_changed)

    def _on_members_edit_text_changed(self) -> None:
        named = len(parse_members(self.members_edit.toPlainText()))
        if self.count.value() < named:
            self.count.setValue(named)

    def save(self) -> Any:
        return self._save(
            self.name_edit.text(),
            self.count.value(),
            parse_members(self.members_edit.toPlainText()),
            self.established.value(),
        )


class StateDialog(ServiceDialog):
    """Consolidate a site, make it active again, or strike it off with a reason."""

    def __init__(
        self,
        current: SiteState,
        save: Callable[[SiteState, date, StruckOffReason | None, str], Any],
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Change the site's state"), _("&Change"), parent)
        self._save = save
        self.state_combo = _combo(
            self, [(_(SITE_STATE_LABELS[s]), s.value) for s in SiteState if s is not current]
        )
        self.on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.on.setDisplayFormat("dd/MM/yyyy")
        self.on.setCalendarPopup(True)
        self.reason_combo = _combo(
            self, [(_(STRUCK_OFF_REASON_LABELS[r]), r.value) for r in StruckOffReason]
        )
        self.note_edit = QLineEdit(self)
        self.form.addRow(_("New &state:"), self.state_combo)
        self.form.addRow(_("&On:"), self.on)
        self.form.addRow(_("&Reason:"), self.reason_combo)
        self.form.addRow(_("N&ote:"), self.note_edit)
        self.state_combo.currentIndexChanged.connect(self._on_state_combo_current_index_changed)
        self._on_state_combo_current_index_changed()

    def _on_state_combo_current_index_changed(self, _index: int = 0) -> None:
        struck = self.state_combo.currentData() == SiteState.STRUCK_OFF.value
        self.reason_combo.setEnabled(struck)

    def save(self) -> Any:
        state = SiteState(self.state_combo.currentData())
        q = self.on.date()
        reason = (
            StruckOffReason(self.reason_combo.currentData())
            if state is SiteState.STRUCK_OFF
            else None
        )
        return self._save(state, date(q.year(), q.month(), q.day()), reason, self.note_edit.text())


class OrganisationDialog(ServiceDialog):
    """A mass organisation of a unit."""

    def __init__(
        self,
        units: Sequence[Unit],
        save: Callable[[str, OrganisationKind, str, int, date | None], Any],
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("New mass organisation"), _("&Add"), parent)
        self._save = save
        self.unit_combo = _combo(self, [(u.display_name, u.id) for u in units])
        self.kind_combo = _combo(
            self, [(_(ORGANISATION_KIND_LABELS[k]), k.value) for k in OrganisationKind]
        )
        self.name_edit = QLineEdit(self)
        self.members = _count_box(self)
        self.established = OptionalDate(self, today=today)
        self.established.known.setChecked(False)
        self.form.addRow(_("&Unit:"), self.unit_combo)
        self.form.addRow(_("&Kind:"), self.kind_combo)
        self.form.addRow(_("&Name:"), self.name_edit)
        self.form.addRow(_("Number of &members:"), self.members)
        self.form.addRow(_("&Established on:"), self.established)

    def save(self) -> Any:
        return self._save(
            self.unit_combo.currentData(),
            OrganisationKind(self.kind_combo.currentData()),
            self.name_edit.text(),
            self.members.value(),
            self.established.value(),
        )


class ModelTypeDialog(ServiceDialog):
    """A model of the catalogue, defined by this office."""

    def __init__(
        self, save: Callable[[str, ModelField, str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(_("New model"), _("&Add"), parent)
        self._save = save
        self.name_edit = QLineEdit(self)
        self.field_combo = _combo(self, [(_(MODEL_FIELD_LABELS[f]), f.value) for f in ModelField])
        self.basis_edit = QLineEdit(self)
        self.basis_edit.setPlaceholderText(_("the document the model rests on (optional)"))
        self.form.addRow(_("&Name:"), self.name_edit)
        self.form.addRow(_("&Field:"), self.field_combo)
        self.form.addRow(_("&Basis:"), self.basis_edit)

    def save(self) -> Any:
        return self._save(
            self.name_edit.text(),
            ModelField(self.field_combo.currentData()),
            self.basis_edit.text(),
        )
