"""What the movement view reads, read on a worker thread with its own connection."""

from __future__ import annotations

from dataclasses import dataclass

from anninh_desktop.domain.movement_form import DossierRule
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.services.movement import views
from anninh_desktop.services.movement.figures import OFFICE_KINDS, SheetView, open_sheet
from anninh_desktop.services.movement.rollup import Rollup, compute_rollup, history
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class MovementData:
    scope: Unit
    period: ReportPeriod
    sites: list[views.SiteView]
    rule: DossierRule
    organisations: list[views.OrganisationView]
    sheet: SheetView | None  # None when the scope is not an office (commune or province)
    previous: SheetView | None  # the same period a year before
    rollup: Rollup
    history: list[tuple[ReportPeriod, dict[str, int | None]]]


def load(ws: Workspace, scope_id: str, period: ReportPeriod) -> MovementData:
    """Everything the view shows for a scope and a period (call with a reopened workspace)."""
    scope = ws.store.units.get(scope_id)
    office = scope.kind in OFFICE_KINDS
    rollup = compute_rollup(ws, scope_id, period, with_offices=scope.kind is UnitKind.PROVINCE)
    return MovementData(
        scope=scope,
        period=period,
        # The dossiers as they are today, or at the end of a period that is over.
        sites=views.site_views(
            ws, scope_id, on=min(ws.clock().date(), rollup.end), rule=rollup.form.dossier
        ),
        rule=rollup.form.dossier,
        organisations=views.organisation_views(ws, scope_id),
        sheet=open_sheet(ws, scope_id, period) if office else None,
        previous=open_sheet(ws, scope_id, period.same_period_year_before()) if office else None,
        rollup=rollup,
        history=history(ws, scope_id, period, form=rollup.form),
    )


def load_task(ws: Workspace, scope_id: str, period: ReportPeriod):
    def task(_ctx: object) -> MovementData:
        own = ws.reopen()
        try:
            return load(own, scope_id, period)
        finally:
            own.close()

    return task
