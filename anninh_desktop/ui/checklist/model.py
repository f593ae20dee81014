"""Item model of the checklist: groups ▸ criteria ▸ items of a set, with one assessment's results.

The tree of a criterion set is built once per set id and kept (set versions never change); showing
another assessment only swaps the results and evidence counts, so it costs no parsing and no query
per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from anninh_desktop.domain.assessments import (
    RESULT_LABELS,
    WORK_STATUS_LABELS,
    Result,
    ResultValue,
)
from anninh_desktop.domain.criteria import (
    EVIDENCE_KIND_LABELS,
    Criterion,
    CriterionLevel,
    CriterionSet,
)
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_date, format_number
from anninh_desktop.ui.checklist.marks import RESULT_COLOURS, missing_evidence_icon, result_icon

COL_CRITERION, COL_RESULT, COL_STATUS, COL_EVIDENCE, COL_DUE, COL_RESPONSIBLE = range(6)
COLUMN_COUNT = 6

REF_ROLE = Qt.ItemDataRole.UserRole + 1  # the criterion ref of the row
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # folded text the find box matches
ASSESSABLE_ROLE = Qt.ItemDataRole.UserRole + 3  # True for rows that carry a result
VALUE_ROLE = Qt.ItemDataRole.UserRole + 4  # ResultValue of the row (None for headings)
MISSING_ROLE = Qt.ItemDataRole.UserRole + 5  # True when required evidence is missing

Index = QModelIndex | QPersistentModelIndex
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ROOT = QModelIndex()
_SERVED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        REF_ROLE,
        SEARCH_ROLE,
        ASSESSABLE_ROLE,
        VALUE_ROLE,
        MISSING_ROLE,
    }
)


@dataclass(eq=False)
class Node:
    criterion: Criterion
    parent: Node | None
    row: int
    children: list[Node] = field(default_factory=list)
    search: str = ""


@dataclass
class SetTree:
    roots: list[Node]
    by_ref: dict[str, Node]


def build_tree(criterion_set: CriterionSet) -> SetTree:
    """The set's rows as a tree following parent_ref, in the set's order."""
    by_ref: dict[str, Node] = {}
    roots: list[Node] = []
    for c in criterion_set.criteria:
        parent = by_ref.get(c.parent_ref) if c.parent_ref else None
        siblings = parent.children if parent is not None else roots
        node = Node(c, parent, len(siblings), search=fold(f"{c.ref} {c.number} {c.text}"))
        siblings.append(node)
        by_ref[c.ref] = node
    return SetTree(roots, by_ref)


def row_title(c: Criterion) -> str:
    """ "1. Quý I hằng năm…", "a) Hoạt động…"; a group shows its text alone when it has no number."""
    text = " ".join(c.text.split())
    if not c.number:
        return text
    if c.level is CriterionLevel.ITEM and c.number.isalpha():
        return f"{c.number}) {text}"
    return f"{c.number}. {text}"


def required_evidence_text(c: Criterion) -> str:
    return ", ".join(_(EVIDENCE_KIND_LABELS[k]) for k in c.required_evidence)


class ChecklistModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trees: dict[str, SetTree] = {}
        self._tree = SetTree([], {})
        self._results: dict[str, Result] = {}
        self._counts: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        # Views ask for the same cells over and over while painting; answers are kept until the
        # row's data changes (this keeps a repaint of the whole checklist in a few milliseconds).
        self._memo: dict[tuple[str, int, int], Any] = {}

    # content -------------------------------------------------------------------------------
    def set_content(
        self,
        criterion_set: CriterionSet | None,
        results: dict[str, Result],
        counts: dict[str, int],
    ) -> None:
        """Show a set with one assessment's results (None: empty)."""
        self.beginResetModel()
        if criterion_set is None:
            self._tree = SetTree([], {})
        else:
            tree = self._trees.get(criterion_set.id)
            if tree is None:
                tree = self._trees[criterion_set.id] = build_tree(criterion_set)
            self._tree = tree
        self._results = dict(results)
        self._counts = dict(counts)
        self._memo.clear()
        self.endResetModel()

    def update_content(self, results: dict[str, Result], counts: dict[str, int]) -> None:
        """New results and counts for the same set: the rows stay, so selection and expansion stay."""
        self._results = dict(results)
        self._counts = dict(counts)
        self._memo.clear()
        for node in self._tree.by_ref.values():
            self._changed(node)

    def update_result(self, result: Result) -> None:
        self._results[result.criterion_ref] = result
        node = self._tree.by_ref.get(result.criterion_ref)
        if node is not None:
            self._changed(node)

    def _changed(self, node: Node) -> None:
        ref = node.criterion.ref
        for key in [k for k in self._memo if k[0] == ref]:
            del self._memo[key]
        parent = self._index_of_parent(node)
        self.dataChanged.emit(
            self.index(node.row, 0, parent), self.index(node.row, COLUMN_COUNT - 1, parent)
        )

    def _number(self, n: int) -> str:
        # babel takes about a millisecond per call; a checklist shows few distinct counts
        key = ("", -1, n)
        if key not in self._memo:
            self._memo[key] = format_number(n)
        return str(self._memo[key])

    def result(self, ref: str) -> Result | None:
        return self._results.get(ref)

    def evidence_count(self, ref: str) -> int:
        return self._counts.get(ref, 0)

    def criterion(self, ref: str) -> Criterion | None:
        node = self._tree.by_ref.get(ref)
        return node.criterion if node is not None else None

    def refs(self) -> list[str]:
        return list(self._tree.by_ref)

    def row_texts(self) -> list[tuple[int, str, bool]]:
        """(depth, shown text, bold) of every row, for fitting the criterion column."""
        out = []
        for node in self._tree.by_ref.values():
            depth, parent = 0, node.parent
            while parent is not None:
                depth, parent = depth + 1, parent.parent
            c = node.criterion
            out.append((depth, row_title(c), c.level is CriterionLevel.GROUP))
        return out

    def index_of(self, ref: str) -> QModelIndex:
        node = self._tree.by_ref.get(ref)
        if node is None:
            return QModelIndex()
        return self.index(node.row, 0, self._index_of_parent(node))

    def missing_evidence(self, c: Criterion) -> bool:
        """Required evidence with nothing linked (not asked of a row marked not applicable)."""
        if not c.required_evidence or self._counts.get(c.ref, 0):
            return False
        result = self._results.get(c.ref)
        return result is None or result.value is not ResultValue.NOT_APPLICABLE

    # tree structure ------------------------------------------------------------------------
    def _node(self, index: Index) -> Node | None:
        return index.internalPointer() if index.isValid() else None

    def _index_of_parent(self, node: Node) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        siblings = parent.internalPointer().children if parent.isValid() else self._tree.roots
        if not (0 <= row < len(siblings) and 0 <= column < COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        owner = self._node(parent)
        return len(owner.children if owner is not None else self._tree.roots)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            _("Criterion"),
            _("Result"),
            _("Work"),
            _("Evidence"),
            _("Due"),
            _("Responsible"),
        ][section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # cells ---------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED_ROLES or not index.isValid():
            return None
        node: Node = index.internalPointer()
        key = (node.criterion.ref, index.column(), role)
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = self._data(node, index.column(), role)
            return value

    def _data(self, node: Node, column: int, role: int) -> Any:
        c = node.criterion
        result = self._results.get(c.ref) if c.assessable else None
        if role == REF_ROLE:
            return c.ref
        if role == ASSESSABLE_ROLE:
            return result is not None
        if role == VALUE_ROLE:
            return result.value if result is not None else None
        if role == MISSING_ROLE:
            return result is not None and self.missing_evidence(c)
        if role == SEARCH_ROLE:
            if result is None:
                return node.search
            return f"{node.search} {fold(result.note)} {fold(result.responsible)}"
        if column == COL_CRITERION:
            return self._criterion_cell(c, result, role)
        if result is None:
            return None
        if column == COL_RESULT:
            return self._result_cell(result, role)
        if column == COL_STATUS and role == Qt.ItemDataRole.DisplayRole:
            return _(WORK_STATUS_LABELS[result.work_status])
        if column == COL_EVIDENCE:
            return self._evidence_cell(c, role)
        if column == COL_DUE and role == Qt.ItemDataRole.DisplayRole:
            return format_date(result.due_date)
        if column == COL_RESPONSIBLE and role == Qt.ItemDataRole.DisplayRole:
            return result.responsible
        return None

    def _criterion_cell(self, c: Criterion, result: Result | None, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row_title(c)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = c.text
            if c.computed is not None:
                tip += "\n\n" + _("Set by the program from the child units' records.")
            return tip
        if role == Qt.ItemDataRole.FontRole:
            if c.level is CriterionLevel.GROUP:
                return self._bold
            if c.computed is not None or not c.known:
                return self._italic
        return None

    def _result_cell(self, result: Result, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _(RESULT_LABELS[result.value])
        if role == Qt.ItemDataRole.DecorationRole:
            return result_icon(result.value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return RESULT_COLOURS[result.value]
        if role == Qt.ItemDataRole.ToolTipRole:
            if result.value is ResultValue.NOT_APPLICABLE:
                return result.na_reason or None
            return result.figures or None
        return None

    def _evidence_cell(self, c: Criterion, role: int) -> Any:
        count = self._counts.get(c.ref, 0)
        missing = self.missing_evidence(c)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._number(count)
        if role == Qt.ItemDataRole.DecorationRole and missing:
            return missing_evidence_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if missing:
                return _("Evidence required and none linked: {kinds}").format(
                    kinds=required_evidence_text(c)
                )
            if c.required_evidence:
                return _("Evidence required: {kinds}").format(kinds=required_evidence_text(c))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ChecklistFilter(QSortFilterProxyModel):
    """Rows whose folded text holds every word of the find box; parents of matches stay visible."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def active(self) -> bool:
        return bool(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        text = index.data(SEARCH_ROLE) or ""
        return all(word in text for word in self._words)
