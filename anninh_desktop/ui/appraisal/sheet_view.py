"""The verdict sheet: each criterion with the unit's result, note, evidence, and the verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.appraisal import VERDICT_LABELS, Appraisal, Verdict
from anninh_desktop.domain.assessments import RESULT_LABELS
from anninh_desktop.i18n import _
from anninh_desktop.services import appraisal_service, assessment_service
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.checklist.verdicts import VERDICT_COLOURS
from anninh_desktop.ui.column_fit import ColumnFitter

COL_REF, COL_TEXT, COL_RESULT, COL_NOTE, COL_EVIDENCE, COL_VERDICT, COL_COMMENT = range(7)
ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class SheetRow:
    ref: str
    text: str
    result: str
    note: str
    evidence: int
    own: Appraisal | None  # this office's verdict (its level)


class SheetView(QWidget):
    """Read the sheet of one assessment; record this office's verdict on the chosen criterion."""

    verdictRecorded = Signal(str)  # criterion ref

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.assessment_id: str | None = None
        self.rows: list[SheetRow] = []
        self._level = ""
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels(
            [_("Ref"), _("Criterion"), _("Self-assessment"), _("Note"), _("Evidence"),
             _("Verdict"), _("Comment")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # The criterion text first (one line, whole in its tooltip); in a narrow sheet the unit's
        # note, the evidence count and the comment give way (the comment box below shows it).
        self.table.setWordWrap(False)
        self.columns = ColumnFitter(
            self.table,
            main=COL_TEXT,
            main_chars=30,
            drop_order=(COL_NOTE, COL_EVIDENCE, COL_COMMENT),
            max_chars={COL_NOTE: 24, COL_COMMENT: 24, COL_REF: 10},
        )
        self.buttons = QButtonGroup(self)
        choice_row = QHBoxLayout()
        choice_row.addWidget(QLabel(_("Verdict:"), self))
        self.verdict_buttons: dict[Verdict, QRadioButton] = {}
        for v in Verdict:
            button = QRadioButton(_(VERDICT_LABELS[v]), self)
            self.buttons.addButton(button)
            self.verdict_buttons[v] = button
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(
            _("Comment (required when you disagree or need more evidence)")
        )
        self.comment.setFixedHeight(self.fontMetrics().height() * 4)
        self.record_button = QPushButton(_("Record the &verdict"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(choice_row)
        layout.addWidget(self.comment)
        layout.addLayout(bottom)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.record_button.clicked.connect(self.record)
        self.set_editable(False)

    # ---------------------------------------------------------------- showing
    def show_assessment(self, assessment_id: str | None, *, level: str, editable: bool) -> None:
        previous = self.current_ref()
        self.assessment_id = assessment_id
        self._level = level
        self.rows = self._read(assessment_id) if assessment_id else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            verdict = row.own.verdict if row.own is not None else None
            cells = (
                row.ref,
                row.text,
                row.result,
                row.note,
                str(row.evidence),
                _(VERDICT_LABELS[verdict]) if verdict is not None else "—",
                row.own.comment if row.own is not None else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == COL_VERDICT and verdict is not None:
                    item.setForeground(QColor(VERDICT_COLOURS[verdict]))
                self.table.setItem(r, col, item)
        self.set_editable(editable)
        self.columns.schedule()
        refs = [row.ref for row in self.rows]
        self.select_ref(previous if previous in refs else (refs[0] if refs else None))

    def _read(self, assessment_id: str) -> list[SheetRow]:
        view = assessment_service.checklist(self._ws, assessment_id)
        rows = []
        for line in appraisal_service.verdict_sheet(self._ws, assessment_id):
            result = view.results.get(line.ref)
            own = [a for a in line.appraisals if a.level == self._level]
            rows.append(
                SheetRow(
                    ref=line.ref,
                    text=line.text,
                    result=_(RESULT_LABELS[line.value]),
                    note=result.note if result is not None else "",
                    evidence=view.evidence_counts.get(line.ref, 0),
                    own=own[0] if own else None,
                )
            )
        return rows

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for button in self.verdict_buttons.values():
            button.setEnabled(editable)
        self.comment.setEnabled(editable)
        self.record_button.setEnabled(editable and self.current_ref() is not None)

    def current_ref(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()].ref if rows and rows[0].row() < len(self.rows) else None

    def select_ref(self, ref: str | None) -> None:
        for r, row in enumerate(self.rows):
            if row.ref == ref:
                self.table.selectRow(r)
                return
        self.table.clearSelection()
        self._on_table_selection_changed()

    def _on_table_selection_changed(self) -> None:
        ref = self.current_ref()
        row = next((x for x in self.rows if x.ref == ref), None)
        own = row.own if row is not None else None
        self.buttons.setExclusive(False)
        for v, button in self.verdict_buttons.items():
            button.setChecked(own is not None and own.verdict is v)
        self.buttons.setExclusive(True)
        self.comment.setPlainText(own.comment if own is not None else "")
        self.record_button.setEnabled(self._editable and row is not None)
        self.say("")

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    # ---------------------------------------------------------------- writing
    def choose(self, verdict: Verdict | str, comment: str = "") -> None:
        self.verdict_buttons[Verdict(verdict)].setChecked(True)
        self.comment.setPlainText(comment)

    def record(self) -> bool:
        """This office's verdict on the chosen criterion; the service's refusal is shown."""
        ref = self.current_ref()
        chosen = [v for v, b in self.verdict_buttons.items() if b.isChecked()]
        if self.assessment_id is None or ref is None:
            return False
        if not chosen:
            self.say(_("Choose a verdict first."), error=True)
            return False
        try:
            appraisal_service.record_verdict(
                self._ws, self.assessment_id, ref, chosen[0], comment=self.comment.toPlainText()
            )
        except UserError as exc:
            self.say(exc.message, error=True)
            return False
        self.verdictRecorded.emit(ref)
        self.say(_("Verdict recorded for {ref}.").format(ref=ref))
        return True
