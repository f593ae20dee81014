"""One conflict field by field: this PC's value, the other office's, the value shown, a choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from anninh_desktop.domain.assessments import RESULT_LABELS, STATE_LABELS, WORK_STATUS_LABELS
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.sync.conflicts import ConflictView, FieldDiff

COL_FIELD, COL_MINE, COL_THEIRS, COL_CURRENT, COL_CHOICE, COL_VALUE = range(6)
KEEP_MINE, TAKE_THEIRS, EDIT = "mine", "theirs", "edit"

FIELD_LABELS = {
    "value": N_("Result"),
    "note": N_("Note"),
    "figures": N_("Figures"),
    "na_reason": N_("Reason (not applicable)"),
    "remediation": N_("Remediation plan"),
    "responsible": N_("Responsible"),
    "due_date": N_("Due date"),
    "work_status": N_("Work status"),
    "points": N_("Points"),
    "state": N_("State"),
    "verdict": N_("Verdict"),
    "comment": N_("Comment"),
    "title": N_("Title"),
}

_VALUE_LABELS: dict[str, dict[str, str]] = {
    "value": {v.value: t for v, t in RESULT_LABELS.items()},
    "work_status": {v.value: t for v, t in WORK_STATUS_LABELS.items()},
    "state": {v.value: t for v, t in STATE_LABELS.items()},
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else name


def value_text(name: str, value: Any) -> str:
    """A stored value as the user reads it; codes of a fixed list get their label."""
    if value is None or value == "":
        return "—"
    label = _VALUE_LABELS.get(name, {}).get(str(value))
    if label:
        return f"{_(label)} ({value})"
    return str(value)


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


class ConflictFields(QTableWidget):
    """The field table of one conflict; `choices()` gives the arguments of resolve_conflict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setHorizontalHeaderLabels(
            [_("Field"), _("This PC"), _("Other office"), _("Shown now"), _("Keep"), _("Value")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for col in (COL_MINE, COL_THEIRS, COL_CURRENT, COL_VALUE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col in (COL_FIELD, COL_CHOICE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self._fields: tuple[FieldDiff, ...] = ()

    def show_conflict(self, view: ConflictView | None) -> None:
        self._fields = view.fields if view is not None else ()
        for row in range(self.rowCount()):  # the old editors go now, not at the next event loop
            for col in (COL_CHOICE, COL_VALUE):
                old = self.cellWidget(row, col)
                if old is not None:
                    old.hide()
        self.setRowCount(0)
        self.setRowCount(len(self._fields))
        for row, f in enumerate(self._fields):
            for col, text in (
                (COL_FIELD, field_label(f.name)),
                (COL_MINE, value_text(f.name, f.mine)),
                (COL_THEIRS, value_text(f.name, f.theirs)),
                (COL_CURRENT, value_text(f.name, f.current)),
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(row, col, item)
            combo = QComboBox(self)
            combo.addItem(_("Mine (this PC)"), KEEP_MINE)
            combo.addItem(_("Theirs (other office)"), TAKE_THEIRS)
            combo.addItem(_("Edit the value"), EDIT)
            editor = QLineEdit(self)
            editor.setText(_raw(f.current))
            start = (
                KEEP_MINE if f.current == f.mine else TAKE_THEIRS if f.current == f.theirs else EDIT
            )
            combo.setCurrentIndex(combo.findData(start))
            editor.setEnabled(start == EDIT)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, e=editor: e.setEnabled(c.currentData() == EDIT)
            )
            self.setCellWidget(row, COL_CHOICE, combo)
            self.setCellWidget(row, COL_VALUE, editor)
        self.resizeRowsToContents()

    def field_names(self) -> list[str]:
        return [f.name for f in self._fields]

    def _row(self, name: str) -> int:
        return self.field_names().index(name)

    def combo(self, name: str) -> QComboBox:
        return self.cellWidget(self._row(name), COL_CHOICE)  # type: ignore[return-value]

    def editor(self, name: str) -> QLineEdit:
        return self.cellWidget(self._row(name), COL_VALUE)  # type: ignore[return-value]

    def choose(self, name: str, choice: str, text: str | None = None) -> None:
        """What a click does: pick keep mine / take theirs / edit (with the typed text)."""
        combo = self.combo(name)
        combo.setCurrentIndex(combo.findData(choice))
        if text is not None:
            self.editor(name).setText(text)

    def choices(self) -> tuple[list[str], list[str], dict[str, str]]:
        mine: list[str] = []
        theirs: list[str] = []
        values: dict[str, str] = {}
        for f in self._fields:
            choice = self.combo(f.name).currentData()
            if choice == KEEP_MINE:
                mine.append(f.name)
            elif choice == TAKE_THEIRS:
                theirs.append(f.name)
            else:
                values[f.name] = self.editor(f.name).text()
        return mine, theirs, values
