"""The window's side of an evidence import once the files are checked and stored: the question
about duplicates, the commit on the task runner, and the summary (status line, and a message box
when files were refused or added with a warning).

The pane starts the first task (`work.import_files`) and hands its result to `prepared`; this
object asks, commits through the pane's `start` and reports through `done`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from anninh_desktop.i18n import _
from anninh_desktop.services import evidence_import_report
from anninh_desktop.services.evidence_import import ImportOutcome, OnDuplicate, PreparedImport
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.evidence import work
from anninh_desktop.ui.evidence.duplicate_question import DuplicateQuestion


class ImportFlow(QObject):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget,
        start: Callable[..., None],
        done: Callable[[ImportOutcome | None, str], None],
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._parent = parent
        self._start = start  # the pane's _start(func, name=, on_success=)
        self._done = done  # (outcome or None when cancelled, the status text)
        self.question: DuplicateQuestion | None = None  # while it is open
        self.report: QMessageBox | None = None  # the last summary box shown

    def prepared(self, prepared: PreparedImport) -> None:
        """The files are checked and stored: ask about duplicates, then write the rows."""
        if not prepared.incoming:  # every file refused: nothing to write
            self._committed(prepared, ImportOutcome(refused=list(prepared.refused)))
            return
        if not prepared.duplicates:
            self._commit(prepared, OnDuplicate.LINK)
            return
        question = DuplicateQuestion(prepared, self._parent)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.finished.connect(lambda _result: self._answered(prepared, question))
        self.question = question
        question.open()

    def _answered(self, prepared: PreparedImport, question: DuplicateQuestion) -> None:
        self.question = None
        choice = question.choice()
        if choice is OnDuplicate.CANCEL:
            self._done(None, _("Cancelled: nothing was added."))
            return
        self._commit(prepared, choice)

    def _commit(self, prepared: PreparedImport, choice: OnDuplicate) -> None:
        self._start(
            work.commit_import(self._ws, prepared, choice),
            name="evidence-commit",
            on_success=lambda outcome: self._committed(prepared, outcome),
        )

    def _committed(self, prepared: PreparedImport, outcome: ImportOutcome) -> None:
        refs = [ref for _a, ref in prepared.link_to]
        text = evidence_import_report.summary(outcome, refs)
        self._done(outcome, text)
        lines = evidence_import_report.details(outcome)
        if lines:
            self._show_report(text, lines)

    def _show_report(self, text: str, lines: list[str]) -> None:
        icon = QMessageBox.Icon.Warning
        box: Any = QMessageBox(icon, _("Evidence"), text, parent=self._parent)
        box.setInformativeText("\n\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report = box
        box.open()
