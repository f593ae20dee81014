"""The set-level fields of a set being edited: titles, scope, period, scoring, legal basis, notes."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import CriterionSet, LegalBasis, PeriodRule, Scoring
from anninh_desktop.domain.units import CERTIFIED_KINDS, UNIT_KIND_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library import Problem
from anninh_desktop.services.formatting import format_date
from anninh_desktop.ui.criteria.row_form import parse_points

COL_DOCUMENT, COL_ISSUER, COL_ISSUED_ON, COL_TITLE, COL_IN_FORCE = range(5)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_day(text: str) -> date | None:
    """ "10/02/2022" or "2022-02-10" → a date; "" → None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


class HeaderForm(QWidget):
    """Edits the header of a draft; read() returns the edited header and the fields it cannot read."""

    changed = Signal()

    def __init__(self, base: CriterionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = base
        self.title_edit = QLineEdit(base.title, self)
        self.title_en_edit = QLineEdit(base.title_en, self)
        self.kind_checks: dict[str, QCheckBox] = {}
        kinds_row = QHBoxLayout()
        for kind in CERTIFIED_KINDS:
            check = QCheckBox(_(UNIT_KIND_LABELS[kind]), self)
            check.setChecked(kind in base.unit_kinds)
            self.kind_checks[kind.value] = check
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        self.province_edit = QLineEdit(base.province_code, self)
        self.province_edit.setPlaceholderText(_("two digits, e.g. 96; empty for a national set"))
        self.valid_from_edit = QLineEdit(format_date(base.valid_from), self)
        self.valid_to_edit = QLineEdit(format_date(base.valid_to), self)
        for edit in (self.valid_from_edit, self.valid_to_edit):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
        self.period_day = QSpinBox(self)
        self.period_day.setRange(1, 31)
        self.period_day.setValue(base.period_rule.start_day)
        self.period_month = QSpinBox(self)
        self.period_month.setRange(1, 12)
        self.period_month.setValue(base.period_rule.start_month)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_day)
        period_row.addWidget(self.period_month)
        period_row.addStretch(1)
        self.scoring_combo = QComboBox(self)
        self.scoring_combo.addItem(_("Pass or fail"), Scoring.PASS_FAIL.value)
        self.scoring_combo.addItem(_("Points"), Scoring.POINTS.value)
        self.scoring_combo.setCurrentIndex(self.scoring_combo.findData(base.scoring.value))
        self.max_points_edit = QLineEdit(
            "" if base.max_points is None else f"{base.max_points:g}", self
        )
        self.basis_model = QStandardItemModel(self)
        self.basis_model.setHorizontalHeaderLabels(
            [_("Document"), _("Issuer"), _("Issued on"), _("Title"), _("In force from")]
        )
        for basis in base.legal_basis:
            self._append_basis(basis)
        self.basis_table = QTableView(self)
        self.basis_table.setModel(self.basis_model)
        self.basis_table.horizontalHeader().setSectionResizeMode(
            COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        self.basis_table.setMinimumHeight(110)
        self.basis_table.setColumnWidth(COL_DOCUMENT, 220)
        self.basis_table.setColumnWidth(COL_ISSUER, 160)
        self.add_basis_button = QPushButton(_("Add document"), self)
        self.remove_basis_button = QPushButton(_("Remove document"), self)
        basis_buttons = QHBoxLayout()
        basis_buttons.addWidget(self.add_basis_button)
        basis_buttons.addWidget(self.remove_basis_button)
        basis_buttons.addStretch(1)
        basis_box = QVBoxLayout()
        basis_box.addWidget(self.basis_table)
        basis_box.addLayout(basis_buttons)
        self.authority_edit = QPlainTextEdit(base.authority, self)
        self.authority_edit.setMaximumHeight(70)
        self.notes_edit = QPlainTextEdit(base.notes, self)
        self.complete_check = QCheckBox(_("The text of the set is complete"), self)
        self.complete_check.setChecked(base.complete)

        form = QFormLayout(self)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("English title"), self.title_en_edit)
        form.addRow(_("For"), kinds_row)
        form.addRow(_("Province"), self.province_edit)
        form.addRow(_("Valid from"), self.valid_from_edit)
        form.addRow(_("Valid to"), self.valid_to_edit)
        form.addRow(_("Period starts (day, month)"), period_row)
        form.addRow(_("Scoring"), self.scoring_combo)
        form.addRow(_("Maximum points"), self.max_points_edit)
        form.addRow(_("Legal basis"), basis_box)
        form.addRow(_("Authority"), self.authority_edit)
        form.addRow(_("Notes"), self.notes_edit)
        form.addRow("", self.complete_check)
        self._form = form
        self.fields: dict[str, QWidget] = {
            "title": self.title_edit,
            "title_en": self.title_en_edit,
            "unit_kinds": next(iter(self.kind_checks.values())),
            "province": self.province_edit,
            "valid_from": self.valid_from_edit,
            "valid_to": self.valid_to_edit,
            "period": self.period_day,
            "scoring": self.scoring_combo,
            "max_points": self.max_points_edit,
            "legal_basis": self.basis_table,
            "authority": self.authority_edit,
            "notes": self.notes_edit,
            "complete": self.complete_check,
        }

        for line in (
            self.title_edit,
            self.title_en_edit,
            self.province_edit,
            self.valid_from_edit,
            self.valid_to_edit,
            self.max_points_edit,
        ):
            line.textEdited.connect(self._on_any_changed)
        for check in (*self.kind_checks.values(), self.complete_check):
            check.toggled.connect(self._on_any_changed)
        for spin in (self.period_day, self.period_month):
            spin.valueChanged.connect(self._on_any_changed)
        self.scoring_combo.currentIndexChanged.connect(self._on_scoring_combo_changed)
        self.authority_edit.textChanged.connect(self._on_any_changed)
        self.notes_edit.textChanged.connect(self._on_any_changed)
        self.basis_model.itemChanged.connect(self._on_any_changed)
        self.add_basis_button.clicked.connect(self._on_add_basis_button_clicked)
        self.remove_basis_button.clicked.connect(self._on_remove_basis_button_clicked)
        self._on_scoring_combo_changed()

    def scoring(self) -> Scoring:
        return Scoring(self.scoring_combo.currentData())

    def set_unknown_rows(self, unknown: bool) -> None:
        """A set with unknown slots cannot be complete: the box is cleared and locked then."""
        self.complete_check.setEnabled(not unknown)
        if unknown:
            self.complete_check.setChecked(False)
            self.complete_check.setToolTip(_("Some slots have no text yet"))
        else:
            self.complete_check.setToolTip("")

    def focus_field(self, path: str, field: str) -> None:
        """Put the cursor on the field a problem concerns."""
        match = re.match(r"legal_basis\[(\d+)\]", path)
        if match:
            row = int(match.group(1))
            column = {"issuer": COL_ISSUER, "issued_on": COL_ISSUED_ON, "title": COL_TITLE}.get(
                field, COL_IN_FORCE if field == "in_force_from" else COL_DOCUMENT
            )
            self.basis_table.setCurrentIndex(self.basis_model.index(row, column))
            self.basis_table.setFocus()
            return
        widget = self.fields.get(path.split(".")[0].split("[")[0] or field)
        if widget is not None:
            widget.setFocus()

    def read(self, file_name: str) -> tuple[CriterionSet, list[Problem]]:
        """The edited header, and problems for fields that do not read (bad dates, numbers)."""
        problems: list[Problem] = []

        def day(text: str, path: str, name: str) -> date | None:
            try:
                return parse_day(text)
            except ValueError:
                problems.append(
                    Problem(file_name, 0, path, name, _("write the date as dd/mm/yyyy"))
                )
                return None

        max_points = self._base.max_points
        try:
            max_points = parse_points(self.max_points_edit.text())
        except ValueError:
            problems.append(Problem(file_name, 0, "", "max_points", _("write a number")))
        bases = []
        for row in range(self.basis_model.rowCount()):
            path = f"legal_basis[{row}]"

            def cell(column: int, row: int = row) -> str:
                item = self.basis_model.item(row, column)
                return item.text().strip() if item else ""

            bases.append(
                LegalBasis(
                    document=cell(COL_DOCUMENT),
                    issuer=cell(COL_ISSUER),
                    issued_on=day(cell(COL_ISSUED_ON), path, "issued_on"),
                    title=cell(COL_TITLE),
                    in_force_from=day(cell(COL_IN_FORCE), path, "in_force_from"),
                )
            )
        header = dataclasses.replace(
            self._base,
            title=self.title_edit.text().strip(),
            title_en=self.title_en_edit.text().strip(),
            unit_kinds=tuple(k for k in CERTIFIED_KINDS if self.kind_checks[k.value].isChecked()),
            province_code=self.province_edit.text().strip(),
            valid_from=day(self.valid_from_edit.text(), "", "valid_from"),
            valid_to=day(self.valid_to_edit.text(), "", "valid_to"),
            period_rule=PeriodRule(self.period_month.value(), self.period_day.value()),
            scoring=self.scoring(),
            max_points=max_points if self.scoring() is Scoring.POINTS else None,
            thresholds=self._base.thresholds if self.scoring() is Scoring.POINTS else (),
            legal_basis=tuple(bases),
            authority=self.authority_edit.toPlainText().strip(),
            notes=self.notes_edit.toPlainText().strip(),
            complete=self.complete_check.isChecked(),
        )
        return header, problems

    def _append_basis(self, basis: LegalBasis) -> None:
        self.basis_model.appendRow(
            [
                QStandardItem(basis.document),
                QStandardItem(basis.issuer),
                QStandardItem(format_date(basis.issued_on)),
                QStandardItem(basis.title),
                QStandardItem(format_date(basis.in_force_from)),
            ]
        )

    def _on_any_changed(self, *_args: object) -> None:
        self.changed.emit()

    def _on_scoring_combo_changed(self, *_args: object) -> None:
        self._form.setRowVisible(self.max_points_edit, self.scoring() is Scoring.POINTS)
        self.changed.emit()

    def _on_add_basis_button_clicked(self) -> None:
        self._append_basis(LegalBasis(document=""))
        index = self.basis_model.index(self.basis_model.rowCount() - 1, COL_DOCUMENT)
        self.basis_table.setCurrentIndex(index)
        self.basis_table.edit(index)
        self.changed.emit()

    def _on_remove_basis_button_clicked(self) -> None:
        index = self.basis_table.currentIndex()
        if index.isValid():
            self.basis_model.removeRow(index.row())
            self.changed.emit()
