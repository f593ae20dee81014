"""Presentation helpers of the sync window: unit names, fingerprints, per-unit preview rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cmp_to_key

from PySide6.QtCore import QCollator, QLocale

from anninh_desktop.domain.units import display_name
from anninh_desktop.i18n import _
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace

CHANGE_KINDS = ("new", "updated", "unchanged", "conflict")


def unit_label(ws: Workspace, unit_id: str | None) -> str:
    """A unit's display name, its short id when this folder does not know it, "–" for none."""
    if not unit_id:
        return "–"
    try:
        return ws.store.units.get(unit_id).display_name
    except KeyError:
        return unit_id[:12]


def fingerprint_lines(fingerprint: str) -> str:
    """The 10 groups of a fingerprint on two lines of five, easier to read aloud by phone."""
    groups = fingerprint.split()
    if len(groups) <= 5:
        return fingerprint
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


def _label(ws: Workspace, unit_id: str, arriving: dict[str, str]) -> str:
    try:
        unit = ws.store.units.get(unit_id)
    except KeyError:
        return arriving.get(unit_id) or unit_id[:12]
    return unit.display_name


@dataclass(frozen=True)
class UnitCounts:
    """One line of the import preview: what applying would do to one unit's rows."""

    unit_id: str | None  # None: rows of no unit (criterion sets)
    label: str
    counts: Counter[str]


def preview_rows(ws: Workspace, preview: SyncPreview) -> list[UnitCounts]:
    """The preview's counts summed per unit (every table), units sorted by name as in Vietnamese."""
    per_unit: dict[str | None, Counter[str]] = {}
    for (_table, unit_id), counts in preview.counts().items():
        per_unit.setdefault(unit_id, Counter()).update(counts)
    # Units new to this folder (residential areas, agencies…) are named by the package's rows.
    arriving = {
        str(c.row["id"]): display_name(
            str(c.row.get("subtype") or ""), str(c.row.get("name") or "")
        )
        for c in preview.plan.changes
        if c.table == "unit" and c.row.get("name")
    }
    collator = QCollator(QLocale("vi_VN"))
    rows = [
        UnitCounts(u, _label(ws, u, arriving) if u else _("Criterion sets"), c)
        for u, c in per_unit.items()
    ]
    named = sorted(
        (r for r in rows if r.unit_id),
        key=cmp_to_key(lambda x, y: collator.compare(x.label, y.label)),
    )
    return named + [r for r in rows if not r.unit_id]
