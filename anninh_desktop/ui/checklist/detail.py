"""The detail pane of the checklist's current row: legal text, result, work fields, linked evidence.

The pane only shows values and reports what the user did (signals); the checklist widget decides
when to save. Ctrl+Z / Ctrl+Shift+Z typed in one of its text fields are not left to the field's own
undo: they are reported as undoRequested/redoRequested so the one undo stack of the window serves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.assessments import (
    RESULT_LABELS,
    WORK_STATUS_LABELS,
    Result,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.criteria import Criterion
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.ui.checklist.marks import ERROR_STYLE, INFO_STYLE, result_icon
from anninh_desktop.ui.checklist.model import required_evidence_text
from anninh_desktop.ui.checklist.verdicts import VerdictBox
from anninh_desktop.ui.flow_layout import FlowLayout

TEXT_FIELDS = ("note", "figures", "na_reason", "remediation", "responsible")
RESULT_ORDER = (
    ResultValue.MET,
    ResultValue.NOT_MET,
    ResultValue.NOT_APPLICABLE,
    ResultValue.NOT_ASSESSED,
)
_KEY_OF = {
    ResultValue.MET: "1",
    ResultValue.NOT_MET: "2",
    ResultValue.NOT_APPLICABLE: "3",
    ResultValue.NOT_ASSESSED: "0",
}
_REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


def _is_undo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo)


def _is_redo(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.StandardKey.Redo):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in _REDO_KEYS)


class DetailPane(QWidget):
    resultChosen = Signal(str)  # ResultValue
    workStatusChosen = Signal(str)  # WorkStatus
    fieldEdited = Signal(str)  # a field the user changed (save it after a pause)
    fieldCommitted = Signal(str)  # a field to save now (the due-date box was ticked)
    fieldEntered = Signal(str)
    fieldLeft = Signal(str)
    undoRequested = Signal()
    redoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._criterion: Criterion | None = None
        self._result: Result | None = None
        self._read_only = True
        self._build()
        self.show_row(None, None, [], read_only_reason="")

    # layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.legal_text = QLabel(self)
        self.legal_text.setWordWrap(True)
        self.legal_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legal_text.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        layout.addWidget(self.legal_text)
        layout.addWidget(self.message)

        # The result buttons wrap to a second line in a narrow pane rather than widen it.
        buttons_box = QWidget(self)
        buttons_row = FlowLayout(buttons_box)
        buttons_row.addWidget(QLabel(_("Result:"), buttons_box))
        self.result_group = QButtonGroup(self)
        self.result_group.setExclusive(True)
        self.result_buttons: dict[ResultValue, QPushButton] = {}
        for value in RESULT_ORDER:
            button = QPushButton(result_icon(value), _(RESULT_LABELS[value]), buttons_box)
            button.setCheckable(True)
            button.setToolTip(_("Key {key}").format(key=_KEY_OF[value]))
            button.clicked.connect(lambda _checked=False, v=value: self.resultChosen.emit(v.value))
            self.result_group.addButton(button)
            self.result_buttons[value] = button
            buttons_row.addWidget(button)
        layout.addWidget(buttons_box)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.work_status = QComboBox(self)
        for status in WorkStatus:
            self.work_status.addItem(_(WORK_STATUS_LABELS[status]), status.value)
        self.work_status.activated.connect(self._on_work_status_activated)
        self.responsible = QLineEdit(self)
        self.responsible.setPlaceholderText(_("Person or body in charge"))
        self.due_check = QCheckBox(_("Due by"), self)
        self.due_check.clicked.connect(self._on_due_check_clicked)
        self.due_date = QDateEdit(self)
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("dd/MM/yyyy")
        self.due_date.dateChanged.connect(lambda _d: self._edited("due_date"))
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_date)
        due_row.addStretch(1)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self.figures = QLineEdit(self)
        self.figures.setPlaceholderText(_("Numbers that support the result"))
        # Only for sets scored with points: from 0 to the row's maximum; "—" means none given yet.
        self.points = QDoubleSpinBox(self)
        self.points.setDecimals(1)
        self.points.setSingleStep(0.5)
        self.points.setSpecialValueText("—")
        self.points.valueChanged.connect(lambda _v: self._edited("points"))
        self.na_reason = QLineEdit(self)
        self.na_reason.setPlaceholderText(_("Why the criterion does not apply to this unit"))
        self.remediation = QPlainTextEdit(self)
        self.remediation.setTabChangesFocus(True)
        self.remediation.setMaximumHeight(80)
        self.remediation.setPlaceholderText(_("What will be done to meet the criterion"))
        self.evidence = QLabel(self)
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("Work status"), self.work_status)
        form.addRow(_("Responsible"), self.responsible)
        form.addRow(_("Due date"), due_row)
        form.addRow(_("Note"), self.note)
        form.addRow(_("Figures"), self.figures)
        form.addRow(_("Points"), self.points)
        self._form = form
        form.addRow(_("Reason (not applicable)"), self.na_reason)
        form.addRow(_("Remediation plan (not met)"), self.remediation)
        form.addRow(_("Evidence"), self.evidence)
        self.fields = QFrame(self)
        self.fields.setLayout(form)
        layout.addWidget(self.fields)
        self.verdicts = VerdictBox(self)
        layout.addWidget(self.verdicts)
        layout.addStretch(1)

        self._field_widgets: dict[str, QWidget] = {
            "note": self.note,
            "figures": self.figures,
            "na_reason": self.na_reason,
            "remediation": self.remediation,
            "responsible": self.responsible,
            "due_date": self.due_date,
            "points": self.points,
        }
        self._field_of: dict[QObject, str] = {
            self.due_date.lineEdit(): "due_date",
            self.points.lineEdit(): "points",
        }
        for name, widget in self._field_widgets.items():
            self._field_of[widget] = name
            widget.installEventFilter(self)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, n=name: self._edited(n))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda n=name: self._edited(n))
        self.due_date.lineEdit().installEventFilter(self)
        self.points.lineEdit().installEventFilter(self)

    # showing -------------------------------------------------------------------------------
    def show_row(
        self,
        criterion: Criterion | None,
        result: Result | None,
        evidence_titles: list[str],
        *,
        read_only_reason: str,
    ) -> None:
        """Load a row; `read_only_reason` is "" when the row may be edited."""
        self._criterion = criterion
        self._result = result
        self._read_only = result is None or bool(read_only_reason)
        self.set_message(read_only_reason)
        if criterion is None:
            self.title.setText(_("No criterion selected"))
            self.legal_text.setText("")
        else:
            self.title.setText(self._title_of(criterion))
            self.legal_text.setText(self._legal_text_of(criterion, result))
        self.fields.setVisible(result is not None)
        most = criterion.points if criterion is not None else None
        self._form.setRowVisible(self.points, most is not None)
        if most is not None:
            self._loading = True
            self.points.setRange(-0.5, most)  # the step below 0 shows "—" (no points yet)
            self._loading = False
        for button in self.result_buttons.values():
            button.setVisible(result is not None)
        self._set_evidence(criterion, evidence_titles)
        if result is not None:
            self.update_values(result)

    def update_values(self, result: Result) -> None:
        """Show a result's stored values; fields already showing the same text are left alone."""
        self._result = result
        self._loading = True
        try:
            for value, button in self.result_buttons.items():
                button.setChecked(value is result.value)
            self.work_status.setCurrentIndex(self.work_status.findData(result.work_status.value))
            for name in TEXT_FIELDS:
                widget = self._field_widgets[name]
                text = getattr(result, name)
                if isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != text:
                        widget.setPlainText(text)
                elif isinstance(widget, QLineEdit) and widget.text() != text:
                    widget.setText(text)
            shown = -0.5 if result.points is None else result.points
            if self.points.value() != shown:
                self.points.setValue(shown)
            self.due_check.setChecked(result.due_date is not None)
            self.due_date.setVisible(result.due_date is not None)
            if result.due_date is not None:
                self.due_date.setDate(QDate(result.due_date))
        finally:
            self._loading = False
        self._update_enabled()

    def _update_enabled(self) -> None:
        editable = not self._read_only
        value = self._result.value if self._result is not None else None
        for button in self.result_buttons.values():
            button.setEnabled(editable)
        for widget in (
            self.work_status,
            self.responsible,
            self.note,
            self.figures,
            self.points,
            self.due_check,
        ):
            widget.setEnabled(editable)
        self.due_date.setEnabled(editable and self.due_check.isChecked())
        self.na_reason.setEnabled(editable and value is ResultValue.NOT_APPLICABLE)
        self.remediation.setEnabled(editable and value is ResultValue.NOT_MET)

    def _title_of(self, c: Criterion) -> str:
        return _("Criterion {ref}").format(ref=c.ref) if c.number else c.text.split("\n")[0]

    def _legal_text_of(self, c: Criterion, result: Result | None) -> str:
        parts = [c.text]
        if not c.known:
            parts.append(_("The official text of this criterion is not available yet."))
        if c.na_condition:
            parts.append(_("Not applicable when: {condition}").format(condition=c.na_condition))
        if c.required_evidence:
            parts.append(_("Evidence required: {kinds}").format(kinds=required_evidence_text(c)))
        if c.computed is not None:
            parts.append(_("Set by the program from the child units' records."))
            if result is not None and result.figures:
                parts[-1] += " " + result.figures
        return "\n\n".join(parts)

    def _set_evidence(self, c: Criterion | None, titles: list[str]) -> None:
        if titles:
            self.evidence.setText("\n".join(f"• {t}" for t in titles))
            self.evidence.setStyleSheet(INFO_STYLE)
        elif c is not None and c.required_evidence:
            self.evidence.setText(
                _("None linked. Required: {kinds}").format(kinds=required_evidence_text(c))
            )
            self.evidence.setStyleSheet(ERROR_STYLE)
        else:
            self.evidence.setText(_("None linked"))
            self.evidence.setStyleSheet(INFO_STYLE)

    def set_message(self, text: str, *, error: bool = False) -> None:
        """The pane's status line: why something cannot be done, or a refusal."""
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setVisible(bool(text))

    # values --------------------------------------------------------------------------------
    def value_of(self, name: str) -> Any:
        """The value a field shows now, in the form update_result takes."""
        if name == "due_date":
            if not self.due_check.isChecked():
                return None
            return date.fromisoformat(self.due_date.date().toString(Qt.DateFormat.ISODate))
        if name == "points":
            return None if self.points.value() < 0 else self.points.value()
        widget = self._field_widgets[name]
        if isinstance(widget, QPlainTextEdit):
            return nfc(widget.toPlainText())
        assert isinstance(widget, QLineEdit)
        return nfc(widget.text())

    def start_due_date(self, today: date) -> None:
        self._loading = True
        self.due_date.setDate(QDate(today))
        self._loading = False

    # user actions --------------------------------------------------------------------------
    def _edited(self, name: str) -> None:
        if not self._loading:
            self.fieldEdited.emit(name)

    def _on_work_status_activated(self, index: int) -> None:
        self.workStatusChosen.emit(self.work_status.itemData(index))

    def _on_due_check_clicked(self, checked: bool) -> None:
        self.due_date.setVisible(checked)
        self.due_date.setEnabled(checked and not self._read_only)
        self.fieldCommitted.emit("due_date")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if _is_undo(event) or _is_redo(event):
                event.accept()  # ShortcutOverride: keep the key from the field's own undo
                if kind == QEvent.Type.KeyPress:
                    (self.undoRequested if _is_undo(event) else self.redoRequested).emit()
                return True
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            name = self._field_of.get(watched, "")
            (self.fieldEntered if kind == QEvent.Type.FocusIn else self.fieldLeft).emit(name)
        return super().eventFilter(watched, event)
