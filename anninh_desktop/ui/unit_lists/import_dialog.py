"""Import a list of units into a commune: template, file, preview of every row, then the import.

Nothing is added before "Add N units" is clicked, and that button stays off while a row has a
problem: the officer corrects the file and reads it again.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.unit_lists import files
from anninh_desktop.services.unit_lists.plan import ImportPlan, RowStatus
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.maintenance.run_panel import RunPanel
from anninh_desktop.ui.preferences import Preferences
from anninh_desktop.ui.screen_fit import keep_on_screen
from anninh_desktop.ui.tasks import TaskRunner
from anninh_desktop.ui.unit_lists.preview_model import COL_WHAT, PreviewModel
from anninh_desktop.ui.unit_lists.work import import_task, plan_task

FOLDER_PURPOSE = "unit_lists"
FILTER = "Excel (*.xlsx);;CSV (*.csv)"


class UnitListDialog(QDialog):
    imported = Signal(str)  # the commune's id, after units were added

    def __init__(
        self,
        ws: Workspace,
        tasks: TaskRunner,
        preferences: Preferences | None,
        commune_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self._prefs = preferences
        self._commune = ws.store.units.get(commune_id)
        self.plan: ImportPlan | None = None
        self.added = 0
        self.setWindowTitle(
            _("List of units of {commune}").format(commune=self._commune.display_name)
        )
        intro = QLabel(
            _(
                "Add the residential areas, agencies, enterprises and schools of {commune} from "
                "an Excel or CSV file with the columns “Loại”, “Tên” and “Phân loại”. Download the "
                "template to start. Units already there are recognised by name (with or without "
                "diacritics) and left alone."
            ).format(commune=self._commune.display_name),
            self,
        )
        intro.setWordWrap(True)
        self.template_button = QPushButton(_("Save the &template…"), self)
        self.template_button.clicked.connect(self._on_template_button_clicked)
        self.choose_button = QPushButton(_("&Read a list…"), self)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.export_button = QPushButton(_("&Export the list…"), self)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.template_button)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.panel = RunPanel(tasks, self)
        self.panel.succeeded.connect(self._on_panel_succeeded)
        self.panel.failed.connect(self._on_panel_failed)
        self.panel.cancelled.connect(self._on_panel_failed)
        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            _("&Add the units"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.panel)
        layout.addWidget(self.buttons)
        self.resize(820, 520)
        keep_on_screen(self)  # a laptop at 150 % must still show the buttons

    # ------------------------------------------------------------------------------- files

    def _folder(self) -> str:
        folder = self._prefs.last_folder(FOLDER_PURPOSE) if self._prefs else None
        return str(folder or "")

    def _remember(self, path: Path) -> None:
        if self._prefs is not None:
            self._prefs.set_last_folder(FOLDER_PURPOSE, path.parent)

    def _save_path(self, title: str, name: str) -> Path | None:
        start = str(Path(self._folder()) / name) if self._folder() else name
        path, _filter = QFileDialog.getSaveFileName(self, title, start, FILTER)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        self._remember(target)
        return target

    def _on_template_button_clicked(self) -> None:
        target = self._save_path(_("Save the template"), "mau-danh-sach-don-vi.xlsx")
        if target is not None:
            self.save_template(target)

    def save_template(self, target: Path) -> None:
        try:
            files.write_template(target)
        except UserError as exc:
            self.panel.status.setText(exc.message)
            return
        self.panel.status.setText(_("The template was saved as {path}.").format(path=target))

    def _on_export_button_clicked(self) -> None:
        target = self._save_path(_("Export the list"), "danh-sach-don-vi.xlsx")
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> None:
        try:
            count = files.export_list(self._ws, self._commune.id, target)
        except UserError as exc:
            self.panel.status.setText(exc.message)
            return
        self.panel.status.setText(
            ngettext(
                "{count} unit was exported to {path}.",
                "{count} units were exported to {path}.",
                count,
            ).format(count=count, path=target)
        )

    def _on_choose_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Read a list of units"), self._folder(), FILTER
        )
        if path:
            self._remember(Path(path))
            self.read(Path(path))

    # ------------------------------------------------------------------------------- work

    def read(self, path: Path) -> None:
        """Read and plan `path`; the preview shows every row, nothing is added."""
        if self.panel.running:
            return
        self.plan = None
        self.model.set_rows([])
        self.summary.setText("")
        self.import_button.setEnabled(False)
        self.panel.run(plan_task(self._ws, self._commune.id, path), "read unit list")

    def import_now(self) -> None:
        if self.plan is None or self.plan.problems or not self.plan.new_rows:
            return
        self.import_button.setEnabled(False)
        self.panel.run(import_task(self._ws, self.plan), "import unit list")

    def _on_panel_succeeded(self, value: object) -> None:
        if isinstance(value, ImportPlan):
            self._show_plan(value)
            return
        self.added = int(value)  # type: ignore[call-overload]
        self.plan = None
        self.panel.status.setText(
            ngettext(
                "{count} unit was added to {commune}.",
                "{count} units were added to {commune}.",
                self.added,
            ).format(count=self.added, commune=self._commune.display_name)
        )
        self.summary.setText("")
        self.model.set_rows([])
        self.import_button.setText(_("&Add the units"))
        self.imported.emit(self._commune.id)

    def _on_panel_failed(self, *_args: object) -> None:
        self.import_button.setEnabled(False)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.model.set_rows(list(plan.rows))
        counts = Counter(r.status for r in plan.rows)
        parts = [
            _("Rows read: {count}").format(count=len(plan.rows)),
            _("to add: {count}").format(count=counts[RowStatus.NEW]),
            _("already there: {count}").format(count=counts[RowStatus.EXISTS]),
            _("repeated: {count}").format(count=counts[RowStatus.REPEATED]),
            _("with a problem: {count}").format(count=counts[RowStatus.PROBLEM]),
        ]
        text = "; ".join(parts) + "."
        if counts[RowStatus.PROBLEM]:
            text += " " + _(
                "Correct the rows with a problem in the file, save it and read it again; "
                "nothing is added until every row is right."
            )
        elif not counts[RowStatus.NEW]:
            text += " " + _("Nothing to add.")
        self.summary.setText(text)
        self.panel.status.setText("")
        can = not counts[RowStatus.PROBLEM] and counts[RowStatus.NEW] > 0
        self.import_button.setEnabled(can)
        self.import_button.setText(
            ngettext("&Add {count} unit", "&Add {count} units", counts[RowStatus.NEW]).format(
                count=counts[RowStatus.NEW]
            )
            if can
            else _("&Add the units")
        )
        if can:
            self.import_button.setDefault(True)
