"""The movement's figures for a commune's recognition dossier (its Báo cáo), from the same data as
the movement report: the registry's counts and the year's entered figures, compared with the year
before. A Vietnamese document: the words come from the report's template file."""

from __future__ import annotations

from anninh_desktop.domain.movement_form import ComputedKind
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.movement.numbers import count_text, ratio_text
from anninh_desktop.services.movement.report_content import VI, comparison_line
from anninh_desktop.services.movement.report_words import report_words
from anninh_desktop.services.movement.rollup import compute_rollup
from anninh_desktop.services.workspace import Workspace

# Registry counts worth a line in a dossier (models, sites, teams, organisations).
REGISTRY_KINDS = frozenset(
    {
        ComputedKind.MODEL_TYPES,
        ComputedKind.SITES,
        ComputedKind.TEAMS,
        ComputedKind.TEAM_MEMBERS,
        ComputedKind.SITES_NEW,
        ComputedKind.SITES_STRUCK_OFF,
        ComputedKind.ORGANISATIONS,
        ComputedKind.ORGANISATION_MEMBERS,
    }
)


def movement_lines(ws: Workspace, unit_id: str, year: int) -> list[str]:
    """One line a figure ("- Điểm mô hình đang hoạt động: 30 điểm."); [] for a unit that is not a
    commune or that has no movement data for the year."""
    if ws.store.units.get(unit_id).kind is not UnitKind.COMMUNE:
        return []
    words = report_words()
    rollup = compute_rollup(ws, unit_id, ReportPeriod(year), with_offices=False)
    lines: list[str] = []
    for f in rollup.figures:
        field = f.field
        wanted = (
            field.compare
            or field.chart
            or (field.computed is not None and field.computed.kind in REGISTRY_KINDS)
        )
        if not wanted or f.value is None or (not field.compare and f.value == 0):
            continue
        if field.compare:
            lines.append(comparison_line(words, f))
            continue
        value = ratio_text(f.ratio, VI) if f.ratio else count_text(f.value, VI)
        lines.append(
            words.get("dossier_item", label=field.label, value=value, measure=field.measure)
        )
    has_data = any(
        f.value
        for f in rollup.figures
        if f.field.entered
        or (f.field.computed is not None and f.field.computed.kind in REGISTRY_KINDS)
    )
    return lines if has_data else []
