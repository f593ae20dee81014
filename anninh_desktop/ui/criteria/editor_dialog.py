"""Writing a new version of a criterion set: header, criteria tree, row fields, problems, save."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from anninh_desktop.domain.criteria import Criterion, CriterionLevel, CriterionSet, Scoring
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.criteria_editing import (
    DraftRow,
    SetValidationError,
    assemble,
    check_draft,
    draft_rows,
    row_of_problem,
    save_new_version,
    source_name,
)
from anninh_desktop.services.criteria_library import Problem
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.criteria.header_form import HeaderForm
from anninh_desktop.ui.criteria.row_form import RowForm
from anninh_desktop.ui.criteria.set_detail import UNKNOWN_COLOR
from anninh_desktop.ui.screen_fit import keep_on_screen

DRAFT_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 2  # index into the dialog's problem list
_ITEM_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def row_label(c: Criterion) -> str:
    """How a row reads in the editor's tree."""
    number = c.number or c.ref
    if not c.known:
        return _("{number}. [text unknown] {placeholder}").format(number=number, placeholder=c.text)
    return _("{number}. {text}").format(number=number, text=c.text or _("(no text yet)"))


class SetEditorDialog(QDialog):
    """Edits a draft and saves it as the next version of its code; emits saved(set_id)."""

    saved = Signal(str)

    def __init__(self, workspace: Workspace, draft: CriterionSet, parent: QWidget | None = None):
        super().__init__(parent)
        keep_on_screen(self)
        self._ws = workspace
        self._base = draft
        self._dirty = False
        self._problems: list[Problem] = []
        self.setWindowTitle(
            _("New version {version} of {code}").format(version=draft.version, code=draft.code)
        )
        self.header_form = HeaderForm(draft, self)
        self.tree_model = QStandardItemModel(self)
        self.tree_model.setHorizontalHeaderLabels([_("Criteria")])
        self.tree = QTreeView(self)
        self.tree.setModel(self.tree_model)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.add_group_button = QPushButton(_("Add group"), self)
        self.add_criterion_button = QPushButton(_("Add criterion"), self)
        self.add_item_button = QPushButton(_("Add sub-item"), self)
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.row_form = RowForm(self)
        self.problems_model = QStandardItemModel(self)
        self.problems_view = QListView(self)
        self.problems_view.setModel(self.problems_model)
        self.problems_view.setMaximumHeight(120)
        self.problems_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.problems_label = QLabel(self)
        self.check_button = QPushButton(_("Check"), self)
        self.save_button = QPushButton(
            _("Save as version {version}").format(version=draft.version), self
        )
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self._build_layout()
        self._fill_tree(draft_rows(draft))

        self.header_form.changed.connect(self._on_header_form_changed)
        self.row_form.rowEdited.connect(self._on_row_form_row_edited)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.add_group_button.clicked.connect(self._on_add_group_button_clicked)
        self.add_criterion_button.clicked.connect(self._on_add_criterion_button_clicked)
        self.add_item_button.clicked.connect(self._on_add_item_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.problems_view.clicked.connect(self._on_problems_view_clicked)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self._update_buttons()
        self.resize(1100, 760)

    # ------------------------------------------------------------------ layout

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        for button in (
            self.add_group_button,
            self.add_criterion_button,
            self.add_item_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.tree)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.row_form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(splitter, _("Criteria"))
        self.tabs.addTab(self.header_form, _("Set and legal basis"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems_label, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems_view)
        layout.addLayout(buttons)
        self.problems_view.setVisible(False)

    # ------------------------------------------------------------------ the tree

    def _new_item(self, draft: DraftRow) -> QStandardItem:
        item = QStandardItem()
        item.setData(draft, DRAFT_ROLE)
        self._refresh_item(item)
        return item

    def _refresh_item(self, item: QStandardItem) -> None:
        c: Criterion = item.data(DRAFT_ROLE).row
        item.setText(row_label(c))
        font = QFont()
        font.setBold(c.level is CriterionLevel.GROUP)
        font.setItalic(not c.known)
        item.setFont(font)
        item.setForeground(QBrush(UNKNOWN_COLOR) if not c.known else QBrush())

    def _fill_tree(self, rows: list[DraftRow]) -> None:
        def add(parent: QStandardItem, drafts: list[DraftRow]) -> None:
            for draft in drafts:
                item = self._new_item(draft)
                parent.appendRow(item)
                add(item, draft.children)

        add(self.tree_model.invisibleRootItem(), rows)
        self.tree.expandAll()
        self.header_form.set_unknown_rows(any(not d.row.known for d in self._all_drafts()))

    def _items(self, parent: QStandardItem | None = None) -> list[QStandardItem]:
        parent = parent or self.tree_model.invisibleRootItem()
        return [parent.child(row) for row in range(parent.rowCount())]

    def _all_items(self, parent: QStandardItem | None = None) -> list[QStandardItem]:
        found = []
        for item in self._items(parent):
            found.append(item)
            found.extend(self._all_items(item))
        return found

    def _all_drafts(self) -> list[DraftRow]:
        return [item.data(DRAFT_ROLE) for item in self._all_items()]

    def top_rows(self) -> list[DraftRow]:
        """The draft's rows as the tree now orders them."""

        def collect(parent: QStandardItem | None) -> list[DraftRow]:
            drafts = []
            for item in self._items(parent):
                draft: DraftRow = item.data(DRAFT_ROLE)
                draft.children = collect(item)
                drafts.append(draft)
            return drafts

        return collect(None)

    def current_item(self) -> QStandardItem | None:
        index = self.tree.currentIndex()
        return self.tree_model.itemFromIndex(index) if index.isValid() else None

    def select_ref(self, ref: str) -> bool:
        """Make the row with this ref current (tests, problem list); False when there is none."""
        for item in self._all_items():
            if item.data(DRAFT_ROLE).row.ref == ref:
                self.tabs.setCurrentIndex(0)
                self.tree.setCurrentIndex(item.index())
                return True
        return False

    def _has_groups(self) -> bool:
        return any(i.data(DRAFT_ROLE).row.level is CriterionLevel.GROUP for i in self._items())

    def _level(self, item: QStandardItem) -> CriterionLevel:
        level: CriterionLevel = item.data(DRAFT_ROLE).row.level
        return level

    def _update_buttons(self) -> None:
        item = self.current_item()
        has_groups = self._has_groups()
        self.add_group_button.setEnabled(has_groups or not self._items())
        self.add_criterion_button.setEnabled(not has_groups or item is not None)
        self.add_item_button.setEnabled(
            item is not None and self._level(item) is not CriterionLevel.GROUP
        )
        parent_count = (
            (item.parent() or self.tree_model.invisibleRootItem()).rowCount() if item else 0
        )
        self.up_button.setEnabled(item is not None and item.row() > 0)
        self.down_button.setEnabled(item is not None and item.row() < parent_count - 1)
        self.remove_button.setEnabled(item is not None)

    def _refs(self) -> set[str]:
        return {d.row.ref for d in self._all_drafts()}

    def _insert(self, parent: QStandardItem, draft: DraftRow) -> None:
        item = self._new_item(draft)
        parent.appendRow(item)
        self.tree.expand(parent.index())
        self.tree.setCurrentIndex(item.index())
        self._mark_dirty()
        self.row_form.text_edit.setFocus()

    def _on_add_group_button_clicked(self) -> None:
        refs = self._refs()
        ref = next((r for r in _ROMAN if r not in refs), f"G{len(self._items()) + 1}")
        row = Criterion(ref=ref, level=CriterionLevel.GROUP, text="", number=ref, assessable=False)
        self._insert(self.tree_model.invisibleRootItem(), DraftRow(row))

    def _on_add_criterion_button_clicked(self) -> None:
        parent = self.tree_model.invisibleRootItem()
        if self._has_groups():
            item = self.current_item()
            while item is not None and self._level(item) is not CriterionLevel.GROUP:
                item = item.parent()
            if item is None:
                return
            parent = item
        numbers = [int(r) for r in self._refs() if r.isdigit()]
        ref = str(max(numbers, default=0) + 1)
        self._insert(parent, DraftRow(Criterion(ref=ref, level=CriterionLevel.CRITERION, text="")))

    def _on_add_item_button_clicked(self) -> None:
        parent = self.current_item()
        if parent is None:
            return
        base = parent.data(DRAFT_ROLE).row.ref
        refs = self._refs()
        letter = next(
            (x for x in _ITEM_LETTERS if f"{base}.{x}" not in refs), str(parent.rowCount() + 1)
        )
        row = Criterion(ref=f"{base}.{letter}", level=CriterionLevel.ITEM, text="", number=letter)
        self._insert(parent, DraftRow(row))

    def _move(self, step: int) -> None:
        item = self.current_item()
        if item is None:
            return
        parent = item.parent() or self.tree_model.invisibleRootItem()
        row = item.row()
        if not 0 <= row + step < parent.rowCount():
            return
        expanded = self.tree.isExpanded(item.index())
        taken = parent.takeRow(row)
        parent.insertRow(row + step, taken)
        moved = taken[0]
        if expanded:
            self.tree.expand(moved.index())
        self.tree.setCurrentIndex(moved.index())
        self._mark_dirty()

    def _on_remove_button_clicked(self) -> None:
        item = self.current_item()
        if item is None:
            return
        count = len(self._all_items(item))
        if count and not self._confirm(
            ngettext(
                "Remove this row and its {count} sub-row?",
                "Remove this row and its {count} sub-rows?",
                count,
            ).format(count=count)
        ):
            return
        parent = item.parent() or self.tree_model.invisibleRootItem()
        parent.removeRow(item.row())
        self._mark_dirty()
        self._update_buttons()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.tree_model.itemFromIndex(current) if current.isValid() else None
        draft = item.data(DRAFT_ROLE) if item else None
        self.row_form.set_row(draft, points=self.header_form.scoring() is Scoring.POINTS)
        if draft is not None:
            self.row_form.show_problems(
                [p for p in self._problems if row_of_problem(self.top_rows(), p) is draft]
            )
        self._update_buttons()

    def _on_row_form_row_edited(self) -> None:
        item = self.current_item()
        if item is not None:
            self._refresh_item(item)
        self.header_form.set_unknown_rows(any(not d.row.known for d in self._all_drafts()))
        self._mark_dirty()

    def _on_header_form_changed(self) -> None:
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        self._dirty = True

    def is_dirty(self) -> bool:
        return self._dirty

    # ------------------------------------------------------------------ checking and saving

    def _draft_set(self) -> tuple[CriterionSet, list[DraftRow], list[Problem]]:
        header, problems = self.header_form.read(source_name(self._base))
        rows = self.top_rows()
        return header, rows, problems + check_draft(header, rows)

    def check(self) -> list[Problem]:
        """Check the draft and show its problems; returns them."""
        _header, rows, problems = self._draft_set()
        self._show_problems(problems, rows)
        return problems

    def _show_problems(self, problems: list[Problem], rows: list[DraftRow]) -> None:
        self._problems = problems
        self.problems_model.clear()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        owners = {id(row_of_problem(rows, p)) for p in problems}
        for item in self._all_items():
            marked = id(item.data(DRAFT_ROLE)) in owners
            item.setIcon(warning if marked else QIcon())
            item.setToolTip(_("This row has problems") if marked else "")
        for index, p in enumerate(problems):
            row = row_of_problem(rows, p)
            where = row.row.ref if row else _("Set")
            entry = QStandardItem(
                _("{where}: {field}: {message}").format(
                    where=where, field=p.field or p.location, message=p.message
                )
            )
            entry.setData(index, PROBLEM_ROLE)
            entry.setIcon(warning)
            self.problems_model.appendRow(entry)
        self.problems_view.setVisible(bool(problems))
        self.problems_label.setText(
            ngettext(
                "{count} problem: click it to go to the row or field",
                "{count} problems: click one to go to the row or field",
                len(problems),
            ).format(count=len(problems))
            if problems
            else _("No problems found")
        )
        current = self.row_form.draft()
        if current is not None:
            self.row_form.show_problems([p for p in problems if row_of_problem(rows, p) is current])

    def _on_problems_view_clicked(self, index: QModelIndex) -> None:
        p = self._problems[index.data(PROBLEM_ROLE)]
        rows = self.top_rows()
        owner = row_of_problem(rows, p)
        if owner is None:
            self.tabs.setCurrentWidget(self.header_form)
            self.header_form.focus_field(p.path, p.field)
            return
        for item in self._all_items():
            if item.data(DRAFT_ROLE) is owner:
                self.tabs.setCurrentIndex(0)
                self.tree.setCurrentIndex(item.index())
                return

    def _on_check_button_clicked(self) -> None:
        self.check()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self) -> CriterionSet | None:
        """Validate and store as a new version; None (problems shown) when it cannot be saved."""
        header, rows, problems = self._draft_set()
        if problems:
            self._show_problems(problems, rows)
            return None
        try:
            saved = save_new_version(self._ws, assemble(header, rows))
        except SetValidationError as exc:
            self._show_problems(exc.problems, rows)
            return None
        except UserError as exc:
            QMessageBox.warning(self, _("Cannot save the set"), exc.message)
            return None
        self._dirty = False
        self.saved.emit(saved.id)
        self.accept()
        return saved

    # ------------------------------------------------------------------ closing

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, _("Criterion set"), question)
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self._dirty and not self._confirm(_("Close the editor and discard your changes?")):
            return
        self._dirty = False
        super().reject()
