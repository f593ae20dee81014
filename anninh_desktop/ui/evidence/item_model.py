"""A list of evidence items: thumbnail, title, and kind · number · date under it; an item whose
file the check on arrival found wanting says so first, in warning colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCollator,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS
from anninh_desktop.domain.evidence import Evidence, EvidenceRevision, FileCheck
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import _
from anninh_desktop.services.evidence_warnings import short_warning, warning_text
from anninh_desktop.services.formatting import format_date
from anninh_desktop.ui.evidence.thumbnails import ThumbnailLoader

ID_ROLE = Qt.ItemDataRole.UserRole + 1
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 2
REVISION_ROLE = Qt.ItemDataRole.UserRole + 3
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # folded title, number and file name
WARNING_ROLE = Qt.ItemDataRole.UserRole + 5  # FileCheck of the latest file when it is a warning
WARNING_COLOUR = QColor("#9a3412")

_Index = QModelIndex | QPersistentModelIndex

# Drag and drop of items inside the program: the ids, one a line.
EVIDENCE_MIME = "application/x-anninh-evidence-ids"
_DRAGGABLE = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
)


def dragged_evidence_ids(mime: QMimeData) -> list[str]:
    """The evidence ids carried by a drag started in an evidence list."""
    raw = bytes(mime.data(EVIDENCE_MIME).data()).decode("ascii", errors="ignore")
    return [line for line in raw.split() if line]


def details_line(item: Evidence) -> str:
    """ "Plan (KH) · 05/KH-CAX · 05/01/2026": what a row shows under the title."""
    parts = [_(EVIDENCE_KIND_LABELS[item.kind]), item.number, format_date(item.issue_date)]
    return " · ".join(p for p in parts if p)


class EvidenceListModel(QAbstractListModel):
    """Items with their latest revision; thumbnails come from a shared ThumbnailLoader."""

    def __init__(
        self,
        thumbnails: ThumbnailLoader,
        blob_path: Callable[[str], Path],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._blob_path = blob_path
        self._items: list[Evidence] = []
        self._revisions: dict[str, EvidenceRevision] = {}
        self._collator = QCollator(QLocale("vi_VN"))
        self._collator.setNumericMode(True)  # "Ảnh 2" before "Ảnh 10"
        thumbnails.add_listener(self._on_thumbnail_ready)

    def set_items(self, items: list[Evidence], revisions: dict[str, EvidenceRevision]) -> None:
        self.beginResetModel()
        self._items = sorted(items, key=lambda e: self._collator.sortKey(e.title))
        self._revisions = revisions
        self.endResetModel()

    def items(self) -> list[Evidence]:
        return list(self._items)

    def row_of(self, evidence_id: str) -> int:
        for row, item in enumerate(self._items):
            if item.id == evidence_id:
                return row
        return -1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _DRAGGABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [EVIDENCE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [self._items[i.row()].id for i in indexes if i.isValid()]
        mime.setData(EVIDENCE_MIME, QByteArray("\n".join(ids).encode("ascii")))
        return mime

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        revision = self._revisions.get(item.id)
        check = revision.check if revision is not None else FileCheck.UNCHECKED
        if role == Qt.ItemDataRole.DisplayRole:
            if check.is_warning:
                warning = _("⚠ {warning}").format(warning=short_warning(check))
                return f"{item.title}\n" + " · ".join(p for p in (warning, details_line(item)) if p)
            return f"{item.title}\n{details_line(item)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return WARNING_COLOUR if check.is_warning else None
        if role == WARNING_ROLE:
            return check if check.is_warning else None
        if role == Qt.ItemDataRole.DecorationRole:
            if revision is None:
                return None
            return self._thumbnails.icon(
                revision.sha256,
                revision.filename,
                revision.media_type,
                self._blob_path(revision.sha256),
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            # The row elides its title in a narrow list: the tooltip reads it whole.
            lines = [item.title, details_line(item)]
            if revision is not None:
                lines.append(revision.filename)
                if check.is_warning:
                    lines.append(warning_text(check))
            return "\n".join(line for line in lines if line)
        if role == ID_ROLE:
            return item.id
        if role == EVIDENCE_ROLE:
            return item
        if role == REVISION_ROLE:
            return revision
        if role == SEARCH_ROLE:
            filename = revision.filename if revision else ""
            return fold(f"{item.title} {item.number} {filename}")
        return None

    def _on_thumbnail_ready(self, sha256: str) -> None:
        for row, item in enumerate(self._items):
            revision = self._revisions.get(item.id)
            if revision is not None and revision.sha256 == sha256:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
