"""The fields of one row of a set being edited: texts, flags, evidence, N/A condition, points."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QWidget,
)

from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS, CriterionLevel, EvidenceKind
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_editing import DraftRow
from anninh_desktop.services.criteria_library import Problem

KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def parse_points(text: str) -> float | None:
    """ "10", "2,5" or "2.5" → a number; "" → None; anything else raises ValueError."""
    text = text.strip().replace(",", ".")
    return float(text) if text else None


class RowForm(QWidget):
    """Edits the DraftRow it shows in place and says so with rowEdited()."""

    rowEdited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft: DraftRow | None = None
        self._loading = False
        self.ref_edit = QLineEdit(self)
        self.number_edit = QLineEdit(self)
        self.slot_note = QLabel(
            _("The text of this slot is not known yet. Type it to fill the slot."), self
        )
        self.slot_note.setWordWrap(True)
        self.slot_note.setStyleSheet("color: #9a6700;")
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setTabChangesFocus(True)
        self.text_en_edit = QPlainTextEdit(self)
        self.text_en_edit.setTabChangesFocus(True)
        self.text_en_edit.setMaximumHeight(80)
        self.mandatory_check = QCheckBox(_("Mandatory"), self)
        self.negative_check = QCheckBox(_("Met when no such incident occurred"), self)
        self.points_edit = QLineEdit(self)
        self.points_edit.setPlaceholderText(_("e.g. 10"))
        self.evidence_model = QStandardItemModel(self)
        for kind in EvidenceKind:
            item = QStandardItem(_(EVIDENCE_KIND_LABELS[kind]))
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(kind.value, KIND_ROLE)
            self.evidence_model.appendRow(item)
        self.evidence_list = QListView(self)
        self.evidence_list.setModel(self.evidence_model)
        self.evidence_list.setMaximumHeight(130)
        self.na_edit = QLineEdit(self)
        self.na_edit.setPlaceholderText(_("Leave empty when the row always applies"))
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #b3261e;")
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout(self)
        form.addRow(_("Ref"), self.ref_edit)
        form.addRow(_("Number as printed"), self.number_edit)
        form.addRow(self.slot_note)
        form.addRow(_("Text (Vietnamese)"), self.text_edit)
        form.addRow(_("English text"), self.text_en_edit)
        form.addRow("", self.mandatory_check)
        form.addRow("", self.negative_check)
        form.addRow(_("Points"), self.points_edit)
        form.addRow(_("Required evidence"), self.evidence_list)
        form.addRow(_("Not applicable when"), self.na_edit)
        form.addRow(self.problems_label)
        self._form = form
        self._leaf_widgets: list[QWidget] = [
            self.mandatory_check,
            self.negative_check,
            self.points_edit,
            self.evidence_list,
            self.na_edit,
        ]

        for line in (self.ref_edit, self.number_edit, self.points_edit, self.na_edit):
            line.textEdited.connect(self._on_field_edited)
        self.text_edit.textChanged.connect(self._on_field_edited)
        self.text_en_edit.textChanged.connect(self._on_field_edited)
        self.mandatory_check.toggled.connect(self._on_field_edited)
        self.negative_check.toggled.connect(self._on_field_edited)
        self.evidence_model.itemChanged.connect(self._on_field_edited)
        self.set_row(None)

    def draft(self) -> DraftRow | None:
        return self._draft

    def set_row(self, draft: DraftRow | None, *, points: bool = False) -> None:
        """Show a row (None: an empty, disabled form); `points` when the set scores points."""
        self._loading = True
        try:
            self._draft = draft
            self.setEnabled(draft is not None)
            c = draft.row if draft else None
            self.ref_edit.setText(c.ref if c else "")
            self.number_edit.setText(c.number if c else "")
            unknown = c is not None and not c.known
            self.slot_note.setVisible(unknown)
            self.text_edit.setPlaceholderText(draft.placeholder if draft else "")
            self.text_edit.setPlainText("" if unknown or c is None else c.text)
            self.text_en_edit.setPlainText(c.text_en if c else "")
            self.mandatory_check.setChecked(c.mandatory if c else True)
            self.negative_check.setChecked(c.negative if c else False)
            self.points_edit.setText(_number_text(c.points) if c else "")
            kinds = set(c.required_evidence) if c else set()
            for row in range(self.evidence_model.rowCount()):
                item = self.evidence_model.item(row)
                checked = EvidenceKind(item.data(KIND_ROLE)) in kinds
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.na_edit.setText(c.na_condition if c else "")
            is_group = c is not None and c.level is CriterionLevel.GROUP
            for widget in self._leaf_widgets:
                self._form.setRowVisible(widget, not is_group)
            self._form.setRowVisible(self.points_edit, points and not is_group)
            self.show_problems([])
        finally:
            self._loading = False

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """The problems found on the shown row, next to its fields."""
        text = "\n".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)
        self.problems_label.setText(text)
        self.problems_label.setVisible(bool(text))

    def _on_field_edited(self, *_args: object) -> None:
        if self._loading or self._draft is None:
            return
        draft = self._draft
        text = self.text_edit.toPlainText().strip()
        known = True
        if not text and draft.placeholder:
            # an emptied slot becomes the unknown slot it was, with its placeholder text
            text, known = draft.placeholder, False
        try:
            points = parse_points(self.points_edit.text())
            self.points_edit.setStyleSheet("")
            self.points_edit.setToolTip("")
        except ValueError:
            points = draft.row.points  # keep the last number until the field reads as one
            self.points_edit.setStyleSheet("color: #b3261e;")
            self.points_edit.setToolTip(_("Write a number, e.g. 10 or 2,5"))
        kinds = tuple(
            EvidenceKind(self.evidence_model.item(row).data(KIND_ROLE))
            for row in range(self.evidence_model.rowCount())
            if self.evidence_model.item(row).checkState() == Qt.CheckState.Checked
        )
        draft.row = dataclasses.replace(
            draft.row,
            ref=self.ref_edit.text().strip(),
            number=self.number_edit.text().strip(),
            text=text,
            known=known,
            text_en=self.text_en_edit.toPlainText().strip(),
            mandatory=self.mandatory_check.isChecked(),
            negative=self.negative_check.isChecked(),
            points=points,
            required_evidence=kinds,
            na_condition=self.na_edit.text().strip(),
        )
        self.slot_note.setVisible(not known)
        self.rowEdited.emit()


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
