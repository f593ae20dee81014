"""Open sync conflicts, field by field, and their resolution as a new local edit that syncs."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from anninh_desktop.domain.appraisal import Verdict
from anninh_desktop.domain.assessments import AssessmentState, ResultValue, WorkStatus
from anninh_desktop.domain.movement import DocumentRole, ModelField, OrganisationKind, SiteState
from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync.identity import repo, require_office
from anninh_desktop.services.sync.plan import Scopes
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.sync_repo import ConflictRecord
from anninh_desktop.storage.sync_rows import (
    SUCCESSORS,
    RowRejected,
    column_types,
    local_row,
    rewrite_row,
)

log = logging.getLogger(__name__)

# Bookkeeping columns: never offered for a choice.
NOT_CHOSEN = frozenset({"id", "changed_by", "change_seq", SUCCESSORS})

# Columns whose values come from a fixed list.
_CHOICES: dict[tuple[str, str], type[enum.StrEnum]] = {
    ("result", "value"): ResultValue,
    ("result", "work_status"): WorkStatus,
    ("assessment", "state"): AssessmentState,
    ("appraisal", "verdict"): Verdict,
    ("model_site", "state"): SiteState,
    ("mass_organisation", "kind"): OrganisationKind,
    ("model_site_document", "role"): DocumentRole,
    ("model_type", "field"): ModelField,
}


@dataclass(frozen=True)
class FieldDiff:
    name: str
    mine: Any  # this installation's value when the conflict was found
    theirs: Any  # the value that came in the package
    current: Any  # what the row holds now (the deterministic winner, or a later edit)


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    row_id: str
    label: str  # what the row is, e.g. the criterion ref of a result
    unit_id: str | None
    unit_name: str
    sender_name: str
    kept: str  # "local" or "remote": which version stayed visible
    detected_at: str
    resolved_at: str | None
    fields: tuple[FieldDiff, ...]


def _label(row: Mapping[str, Any]) -> str:
    for key in ("criterion_ref", "title", "name", "filename", "year"):
        value = row.get(key)
        if value not in (None, ""):
            return str(value)
    return str(row.get("id", ""))[:12]


def _unit_name(ws: Workspace, unit_id: str | None) -> str:
    if not unit_id:
        return "-"
    try:
        return ws.store.units.get(unit_id).display_name
    except KeyError:
        return unit_id[:12]


def _view(ws: Workspace, c: ConflictRecord, scopes: Scopes) -> ConflictView:
    found = local_row(ws.store.db, c.table, c.row_id)
    current = found[0] if found is not None else c.local_row
    names = sorted(
        k
        for k in set(c.local_row) | set(c.remote_row)
        if k not in NOT_CHOSEN and c.local_row.get(k) != c.remote_row.get(k)
    )
    unit = scopes.scope(c.table, current)
    peer = repo(ws).peer(c.sender_id)
    return ConflictView(
        id=c.id,
        table=c.table,
        row_id=c.row_id,
        label=_label(current),
        unit_id=unit,
        unit_name=_unit_name(ws, unit),
        sender_name=peer.office_name if peer is not None else c.sender_id[:8],
        kept=c.kept,
        detected_at=c.detected_at,
        resolved_at=c.resolved_at,
        fields=tuple(
            FieldDiff(n, c.local_row.get(n), c.remote_row.get(n), current.get(n)) for n in names
        ),
    )


def list_conflicts(
    ws: Workspace, *, unit_id: str | None = None, open_only: bool = True
) -> list[ConflictView]:
    """Conflicts (open ones by default), optionally only those of one unit, oldest first."""
    scopes = Scopes(ws.store.db, {})
    views = [_view(ws, c, scopes) for c in repo(ws).conflicts(open_only=open_only)]
    if unit_id is not None:
        views = [v for v in views if v.unit_id == unit_id]
    return views


def conflict(ws: Workspace, conflict_id: int) -> ConflictView:
    record = repo(ws).conflict(conflict_id)
    if record is None:
        raise UserError(_("There is no conflict number {id}.").format(id=conflict_id))
    return _view(ws, record, Scopes(ws.store.db, {}))


def _coerce(ws: Workspace, table: str, name: str, text: str) -> Any:
    """A typed value from what the user typed, checked like the program would check it."""
    kind, not_null = column_types(ws.store.db, table)[name]
    text = nfc(text.strip())
    if text == "" and not not_null:
        return None
    choices = _CHOICES.get((table, name))
    if choices is not None:
        allowed = [c.value for c in choices]
        if text not in allowed:
            raise UserError(
                _("{field} takes one of: {values}").format(field=name, values=", ".join(allowed))
            )
        return text
    try:
        if "INT" in kind:
            return int(text)
        if "REAL" in kind:
            return float(text)
    except ValueError:
        raise UserError(
            _("{field} takes a number, not “{value}”").format(field=name, value=text)
        ) from None
    return text


def resolve_conflict(
    ws: Workspace,
    conflict_id: int,
    *,
    keep_mine: Iterable[str] = (),
    take_theirs: Iterable[str] = (),
    values: Mapping[str, str] | None = None,
) -> ConflictView:
    """Resolve a conflict field by field; fields not named keep what the row holds now.

    The result is a new local edit (this installation's next change stamp), so its version
    dominates both conflicting versions and travels with the next export like any change; the
    conflict stays in the history, marked resolved.
    """
    sync_repo = repo(ws)
    record = sync_repo.conflict(conflict_id)
    if record is None:
        raise UserError(_("There is no conflict number {id}.").format(id=conflict_id))
    if record.resolved_at is not None:
        raise UserError(
            _("Conflict {id} was resolved on {at}.").format(id=conflict_id, at=record.resolved_at)
        )
    mine, theirs, typed = list(keep_mine), list(take_theirs), dict(values or {})
    named = [*mine, *theirs, *typed]
    columns = column_types(ws.store.db, record.table)
    bad = sorted({n for n in named if n not in columns or n in NOT_CHOSEN})
    if bad:
        raise UserError(
            _("Unknown or fixed fields for this row: {fields}").format(fields=", ".join(bad))
        )
    twice = sorted({n for n in named if named.count(n) > 1})
    if twice:
        raise UserError(
            _("Choose one value per field; named more than once: {fields}").format(
                fields=", ".join(twice)
            )
        )
    chosen: dict[str, Any] = {n: record.local_row.get(n) for n in mine}
    chosen.update({n: record.remote_row.get(n) for n in theirs})
    chosen.update({n: _coerce(ws, record.table, n, v) for n, v in typed.items()})
    own = require_office(ws)
    found = local_row(ws.store.db, record.table, record.row_id)
    if found is None:  # cannot happen: imports never remove rows
        raise UserError(_("The row of conflict {id} is missing.").format(id=conflict_id))
    current = {k: v for k, v in found[0].items() if k != SUCCESSORS}
    scopes = Scopes(ws.store.db, {})
    if scopes.check(record.table, {**current, **chosen}, own.office_unit_id, current):
        raise UserError(
            _(
                "This row belongs to another office; that office resolves the conflict and its "
                "decision will arrive with its next package."
            )
        )
    try:
        with ws.store.change() as stamp:
            rewrite_row(ws.store.db, record.table, record.row_id, chosen, stamp.columns())
            sync_repo.mark_resolved(conflict_id, ws.clock().isoformat())
            ws.record(
                stamp,
                "sync.resolve",
                record.table,
                record.row_id,
                {k: current.get(k) for k in chosen},
                {"conflict": conflict_id, **chosen},
            )
    except RowRejected as exc:
        log.warning("resolving conflict %s failed: %s", conflict_id, exc)
        raise UserError(
            _("The value does not fit this row ({detail}); nothing was changed.").format(
                detail=exc.detail
            )
        ) from exc
    return conflict(ws, conflict_id)
