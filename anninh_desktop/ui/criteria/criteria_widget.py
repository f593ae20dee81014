"""The "Criterion sets" tab: every set version, what it says, import, and new versions."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_editing import (
    SetValidationError,
    copy_for_editing,
    edit_refusal,
    import_set,
)
from anninh_desktop.services.criteria_service import list_sets
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.column_fit import ColumnFitter
from anninh_desktop.ui.criteria.editor_dialog import SetEditorDialog
from anninh_desktop.ui.criteria.new_set_dialog import NewSetDialog
from anninh_desktop.ui.criteria.problems_dialog import ProblemsDialog
from anninh_desktop.ui.criteria.set_detail import SetDetailView
from anninh_desktop.ui.criteria.set_list_model import (
    COL_IN_USE,
    COL_SCOPE,
    COL_TEXT,
    COL_TITLE,
    COL_VALID,
    SET_ID_ROLE,
    build_set_list_model,
)
from anninh_desktop.ui.flow_layout import FlowLayout
from anninh_desktop.ui.screen_fit import keep_on_screen

log = logging.getLogger(__name__)


class CriteriaWidget(QWidget):
    """Viewer of the stored set versions with import and (for a province office) an editor."""

    setsChanged = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self._sets: dict[str, CriterionSet] = {}
        self._in_use: set[str] = set()
        self.editor: SetEditorDialog | None = None  # the open editor, if any
        self.dialog: QDialog | None = None  # the last problems / source / new-set dialog

        self.import_button = QPushButton(_("Import set file…"), self)
        self.new_set_button = QPushButton(_("New provincial set…"), self)
        self.list_view = QTreeView(self)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setUniformRowHeights(True)
        # The titles first (shortened with "…", whole in their tooltips); in a narrow list the
        # validity, "in use", the scope and the text state give way, in that order.
        self.columns = ColumnFitter(
            self.list_view,
            main=COL_TITLE,
            main_chars=28,
            drop_order=(COL_VALID, COL_IN_USE, COL_SCOPE, COL_TEXT),
            extra=2 * self.list_view.indentation(),
        )
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.new_version_button = QPushButton(_("New version from this…"), self)
        self.source_button = QPushButton(_("Show source"), self)
        self.refusal_label = QLabel(self)
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: palette(mid);")
        self.detail = SetDetailView(self)
        self._build_layout()
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.new_set_button.clicked.connect(self._on_new_set_button_clicked)
        self.new_version_button.clicked.connect(self._on_new_version_button_clicked)
        self.source_button.clicked.connect(self._on_source_button_clicked)
        self.reload()

    def _build_layout(self) -> None:
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QWidget(left)
        top_flow = FlowLayout(top)
        top_flow.addWidget(self.import_button)
        top_flow.addWidget(self.new_set_button)
        left_layout.addWidget(top)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addWidget(self.status_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        actions = QWidget(right)
        actions_flow = FlowLayout(actions)
        actions_flow.addWidget(self.new_version_button)
        actions_flow.addWidget(self.source_button)
        right_layout.addWidget(actions)
        right_layout.addWidget(self.refusal_label)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ------------------------------------------------------------------ public

    def reload(self) -> None:
        """Read the sets again (after an import elsewhere, or the office role changed)."""
        current = self.current_set_id()
        sets = list_sets(self._ws)
        self._sets = {s.id: s for s in sets}
        self._in_use = {s.id for s in sets if self._ws.store.criteria.in_use(s.id)}
        self.model = build_set_list_model(sets, self._in_use)
        self.model.setParent(self.list_view)
        self.list_view.setModel(self.model)
        self.list_view.expandAll()
        self.columns.watch_model()
        self.columns.schedule()
        self.list_view.selectionModel().currentChanged.connect(self._on_list_current_changed)
        refusal = edit_refusal(self._ws)
        self.refusal_label.setText(refusal)
        self.refusal_label.setVisible(bool(refusal))
        self.new_set_button.setEnabled(not refusal)
        self.new_set_button.setToolTip(refusal)
        self.new_version_button.setToolTip(refusal)
        if not (current and self.select_set(current)):
            # Nothing chosen yet: open on the first set rather than on an empty page.
            first = self.model.item(0, COL_TITLE) if self.model.rowCount() else None
            if first is not None and first.rowCount():
                self.select_set(str(first.child(0, COL_TITLE).data(SET_ID_ROLE)))
            else:
                self._show_current()

    def current_set_id(self) -> str | None:
        index = self.list_view.currentIndex() if self.list_view.model() else QModelIndex()
        if not index.isValid():
            return None
        title = index.siblingAtColumn(COL_TITLE)
        set_id = title.data(SET_ID_ROLE)
        if set_id:
            return str(set_id)
        # a code row stands for its newest version, its first child
        value = self.model.index(0, COL_TITLE, title).data(SET_ID_ROLE)
        return str(value) if value else None

    def select_set(self, set_id: str) -> bool:
        """Make a version current; False when it is not listed."""
        for row in range(self.model.rowCount()):
            head = self.model.item(row, COL_TITLE)
            for child in range(head.rowCount()):
                item = head.child(child, COL_TITLE)
                if item.data(SET_ID_ROLE) == set_id:
                    self.list_view.setCurrentIndex(item.index())
                    self.list_view.scrollTo(item.index())
                    return True
        return False

    def import_file(self, path: Path) -> CriterionSet | None:
        """Import a set file; problems are shown in a dialog, success in the status line."""
        try:
            imported, added = import_set(self._ws, path)
        except SetValidationError as exc:
            self.dialog = ProblemsDialog(exc.problems, self)
            self.dialog.open()
            self.status_label.setText(_("{file} was not imported").format(file=path.name))
            return None
        except UserError as exc:
            self._warn(_("Import set file"), exc.message)
            return None
        self.reload()
        self.select_set(imported.id)
        if added:
            self.status_label.setText(
                _("{code} imported as version {version}").format(
                    code=imported.code, version=imported.version
                )
            )
            self.setsChanged.emit()
        else:
            self.status_label.setText(
                _("{code} version {version} was already present").format(
                    code=imported.code, version=imported.version
                )
            )
        return imported

    def open_editor(self, draft: CriterionSet) -> SetEditorDialog:
        """Open the editor on a draft (window-modal); the saved version is selected afterwards."""
        self.editor = SetEditorDialog(self._ws, draft, self)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.open()
        return self.editor

    # ------------------------------------------------------------------ slots

    def _on_list_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        set_id = self.current_set_id()
        s = self._sets.get(set_id) if set_id else None
        self.detail.show_set(s, s is not None and s.id in self._in_use)
        may_edit = not edit_refusal(self._ws)
        self.new_version_button.setEnabled(s is not None and may_edit)
        self.source_button.setEnabled(s is not None)

    def _on_import_button_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import set file"), "", _("Criterion set files (*.yaml *.yml)")
        )
        if name:
            self.import_file(Path(name))

    def _on_new_version_button_clicked(self) -> None:
        set_id = self.current_set_id()
        if set_id is None:
            return
        try:
            draft = copy_for_editing(self._ws, set_id)
        except UserError as exc:
            self._warn(_("New version"), exc.message)
            return
        self.open_editor(draft)

    def _on_new_set_button_clicked(self) -> None:
        dialog = NewSetDialog(self._ws, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: dialog.result_set and self.open_editor(dialog.result_set))
        dialog.open()

    def _on_editor_saved(self, set_id: str) -> None:
        self.reload()
        self.select_set(set_id)
        saved = self._sets.get(set_id)
        if saved is not None:
            self.status_label.setText(
                _("{code} saved as version {version}").format(
                    code=saved.code, version=saved.version
                )
            )
        self.setsChanged.emit()

    def _on_source_button_clicked(self) -> None:
        set_id = self.current_set_id()
        if set_id is None:
            return
        s = self._sets[set_id]
        dialog = QDialog(self)
        keep_on_screen(dialog)
        dialog.setWindowTitle(_("Source of {title}").format(title=s.label))
        text = QPlainTextEdit(self._ws.store.criteria.source_text(set_id), dialog)
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(800, 600)
        self.dialog = dialog
        dialog.open()

    def _warn(self, title: str, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog = box
        box.open()
