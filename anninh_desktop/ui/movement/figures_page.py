"""The "Figures of the period" page: the office's sheet as a form.

Entered fields are spin boxes (a yes/no field a choice), "—" meaning not entered; beside each, the
same period a year before and, for compared fields, the change, computed as the user types.
Computed fields are shown read-only with their value from the program's data. Save writes every
changed value in one step (services/movement/figures.set_figures); Revert shows the stored ones.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.movement_figures import Change
from anninh_desktop.domain.movement_form import EntryKind, FormField
from anninh_desktop.i18n import _
from anninh_desktop.services.movement import figures, numbers
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.movement.table_model import shown_label
from anninh_desktop.ui.movement.work import MovementData
from anninh_desktop.ui.tasks import describe_error

log = logging.getLogger(__name__)
NOT_ENTERED = -1
MAX_VALUE = 100_000_000


class FieldEditor(QWidget):
    """One entered field: its editor, last year's value and the change."""

    edited = Signal()

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.previous: int | None = None
        if field.entry is EntryKind.FLAG:
            self.editor: QComboBox | QSpinBox = QComboBox(self)
            self.editor.addItem("—", None)
            self.editor.addItem(_("Yes"), 1)
            self.editor.addItem(_("No"), 0)
            self.editor.currentIndexChanged.connect(self._on_editor_changed)
        else:
            self.editor = QSpinBox(self)
            self.editor.setRange(NOT_ENTERED, MAX_VALUE)
            self.editor.setSpecialValueText("—")
            self.editor.setGroupSeparatorShown(True)
            self.editor.valueChanged.connect(self._on_editor_changed)
        self.editor.setAccessibleName(field.label)
        self.unit_label = QLabel(field.measure, self)
        self.previous_label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.previous_label, 1)

    def value(self) -> int | None:
        if isinstance(self.editor, QComboBox):
            return self.editor.currentData()
        value = self.editor.value()
        return None if value == NOT_ENTERED else value

    def set_value(self, value: int | None, previous: int | None) -> None:
        self.previous = previous
        self.editor.blockSignals(True)
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(value), 0))
        else:
            self.editor.setValue(NOT_ENTERED if value is None else value)
        self.editor.blockSignals(False)
        self._show_previous()

    def _show_previous(self) -> None:
        if self.previous is None:
            self.previous_label.setText(
                _("same period a year before: —") if self.field.compare else ""
            )
            return
        text = _("same period a year before: {value}").format(
            value=numbers.count_text(self.previous)
        )
        value = self.value()
        if self.field.compare and value is not None:
            change = Change(value, self.previous)
            text += f" ({numbers.difference_text(change)}, {numbers.relative_text(change)})"
        self.previous_label.setText(text)

    def _on_editor_changed(self, _value: object = None) -> None:
        self._show_previous()
        self.edited.emit()


class FiguresPage(QWidget):
    saved = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._data: MovementData | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.computed_labels: dict[str, QLabel] = {}
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("&Save the figures"), self)
        self.revert_button = QPushButton(_("Revert"), self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self._set_dirty(False)

    def show_data(self, data: MovementData) -> None:
        self._data = data
        self.editors.clear()
        self.computed_labels.clear()
        self.message.clear()
        sheet = data.sheet
        if sheet is None:
            self.heading.setText(
                _("Figures are entered by a commune or a province; choose one on the left.")
            )
            self.scroll.setWidget(QWidget())
            self._set_dirty(False)
            self.save_button.setEnabled(False)
            return
        self.heading.setText(
            _("{unit}, period {start} – {end}; form: {form}").format(
                unit=data.scope.display_name,
                start=sheet.start.strftime("%d/%m/%Y"),
                end=sheet.end.strftime("%d/%m/%Y"),
                form=sheet.form.label,
            )
        )
        previous = data.previous.values if data.previous else {}
        figures_by_key = {f.field.key: f for f in data.rollup.figures}
        body = QWidget()
        column = QVBoxLayout(body)
        for group in sheet.form.groups:
            title = shown_label(group.title, group.title_en)
            box = QGroupBox(f"{group.number}. {title}" if group.number else title, body)
            form = QFormLayout(box)
            for f in group.fields:
                label = QLabel(shown_label(f.label, f.label_en), box)
                label.setWordWrap(True)
                label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
                if f.entered:
                    editor = FieldEditor(f, box)
                    editor.set_value(sheet.values.get(f.key), previous.get(f.key))
                    editor.edited.connect(self._on_editor_edited)
                    label.setBuddy(editor.editor)
                    self.editors[f.key] = editor
                    form.addRow(label, editor)
                else:
                    figure = figures_by_key.get(f.key)
                    text = "–"
                    if figure is not None:
                        ratio = figure.ratio
                        text = (
                            numbers.ratio_text(ratio) if ratio else numbers.count_text(figure.value)
                        )
                    value = QLabel(f"{text} {f.measure}".strip(), box)
                    value.setToolTip(_("Computed by the program from its data; not typed."))
                    value.setStyleSheet("QLabel { color: #1f4e79; }")
                    self.computed_labels[f.key] = value
                    form.addRow(label, value)
            column.addWidget(box)
        column.addStretch(1)
        self.scroll.setWidget(body)
        self._set_dirty(False)

    def values(self) -> dict[str, int | None]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def changes(self) -> dict[str, int | None]:
        stored = self._data.sheet.values if self._data and self._data.sheet else {}
        return {k: v for k, v in self.values().items() if stored.get(k) != v}

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _on_editor_edited(self) -> None:
        self._set_dirty(self.dirty)

    def save(self) -> bool:
        """Store the changed values; False (with the reason shown) when refused."""
        data = self._data
        if data is None or data.sheet is None:
            return False
        changes = self.changes()
        if not changes:
            return True
        try:
            figures.set_figures(self._ws, data.scope.id, data.period, changes)
        except Exception as exc:  # a message for the user, the details in the log
            log.info("figures not saved", exc_info=True)
            self.message.setText(describe_error(exc))
            self.message.setStyleSheet("QLabel { color: #b91c1c; }")
            QMessageBox.warning(self, _("Figures not saved"), describe_error(exc))
            return False
        self.message.setStyleSheet("")
        self.message.setText(_("Saved."))
        self._set_dirty(False)
        self.saved.emit()
        return True

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_revert_button_clicked(self) -> None:
        if self._data is not None:
            self.show_data(self._data)
