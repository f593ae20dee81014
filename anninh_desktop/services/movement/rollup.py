"""Roll-up: every figure of the form for a commune or a province and a period.

Entered fields are the sum of the offices' sheets in the scope (the commune's own, or every commune's
and the province's own); computed fields and the "done/total" denominators are counted here from the
registry and the assessments; changes against the same period a year before are computed from the
two periods' figures. Nothing in a roll-up is typed by hand except the entered counts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.movement_figures import Change, Ratio, sum_figures
from anninh_desktop.domain.movement_form import FormField, StatisticsForm
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.units import Unit, UnitKind
from anninh_desktop.services.movement.counting import OutlookRow, ScopeData, load_scope
from anninh_desktop.services.movement.forms import form_for, prepare
from anninh_desktop.services.workspace import Workspace


@dataclass(frozen=True)
class FieldFigure:
    field: FormField
    value: int | None  # None: an entered field nobody entered
    total: int | None  # the denominator, for fields with a total
    previous: int | None  # the same period a year before

    @property
    def ratio(self) -> Ratio | None:
        if self.field.total is None or self.total is None:
            return None
        return Ratio(self.value or 0, self.total)

    @property
    def change(self) -> Change | None:
        if not self.field.compare or self.value is None:
            return None
        return Change(self.value, self.previous)


@dataclass(frozen=True)
class OfficeRow:
    """One office of the scope (a commune, or the province's own sheet)."""

    unit_id: str
    name: str
    kind: UnitKind
    reported: bool  # entered figures for the period
    values: dict[str, int | None]  # every field of the form, for this office's part of the scope
    previous: dict[str, int | None]


@dataclass(frozen=True)
class Rollup:
    scope: Unit
    period: ReportPeriod
    form: StatisticsForm
    start: date
    end: date
    figures: tuple[FieldFigure, ...]
    offices: tuple[OfficeRow, ...]
    outlooks: tuple[OutlookRow, ...]

    def figure(self, key: str) -> FieldFigure:
        for f in self.figures:
            if f.field.key == key:
                return f
        raise KeyError(key)

    @property
    def reporting(self) -> Ratio:
        """Offices that entered figures for the period, over the communes of the scope."""
        communes = [o for o in self.offices if o.kind is UnitKind.COMMUNE]
        return Ratio(sum(o.reported for o in communes), len(communes))


def _field_value(
    data: ScopeData, f: FormField, period: ReportPeriod, units: frozenset[str] | None
) -> int | None:
    if f.computed is not None:
        return data.count(f.computed, period, units)
    return sum_figures(data.sheets(period, units), f.key)


def _total(
    data: ScopeData, f: FormField, period: ReportPeriod, units: frozenset[str] | None
) -> int | None:
    if f.total is None:
        return None
    if f.total.computation is not None:
        return data.count(f.total.computation, period, units)
    parts = [sum_figures(data.sheets(period, units), key) for key in f.total.fields]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def compute_rollup(
    ws: Workspace,
    scope_id: str,
    period: ReportPeriod,
    *,
    form: StatisticsForm | None = None,
    with_offices: bool = True,
) -> Rollup:
    """Every figure of the form for the scope (a commune or a province) and the period."""
    prepare(ws)
    scope = ws.store.units.get(scope_id)
    form = form or form_for(ws, scope_id)
    before = period.same_period_year_before()
    data = load_scope(ws, scope_id, form, [period, before])
    figures = []
    for f in form.fields():
        value = _field_value(data, f, period, None)
        wants_previous = f.compare or f.chart
        figures.append(
            FieldFigure(
                field=f,
                value=value,
                total=_total(data, f, period, None),
                previous=_field_value(data, f, before, None) if wants_previous else None,
            )
        )
    offices: list[OfficeRow] = []
    if with_offices:
        for office in data.offices():
            units = data.units_of_office(office.id)
            offices.append(
                OfficeRow(
                    unit_id=office.id,
                    name=office.display_name,
                    kind=office.kind,
                    reported=data.reported(office.id, period),
                    values={f.key: _field_value(data, f, period, units) for f in form.fields()},
                    previous={
                        f.key: _field_value(data, f, before, units)
                        for f in form.fields()
                        if f.compare
                    },
                )
            )
    start, end = period.bounds(form.year_start)
    return Rollup(
        scope=scope,
        period=period,
        form=form,
        start=start,
        end=end,
        figures=tuple(figures),
        offices=tuple(offices),
        outlooks=tuple(data.outlook_rows(period)),
    )


def history(
    ws: Workspace,
    scope_id: str,
    period: ReportPeriod,
    *,
    years: int = 4,
    form: StatisticsForm | None = None,
) -> list[tuple[ReportPeriod, dict[str, int | None]]]:
    """The chart fields over the periods of the same kind up to `period` for which offices of the
    scope entered figures (oldest first; at most `years` of them; the asked period always)."""
    prepare(ws)
    form = form or form_for(ws, scope_id)
    periods = [ReportPeriod(period.year - n, period.kind) for n in range(years - 1, -1, -1)]
    data = load_scope(ws, scope_id, form, periods)
    charted = [f for f in form.fields() if f.chart]
    out: list[tuple[ReportPeriod, dict[str, int | None]]] = []
    for p in periods:
        values = {f.key: _field_value(data, f, p, None) for f in charted}
        if p == period or data.has_sheets(p):
            out.append((p, values))
    return out
