"""Who may send which rows: ownership by office unit (see docs/sync.md, "Ownership")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from anninh_desktop.domain.workflow import TRANSITIONS, Actor

# (kind, parent id) of a unit, or None when the unit is not known.
type UnitLookup = Callable[[str], tuple[str, str | None] | None]

# Assessment fields only an appraising office may set (the unit's own office may not).
DECISION_FIELDS = frozenset({"decision_number", "decision_date", "decided_by", "return_reason"})
# Assessment fields an appraising office may change.
APPRAISER_ASSESSMENT_FIELDS = DECISION_FIELDS | {"state", "changed_by", "change_seq"}
# States only an appraising office may move an assessment into.
APPRAISER_STATES = frozenset(
    target.value
    for moves in TRANSITIONS.values()
    for target, actor in moves.items()
    if actor is Actor.APPRAISER
)


@dataclass(frozen=True)
class Refusal:
    table: str
    row_id: str
    # a short code: "not_owner", "not_appraiser", "appraiser_field", "appraiser_state",
    # "set_issuer"
    reason: str


def ancestors(unit_id: str, lookup: UnitLookup) -> list[str]:
    """The unit and its parents up to the root (stops on a cycle or an unknown unit)."""
    chain: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in chain:
        found = lookup(current)
        chain.append(current)
        if found is None:
            break
        current = found[1]
    return chain


def owning_office_unit(unit_id: str, lookup: UnitLookup) -> str | None:
    """The nearest commune at or above the unit, else the nearest province."""
    province: str | None = None
    for uid in ancestors(unit_id, lookup):
        found = lookup(uid)
        if found is None:
            continue
        if found[0] == "commune":
            return uid
        if found[0] == "province" and province is None:
            province = uid
    return province


def check_row(
    table: str,
    row: Mapping[str, Any],
    scope_unit: str | None,
    sender_unit: str,
    lookup: UnitLookup,
    *,
    local_row: Mapping[str, Any] | None,
    province_code_of: Callable[[str], str | None],
    installation_unit: Callable[[str], str | None] = lambda _i: None,
) -> Refusal | None:
    """None when the sender's office may send this new or changed row, else why not."""
    row_id = str(row.get("id", ""))
    if table == "criterion_set":
        code = str(row.get("province_code") or "")
        if not code:
            return None  # national: content fixed by its id, anyone may relay it
        if province_code_of(sender_unit) == code:
            return None
        return Refusal(table, row_id, "set_issuer")
    if scope_unit is None:
        return Refusal(table, row_id, "not_owner")
    owner = owning_office_unit(scope_unit, lookup)
    appraiser = sender_unit in ancestors(scope_unit, lookup)[1:]
    if table == "appraisal":
        return None if appraiser else Refusal(table, row_id, "not_appraiser")
    if owner == sender_unit:
        if table == "assessment" and not appraiser and local_row is not None:
            return _appraiser_move(row, local_row, scope_unit, lookup, installation_unit)
        return None
    if table == "assessment" and appraiser and local_row is not None:
        changed = {k for k, v in row.items() if local_row.get(k) != v}
        if changed <= APPRAISER_ASSESSMENT_FIELDS:
            return None
        return Refusal(table, row_id, "appraiser_field")
    return Refusal(table, row_id, "not_owner")


def _appraiser_move(
    row: Mapping[str, Any],
    local_row: Mapping[str, Any],
    scope_unit: str,
    lookup: UnitLookup,
    installation_unit: Callable[[str], str | None],
) -> Refusal | None:
    """A unit's own office sending its assessment: no move into an appraiser's state and no
    decision, unless the row was last changed by an installation known here as an appraising
    office of the unit (a relay between two PCs of one commune)."""
    moved = row.get("state") != local_row.get("state") and row.get("state") in APPRAISER_STATES
    decided = any(k in row and row.get(k) != local_row.get(k) for k in DECISION_FIELDS)
    if not moved and not decided:
        return None
    author = installation_unit(str(row.get("changed_by") or ""))
    if author is not None and author in ancestors(scope_unit, lookup)[1:]:
        return None
    return Refusal("assessment", str(row.get("id", "")), "appraiser_state")
