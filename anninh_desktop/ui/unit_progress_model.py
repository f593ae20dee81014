"""Item model of the first window: province → commune → units, each with its assessments' progress."""

from __future__ import annotations

from functools import cmp_to_key

from PySide6.QtCore import QCollator, QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from anninh_desktop.domain.assessments import STATE_LABELS
from anninh_desktop.domain.units import UNIT_KIND_LABELS, Unit, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.overview_service import UnitProgressRow

COL_NAME, COL_KIND, COL_SET, COL_YEAR, COL_STATE, COL_PROGRESS = range(6)
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # the name without "Xã"/"Phường", for ordering


def _collator() -> QCollator:
    collator = QCollator(QLocale("vi_VN"))
    collator.setNumericMode(True)
    return collator


def build_model(rows: list[UnitProgressRow], units: dict[str, Unit]) -> QStandardItemModel:
    """A tree of units (ancestors from `units`) with one child row per assessment of each unit."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(
        [_("Unit"), _("Kind"), _("Criterion set"), _("Year"), _("State"), _("Met")]
    )
    collator = _collator()
    items: dict[str, QStandardItem] = {}

    def item_for(unit_id: str) -> QStandardItem:
        if unit_id in items:
            return items[unit_id]
        unit = units[unit_id]
        name = QStandardItem(unit.display_name)
        name.setData(unit.id, UNIT_ID_ROLE)
        name.setData(unit.name, SORT_NAME_ROLE)
        name.setEditable(False)
        label = _(UNIT_KIND_LABELS[unit.kind])
        if unit.kind in (UnitKind.PROVINCE, UnitKind.COMMUNE) and unit.subtype:
            label = unit.subtype[:1].upper() + unit.subtype[1:]  # "Phường", "Đặc khu", "Thành phố"
        kind = QStandardItem(label)
        kind.setEditable(False)
        parent = item_for(unit.parent_id) if unit.parent_id in units else None
        cells = [name, kind] + [QStandardItem("") for _ in range(4)]
        for cell in cells[2:]:
            cell.setEditable(False)
        (parent.appendRow(cells) if parent is not None else model.appendRow(cells))
        items[unit_id] = name
        return name

    for row in sorted(rows, key=lambda r: (-r.assessment.year, r.set_title)):
        unit_item = item_for(row.unit.id)
        cells = [
            QStandardItem(""),
            QStandardItem(""),
            QStandardItem(row.set_title),
            QStandardItem(str(row.assessment.year)),
            QStandardItem(_(STATE_LABELS[row.assessment.state])),
            QStandardItem(row.progress_label),
        ]
        cells[COL_PROGRESS].setTextAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        cells[COL_PROGRESS].setToolTip(
            _("{met} met of {applicable} applicable; {done}/{total} assessed").format(
                met=row.met, applicable=row.applicable, done=row.done, total=row.total
            )
        )
        for cell in cells:
            cell.setEditable(False)
        unit_item.appendRow(cells)
    _sort_children(model.invisibleRootItem(), collator)
    return model


def _sort_children(item: QStandardItem, collator: QCollator) -> None:
    """Vietnamese order of unit names (Python's sort orders by code point, which is wrong)."""
    rows = [item.takeRow(0) for _ in range(item.rowCount())]
    units = [r for r in rows if r[0].data(UNIT_ID_ROLE)]
    assessments = [r for r in rows if not r[0].data(UNIT_ID_ROLE)]
    units.sort(
        key=cmp_to_key(
            lambda a, b: collator.compare(a[0].data(SORT_NAME_ROLE), b[0].data(SORT_NAME_ROLE))
        )
    )
    for r in assessments + units:
        item.appendRow(r)
        _sort_children(r[0], collator)
