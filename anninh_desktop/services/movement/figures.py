"""An office's figures for a period: the sheet (pinned to a form version) and its entered values.

Only fields the form marks as entered can be typed; computed ones come from the program's own data
(services/movement/rollup.py). Ids of sheets and figures come from what they are (unit, period,
field), so two PCs of one office entering the same figure write the same row.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.movement_figures import check_value
from anninh_desktop.domain.movement_form import EntryKind, StatisticsForm
from anninh_desktop.domain.movement_periods import ReportPeriod
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement.forms import form_for, load_form, prepare
from anninh_desktop.services.movement.registry import require_owner
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.movement_repo import Sheet

_NAMESPACE = uuid.UUID("3d7f0b6a-21c4-5e93-b8a0-c5e1f4d29a66")
OFFICE_KINDS = (UnitKind.COMMUNE, UnitKind.PROVINCE)


def sheet_id(unit_id: str, period: ReportPeriod) -> str:
    return uuid.uuid5(_NAMESPACE, f"sheet:{unit_id}:{period.key}").hex


def figure_id(unit_id: str, period: ReportPeriod, key: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"figure:{unit_id}:{period.key}:{key}").hex


@dataclass(frozen=True)
class SheetView:
    unit_id: str
    period: ReportPeriod
    form: StatisticsForm
    values: dict[str, int]  # entered values, by field key
    stored: bool  # False: nothing entered yet for this period
    start: date
    end: date


def open_sheet(ws: Workspace, unit_id: str, period: ReportPeriod) -> SheetView:
    """The office's sheet of the period (the form it is pinned to, else the one to use now)."""
    prepare(ws)
    repo = ws.store.movement
    sheet = repo.sheet(sheet_id(unit_id, period))
    form = load_form(ws, sheet.form_id) if sheet else form_for(ws, unit_id)
    values = repo.figures_in_scope(unit_id, [period.key]).get((unit_id, period.key), {})
    start, end = period.bounds(form.year_start)
    return SheetView(unit_id, period, form, dict(values), sheet is not None, start, end)


def _check_office(ws: Workspace, unit_id: str) -> None:
    unit = ws.store.units.get(unit_id)
    if unit.kind not in OFFICE_KINDS:
        raise UserError(
            _("Figures are entered by a commune or a province, not by {unit}.").format(
                unit=unit.display_name
            )
        )
    require_owner(ws, unit.id)


def set_figures(
    ws: Workspace,
    unit_id: str,
    period: ReportPeriod,
    values: Mapping[str, int | None],
) -> SheetView:
    """Store entered values (None clears one); every value is checked before anything is written."""
    _check_office(ws, unit_id)
    sheet = open_sheet(ws, unit_id, period)
    if sheet.start > ws.clock().date():
        raise UserError(
            _("The period {period} has not started yet; figures cannot be entered for it.").format(
                period=period.key
            )
        )
    form = sheet.form
    entered = {f.key: f for f in form.entered_fields()}
    for key, value in values.items():
        field = entered.get(key)
        if field is None:
            if any(f.key == key for f in form.fields()):
                raise UserError(
                    _("“{key}” is computed by the program from its data; it is not typed.").format(
                        key=key
                    )
                )
            raise UserError(
                _("The form {form} has no field “{key}”.").format(form=form.label, key=key)
            )
        if value is None:
            continue
        try:
            check_value(value, field.entry is EntryKind.FLAG)
        except ValueError:
            if field.entry is EntryKind.FLAG:
                raise UserError(
                    _("“{label}” is yes (1) or no (0).").format(label=field.label)
                ) from None
            raise UserError(
                _("“{label}” needs a whole number, 0 or more.").format(label=field.label)
            ) from None
    changes = {
        k: v
        for k, v in values.items()
        if sheet.values.get(k) != v and (v is not None or k in sheet.values)
    }
    if not changes and sheet.stored:
        return sheet
    repo = ws.store.movement
    with ws.store.change() as stamp:
        if not sheet.stored:
            repo.save_sheet(Sheet(sheet_id(unit_id, period), unit_id, period.key, form.id), stamp)
        for key, value in changes.items():
            fid = figure_id(unit_id, period, key)
            if value is None:
                repo.clear_figure(fid, stamp)
            else:
                repo.set_figure(fid, unit_id, period.key, key, value, stamp)
        ws.record(
            stamp,
            "movement.figures",
            "movement_sheet",
            sheet_id(unit_id, period),
            {k: sheet.values.get(k) for k in changes},
            {"period": period.key, **changes},
        )
    return open_sheet(ws, unit_id, period)


def use_form(ws: Workspace, unit_id: str, period: ReportPeriod, form_id: str) -> SheetView:
    """Move the period's sheet to another form version (values of fields it still has stay)."""
    _check_office(ws, unit_id)
    sheet = open_sheet(ws, unit_id, period)
    form = load_form(ws, form_id)
    if sheet.stored and sheet.form.id == form.id:
        return sheet
    with ws.store.change() as stamp:
        ws.store.movement.save_sheet(
            Sheet(sheet_id(unit_id, period), unit_id, period.key, form.id), stamp
        )
        ws.record(
            stamp,
            "movement.sheet_form",
            "movement_sheet",
            sheet_id(unit_id, period),
            {"form": sheet.form.id},
            {"form": form.id, "period": period.key},
        )
    return open_sheet(ws, unit_id, period)
