"""Choosing an office's unit: type part of a name or a code, pick a province or a commune."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.workspace import Workspace

OFFICE_KINDS = (UnitKind.PROVINCE, UnitKind.COMMUNE)
MAX_SHOWN = 30
UNIT_ID_ROLE = Qt.ItemDataRole.UserRole


class UnitChooser(QWidget):
    """A search field and the matching provinces and communes (name, province, code)."""

    unitChosen = Signal(str)  # "" when nothing is chosen

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            _("Type part of the name or the code of a commune or province")
        )
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.setFocusProxy(self.search)
        self.search.textEdited.connect(self._on_search_textEdited)
        self.search.returnPressed.connect(self._on_search_returnPressed)
        self.results.currentItemChanged.connect(self._on_results_currentItemChanged)

    def unit_id(self) -> str:
        item = self.results.currentItem()
        return str(item.data(UNIT_ID_ROLE)) if item is not None else ""

    def set_unit(self, unit_id: str) -> None:
        """Show one unit, chosen (the office's current unit)."""
        self.results.clear()
        if not unit_id:
            return
        try:
            unit = self._ws.store.units.get(unit_id)
        except KeyError:
            return
        self._add(unit_id)
        self.results.setCurrentRow(0)
        self.search.setText(unit.display_name)

    def _label(self, unit_id: str) -> str:
        unit = self._ws.store.units.get(unit_id)
        parent = ""
        if unit.parent_id:
            try:
                parent = self._ws.store.units.get(unit.parent_id).display_name
            except KeyError:
                parent = ""
        parts = [unit.display_name] + ([parent] if parent else [])
        return " — ".join(parts) + (f" ({unit.code})" if unit.code else "")

    def _add(self, unit_id: str) -> None:
        item = QListWidgetItem(self._label(unit_id))
        item.setData(UNIT_ID_ROLE, unit_id)
        self.results.addItem(item)

    def _on_search_textEdited(self, text: str) -> None:
        self.results.clear()
        text = text.strip()
        if len(text) < 2:
            self.unitChosen.emit("")
            return
        found = []
        by_code = self._ws.store.units.by_code(text)
        if by_code is not None and by_code.kind in OFFICE_KINDS:
            found.append(by_code)
        found += [
            u
            for u in self._ws.store.units.search(text, limit=MAX_SHOWN * 4)
            if u.kind in OFFICE_KINDS and u.id not in {f.id for f in found}
        ]
        for unit in found[:MAX_SHOWN]:
            self._add(unit.id)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)
        else:
            self.unitChosen.emit("")

    def _on_search_returnPressed(self) -> None:
        if self.results.count() and self.results.currentItem() is None:
            self.results.setCurrentRow(0)

    def _on_results_currentItemChanged(
        self, current: QListWidgetItem | None, _previous: object
    ) -> None:
        self.unitChosen.emit(str(current.data(UNIT_ID_ROLE)) if current is not None else "")
