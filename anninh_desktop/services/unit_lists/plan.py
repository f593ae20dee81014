"""What importing a list would do, row by row: new, already there, repeated in the file, or a
problem that stops the row. Nothing is written here."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from anninh_desktop.domain.text import fold
from anninh_desktop.domain.units import UNIT_KIND_LABELS, Unit, UnitKind, display_name
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.unit_lists.columns import KIND_WORDS, kind_of
from anninh_desktop.services.unit_lists.reader import RawRow
from anninh_desktop.services.workspace import Workspace

MAX_NAME = 200


class RowStatus(enum.StrEnum):
    NEW = "new"
    EXISTS = "exists"  # the commune already has it (name without diacritics, same kind)
    REPEATED = "repeated"  # an earlier row of the file has it
    PROBLEM = "problem"


@dataclass(frozen=True)
class PlannedRow:
    number: int
    kind: UnitKind | None
    name: str
    subtype: str
    status: RowStatus
    message: str = ""


@dataclass(frozen=True)
class ImportPlan:
    commune_id: str
    commune_name: str
    rows: tuple[PlannedRow, ...]

    @property
    def new_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status is RowStatus.NEW]

    @property
    def problems(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status is RowStatus.PROBLEM]


def name_keys(kind: UnitKind, subtype: str, name: str) -> set[tuple[UnitKind, str]]:
    """The ways a unit is recognised: its name, or with its subtype ("Ấp Bà Điều" = "Bà Điều",
    subtype "ấp"), without diacritics or case."""
    return {(kind, fold(name)), (kind, fold(display_name(subtype, name)))}


def current_commune(ws: Workspace, commune_id: str) -> Unit:
    """The commune a list belongs to; refused when it is not a current commune."""
    try:
        commune = ws.store.units.get(commune_id)
    except KeyError as exc:
        raise UserError(_("The commune of the list no longer exists.")) from exc
    if commune.kind is not UnitKind.COMMUNE or commune.is_historic:
        raise UserError(
            _("{unit} is not a current commune; add units under a commune").format(
                unit=commune.display_name
            )
        )
    return commune


def plan_import(ws: Workspace, commune_id: str, raw: list[RawRow]) -> ImportPlan:
    """Every row of the file with what importing it would do, and why not when it cannot."""
    commune = current_commune(ws, commune_id)
    existing: dict[tuple[UnitKind, str], Unit] = {}
    for u in ws.store.units.children(commune.id):
        if u.kind in KIND_WORDS:
            for k in name_keys(u.kind, u.subtype, u.name):
                existing.setdefault(k, u)
    seen: dict[tuple[UnitKind, str], int] = {}
    rows: list[PlannedRow] = []
    for r in raw:
        kind = kind_of(r.kind)
        problem = ""
        if not r.name:
            problem = _("The name is empty.")
        elif len(r.name) > MAX_NAME:
            problem = _("The name is longer than {count} characters.").format(count=MAX_NAME)
        elif not r.kind:
            problem = _("The kind is empty; write one of: {kinds}.").format(
                kinds=", ".join(KIND_WORDS.values())
            )
        elif kind is None:
            problem = _("“{text}” is not a kind of unit; write one of: {kinds}.").format(
                text=r.kind, kinds=", ".join(KIND_WORDS.values())
            )
        if problem:
            rows.append(PlannedRow(r.number, kind, r.name, r.subtype, RowStatus.PROBLEM, problem))
            continue
        assert kind is not None
        keys = name_keys(kind, r.subtype, r.name)
        found = next((existing[k] for k in keys if k in existing), None)
        earlier = next((seen[k] for k in keys if k in seen), None)
        if found is not None:
            rows.append(
                PlannedRow(
                    r.number,
                    kind,
                    r.name,
                    r.subtype,
                    RowStatus.EXISTS,
                    _("{commune} already has {kind} “{name}”; it is left as it is.").format(
                        commune=commune.display_name,
                        kind=_(UNIT_KIND_LABELS[kind]).lower(),
                        name=found.display_name,
                    ),
                )
            )
        elif earlier is not None:
            rows.append(
                PlannedRow(
                    r.number,
                    kind,
                    r.name,
                    r.subtype,
                    RowStatus.REPEATED,
                    _("The same as row {row}; imported once.").format(row=earlier),
                )
            )
        else:
            seen.update(dict.fromkeys(keys, r.number))
            rows.append(PlannedRow(r.number, kind, r.name, r.subtype, RowStatus.NEW))
    return ImportPlan(commune.id, commune.display_name, tuple(rows))
