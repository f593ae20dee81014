"""Item model of the unit tree: children are sorted and counted only when the view asks for them.

Nodes carry an integer internal id (the unit's position in `_ids`), so no Python object has to be
kept alive behind a QModelIndex. A node's children are listed (filtered and put in Vietnamese
order with QCollator) the first time the view needs them, i.e. when the node is expanded.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from anninh_desktop.domain.assessments import STATE_LABELS
from anninh_desktop.domain.units import UNIT_KIND_LABELS, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.navigator_service import TreeUnit, UnitTree

COL_NAME, COL_STATE, COL_PROGRESS = range(3)
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_KIND_RANK = {kind: rank for rank, kind in enumerate(UnitKind)}
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as the default parent


def vietnamese_collator() -> QCollator:
    """Vietnamese order ("Đ" after "D"), numbers by value ("Ấp 2" before "Ấp 10")."""
    collator = QCollator(QLocale("vi_VN"))
    collator.setNumericMode(True)
    return collator


# Combined once: or-ing PySide6 flag enums costs ~40 µs, and views ask for flags of every row
# painted (hundreds per selection; bench/select_unit.py).
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SERVED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, int(UNIT_ID_ROLE)})


class UnitTreeModel(QAbstractItemModel):
    """Units of a `UnitTree`, limited to a set of visible ids when a filter is on."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._collator = vietnamese_collator()
        self._tree: UnitTree | None = None
        self._visible: frozenset[str] | None = None
        self._ids: list[str] = []  # internal id → unit id
        self._number: dict[str, int] = {}
        self._kids: dict[str | None, list[str]] = {}  # listed children, sorted and filtered
        self._row: dict[str, int] = {}  # row of a listed unit under its parent
        self._sort_keys: dict[str, object] = {}
        self.successor_names = None  # callable(unit_id) -> list[str], for historic tooltips
        # callable(unit_ids): read the counts of units about to be listed (see ensure_progress)
        self.progress_loader = None

    # ------------------------------------------------------------------------- content
    @property
    def tree(self) -> UnitTree | None:
        return self._tree

    def set_tree(self, tree: UnitTree, visible: frozenset[str] | None = None) -> None:
        """Show another tree (scope or year changed); `visible` None shows every unit."""
        self.beginResetModel()
        self._tree = tree
        self._visible = visible
        self._ids = list(tree.units)
        self._number = {unit_id: n for n, unit_id in enumerate(self._ids)}
        self._sort_keys = {}
        self._forget_children()
        self.endResetModel()

    def set_visible(self, visible: frozenset[str] | None) -> None:
        """Show only these units (a filter's result), or all of them."""
        self.beginResetModel()
        self._visible = visible
        self._forget_children()
        self.endResetModel()

    def _forget_children(self) -> None:
        self._kids = {}
        self._row = {}

    def assessments_changed(self, unit_ids: list[str]) -> None:
        """Repaint the state and progress of these units (where the view has them)."""
        for unit_id in unit_ids:
            index = self._listed_index(unit_id)
            if index.isValid():
                self.dataChanged.emit(
                    index.siblingAtColumn(COL_NAME), index.siblingAtColumn(COL_PROGRESS)
                )

    def all_assessments_changed(self) -> None:
        """Repaint every listed node (another year's assessments are in the tree now)."""
        if self.progress_loader is not None:
            self.progress_loader(list(self._row))
        for parent_id, kids in self._kids.items():
            if not kids:
                continue
            parent = self.index_of(parent_id) if parent_id is not None else QModelIndex()
            self.dataChanged.emit(
                self.index(0, COL_NAME, parent), self.index(len(kids) - 1, COL_PROGRESS, parent)
            )

    # ------------------------------------------------------------------------- children
    def _children(self, parent_id: str | None) -> list[str]:
        kids = self._kids.get(parent_id)
        if kids is None:
            assert self._tree is not None
            kids = self._tree.children.get(parent_id, [])
            if self._visible is not None:
                kids = [k for k in kids if k in self._visible]
            kids = sorted(kids, key=self._sort_key)
            self._kids[parent_id] = kids
            for row, unit_id in enumerate(kids):
                self._row[unit_id] = row
            if self.progress_loader is not None:
                self.progress_loader(kids)
        return kids

    def _sort_key(self, unit_id: str) -> tuple:
        key = self._sort_keys.get(unit_id)
        if key is None:
            assert self._tree is not None
            unit = self._tree.units[unit_id]
            # By name without "Xã"/"Phường", current units before historic ones.
            key = (
                unit.historic,
                _KIND_RANK[unit.kind],
                self._collator.sortKey(unit.name),
                self._collator.sortKey(unit.display_name),
            )
            self._sort_keys[unit_id] = key
        return key  # type: ignore[return-value]

    def _parent_id(self, unit_id: str) -> str | None:
        assert self._tree is not None
        parent = self._tree.units[unit_id].parent_id
        return parent if parent in self._tree.units else None

    def _unit(self, index: _Index) -> TreeUnit | None:
        if not index.isValid() or self._tree is None:
            return None
        return self._tree.units[self._ids[index.internalId()]]

    def unit_id(self, index: _Index) -> str | None:
        unit = self._unit(index)
        return unit.id if unit is not None else None

    def is_listed(self, unit_id: str) -> bool:
        """Whether the unit is in the tree and not hidden by the filter."""
        if self._tree is None or unit_id not in self._tree.units:
            return False
        return self._visible is None or unit_id in self._visible

    def index_of(self, unit_id: str, column: int = COL_NAME) -> QModelIndex:
        """The index of a unit, listing its ancestors' children as needed; invalid if hidden."""
        if not self.is_listed(unit_id):
            return QModelIndex()
        parent_id = self._parent_id(unit_id)
        if parent_id is not None and not self.index_of(parent_id).isValid():
            return QModelIndex()
        self._children(parent_id)
        return self.createIndex(self._row[unit_id], column, self._number[unit_id])

    def _listed_index(self, unit_id: str) -> QModelIndex:
        """The unit's index only if its parent's children are listed already (no listing)."""
        if unit_id not in self._row or not self.is_listed(unit_id):
            return QModelIndex()
        return self.createIndex(self._row[unit_id], COL_NAME, self._number[unit_id])

    # ------------------------------------------------------------------------- Qt model
    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        if self._tree is None or column < 0 or column > COL_PROGRESS:
            return QModelIndex()
        kids = self._children(self.unit_id(parent))
        if not 0 <= row < len(kids):
            return QModelIndex()
        return self.createIndex(row, column, self._number[kids[row]])

    def parent(self, index: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        unit = self._unit(index)
        if unit is None:
            return QModelIndex()
        parent_id = self._parent_id(unit.id)
        if parent_id is None:
            return QModelIndex()
        if parent_id not in self._row:
            self._children(self._parent_id(parent_id))
        return self.createIndex(self._row[parent_id], COL_NAME, self._number[parent_id])

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if self._tree is None or parent.column() > 0:
            return 0
        return len(self._children(self.unit_id(parent)))

    def hasChildren(self, parent: _Index = _ROOT) -> bool:
        # Asked for every shown node: answer without listing (sorting, reading counts) children.
        if self._tree is None or parent.column() > 0:
            return False
        parent_id = self.unit_id(parent)
        kids = self._tree.children.get(parent_id)
        if not kids:
            return False
        if parent_id in self._kids:
            return bool(self._kids[parent_id])
        visible = self._visible
        return visible is None or any(k in visible for k in kids)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 3

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Unit"), _("State"), _("Met"))[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def data(self, index: _Index, role: int = _DISPLAY):
        if role not in _SERVED_ROLES:  # views ask for a dozen roles a cell, every paint
            return None
        unit = self._unit(index)
        if unit is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            return self._display(unit, column)
        if role == UNIT_ID_ROLE:
            return unit.id
        if role == _TOOLTIP:
            return self._tooltip(unit)
        if role == _FOREGROUND:
            if unit.historic:
                return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
            return None
        if column == COL_PROGRESS:  # _ALIGNMENT
            return _RIGHT_ALIGNED
        return None

    def _display(self, unit: TreeUnit, column: int) -> str:
        assert self._tree is not None
        if column == COL_NAME:
            if unit.historic:
                return _("{name} (former)").format(name=unit.display_name)
            return unit.display_name
        items = self._tree.assessments.get(unit.id)
        if not items:
            return ""
        main = items[0]
        if column == COL_STATE:
            return _(STATE_LABELS[main.state])
        progress = self._tree.progress.get(main.assessment_id)
        label = progress.label if progress is not None else ""
        if len(items) > 1:
            return _("{progress} +{others}").format(progress=label, others=len(items) - 1)
        return label

    def _tooltip(self, unit: TreeUnit) -> str:
        assert self._tree is not None
        lines = [unit.display_name, _(UNIT_KIND_LABELS[unit.kind])]
        if unit.code:
            lines[1] += " · " + _("code {code}").format(code=unit.code)
        if unit.historic:
            lines.append(
                _("Existed until {end}").format(end=format_date(unit.valid_to))
                if unit.valid_from is None
                else _("Existed {start} – {end}").format(
                    start=format_date(unit.valid_from), end=format_date(unit.valid_to)
                )
            )
            names = self.successor_names(unit.id) if self.successor_names else []
            if names:
                lines.append(_("Replaced by: {names}").format(names=", ".join(names)))
        items = self._tree.assessments.get(unit.id, [])
        if not items and unit.kind not in (UnitKind.PROVINCE, UnitKind.DISTRICT):
            lines.append(_("Not registered for {year}").format(year=self._tree.year))
        for item in items:
            progress = self._tree.progress.get(item.assessment_id)
            if progress is None:  # counts not read (the node was never listed)
                lines.append(f"{item.set_title}: {_(STATE_LABELS[item.state])}")
                continue
            lines.append(
                _("{set}: {state}, {progress} met ({done}/{total} assessed)").format(
                    set=item.set_title,
                    state=_(STATE_LABELS[item.state]),
                    progress=progress.label,
                    done=progress.done,
                    total=progress.total,
                )
            )
        return "\n".join(lines)
