"""Which office may change what: the one place for it (sync import and export; local edits).

An office is known by its **office unit** (a commune's police: the commune; the province's PV05:
the province). For a row it may hold one or more **roles** over the row's *scope unit* (the unit
itself, the assessment's unit, the evidence's unit):

- **owner**: the unit's own office, the nearest commune at or above the unit, else the nearest
  province. It writes the self-assessment, evidence and documents, and its units' names.
- **appraiser**: an office strictly above the unit (the province for its communes, a commune for
  its residential areas). It writes verdicts (`appraisal`), moves an assessment under appraisal,
  returns it, decides it, and writes the decision fields.
- **administrator** of a unit: the office that owns the unit's *parent*. It alone changes the
  unit's place in the tree and its existence (parent, kind, code, validity, successors, deletion),
  so a commune can neither move itself under another province nor delete itself; it adds, moves
  and removes its residential areas, agencies, enterprises and schools.
- **issuer** of a province criterion set: that province's office (national sets are fixed by
  their id and may come from anyone).

`check_change` compares a new version of a row with the version the checker holds (None when the
row is new to it) and names every field the author may not change. Pure functions: the caller
says who the author is (for sync: the office that signed the row, see docs/sync.md).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from anninh_desktop.domain.workflow import TRANSITIONS, Actor

# (kind, parent id) of a unit, or None when the unit is not known.
type UnitLookup = Callable[[str], tuple[str, str | None] | None]


class Role(enum.StrEnum):
    OWNER = "owner"
    APPRAISER = "appraiser"
    ADMINISTRATOR = "administrator"
    ISSUER = "issuer"


# Immutable versions issued by a province (or shipped with the program when `province_code` is
# empty): criterion sets and the movement's statistics forms. Only the issuing province's office may
# send a province's version; a national one is fixed by its id and may come from anyone.
ISSUED_TABLES = frozenset({"criterion_set", "movement_form"})
# Assessment fields only an appraising office may set.
DECISION_FIELDS = frozenset({"decision_number", "decision_date", "decided_by", "return_reason"})
# States only an appraising office may move an assessment into.
APPRAISER_STATES = frozenset(
    target.value
    for moves in TRANSITIONS.values()
    for target, actor in moves.items()
    if actor is Actor.APPRAISER
)
# States the unit's own office may move an assessment out of (the others wait for the appraiser,
# or are final: only an appraiser reopens a decision).
UNIT_LEAVES = frozenset(
    state.value
    for state, moves in TRANSITIONS.items()
    if any(actor is Actor.UNIT for actor in moves.values())
)
# A unit's place in the tree and its existence: its administrator's.
STRUCTURE_FIELDS = frozenset(
    {"parent_id", "kind", "code", "valid_from", "valid_to", "successors", "deleted"}
)
# Bookkeeping of every synced row, never a change by itself.
STAMP_FIELDS = frozenset({"id", "changed_by", "change_seq"})
# Tables whose rows the unit's owner alone writes (besides unit and assessment).
OWNER_TABLES = frozenset(
    {"result", "evidence", "evidence_revision", "evidence_link", "document", "document_text"}
)


@dataclass(frozen=True)
class Overstep:
    """A change the author may not make: which row, which field ("" for the row), why."""

    table: str
    row_id: str
    reason: str  # a short code, see REASONS in services/sync/reading.py
    field: str = ""


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


def is_appraiser(office_unit: str, unit_id: str, lookup: UnitLookup) -> bool:
    """The office is strictly above the unit."""
    return bool(office_unit) and office_unit in ancestors(unit_id, lookup)[1:]


def administrator_of(unit_id: str | None, lookup: UnitLookup) -> str | None:
    """The office that administers a unit whose parent is `unit_id` (None: a root, nobody)."""
    if not unit_id:
        return None
    return owning_office_unit(unit_id, lookup)


def roles(office_unit: str, scope_unit: str, lookup: UnitLookup) -> frozenset[Role]:
    """The roles an office holds over rows of `scope_unit`."""
    out: set[Role] = set()
    if not office_unit:
        return frozenset()
    if owning_office_unit(scope_unit, lookup) == office_unit:
        out.add(Role.OWNER)
    if is_appraiser(office_unit, scope_unit, lookup):
        out.add(Role.APPRAISER)
    found = lookup(scope_unit)
    if found is not None and administrator_of(found[1], lookup) == office_unit:
        out.add(Role.ADMINISTRATOR)
    return frozenset(out)


def state_change_needs(old: str | None, new: str | None) -> Role:
    """Who may move an assessment from state `old` to `new` (old None: a new row)."""
    if new in APPRAISER_STATES:
        return Role.APPRAISER
    if old is not None and old not in UNIT_LEAVES:
        return Role.APPRAISER
    return Role.OWNER


def field_needs(
    table: str, field: str, old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> Role:
    """The role a change of one field needs (for the preview and for `check_change`)."""
    if table == "unit":
        return Role.ADMINISTRATOR if field in STRUCTURE_FIELDS else Role.OWNER
    if table == "assessment":
        if field == "state":
            return state_change_needs(None if old is None else old.get("state"), new.get("state"))
        if field in DECISION_FIELDS:
            return Role.APPRAISER
        if field == "deleted" and old is not None and old.get("state") not in UNIT_LEAVES:
            return Role.APPRAISER  # removing what waits for or went through appraisal
        return Role.OWNER
    if table == "appraisal":
        return Role.APPRAISER
    if table in ISSUED_TABLES:
        return Role.ISSUER
    return Role.OWNER


def changed_fields(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[str]:
    """The fields that differ (every field of a new row that carries a value)."""
    if old is None:
        return sorted(
            k for k, v in new.items() if k not in STAMP_FIELDS and v not in (None, "", 0, [])
        )
    return sorted(k for k, v in new.items() if k not in STAMP_FIELDS and old.get(k) != v)


def check_change(
    table: str,
    new: Mapping[str, Any],
    old: Mapping[str, Any] | None,
    scope_unit: str | None,
    author_unit: str,
    lookup: UnitLookup,
    *,
    province_code_of: Callable[[str], str | None] = lambda _u: None,
) -> list[Overstep]:
    """Every field of this change the author's office may not make (empty: allowed).

    `old` is the version the checker holds (None: the row is new to it). `new` of a
    criterion set or statistics form carries its `province_code`.
    """
    row_id = str(new.get("id", ""))
    if table in ISSUED_TABLES:
        code = str(new.get("province_code") or "")
        if not code or province_code_of(author_unit) == code:
            return []
        return [
            Overstep(table, row_id, "set_issuer" if table == "criterion_set" else "form_issuer")
        ]
    if scope_unit is None or not author_unit:
        return [Overstep(table, row_id, "not_owner")]
    if table == "unit":
        return _unit_change(new, old, author_unit, lookup)
    held = roles(author_unit, scope_unit, lookup)
    if table == "appraisal":
        return [] if Role.APPRAISER in held else [Overstep(table, row_id, "not_appraiser")]
    if table == "assessment":
        return _assessment_change(new, old, held)
    if Role.OWNER in held:
        return []
    return [Overstep(table, row_id, "not_owner")]


def _unit_change(
    new: Mapping[str, Any], old: Mapping[str, Any] | None, author_unit: str, lookup: UnitLookup
) -> list[Overstep]:
    """A unit row: its structure is its administrator's (for the old and the new parent), its
    names its owner's or its administrator's."""
    row_id = str(new.get("id", ""))
    new_parent = new.get("parent_id")
    admin_new = administrator_of(new_parent if isinstance(new_parent, str) else None, lookup)
    if old is None:
        if admin_new == author_unit:
            return []
        return [Overstep("unit", row_id, "structure", "parent_id")]
    old_parent = old.get("parent_id")
    admin_old = administrator_of(old_parent if isinstance(old_parent, str) else None, lookup)
    out: list[Overstep] = []
    for name in changed_fields(old, new):
        if name in STRUCTURE_FIELDS:
            if admin_old != author_unit or (name == "parent_id" and admin_new != author_unit):
                out.append(Overstep("unit", row_id, "structure", name))
        elif author_unit not in (admin_old, owning_office_unit(row_id, lookup)):
            out.append(Overstep("unit", row_id, "not_owner", name))
    return out


def _assessment_change(
    new: Mapping[str, Any], old: Mapping[str, Any] | None, held: frozenset[Role]
) -> list[Overstep]:
    row_id = str(new.get("id", ""))
    if old is None:
        appraiser_state = new.get("state") in APPRAISER_STATES
        decided = any(new.get(k) not in (None, "") for k in DECISION_FIELDS)
        if Role.APPRAISER in held and appraiser_state:
            return []
        if Role.OWNER in held:
            if appraiser_state or decided:
                return [Overstep("assessment", row_id, "appraiser_state", "state")]
            return []
        return [Overstep("assessment", row_id, "not_owner")]
    out: list[Overstep] = []
    for name in changed_fields(old, new):
        need = field_needs("assessment", name, old, new)
        if need is Role.APPRAISER and Role.APPRAISER in held:
            continue
        if name == "state" and Role.APPRAISER in held:
            continue  # an appraiser may set any state (a return leads back to the unit's states)
        if need in held:
            continue
        if need is Role.APPRAISER:
            reason = "appraiser_state" if Role.OWNER in held else "not_appraiser"
        else:
            reason = "appraiser_field" if Role.APPRAISER in held else "not_owner"
        out.append(Overstep("assessment", row_id, reason, name))
    return out


def may_author(
    table: str,
    row: Mapping[str, Any],
    scope_unit: str | None,
    author_unit: str,
    lookup: UnitLookup,
    *,
    province_code_of: Callable[[str], str | None] = lambda _u: None,
) -> bool:
    """Whether the office may have made some version of this row at all (an export leaves out
    the rows every receiver would refuse); the change itself is checked by the receiver."""
    if table in ISSUED_TABLES:
        return not check_change(
            table, row, None, scope_unit, author_unit, lookup, province_code_of=province_code_of
        )
    if scope_unit is None or not author_unit:
        return False
    held = roles(author_unit, scope_unit, lookup)
    if table == "unit":
        return bool(held & {Role.OWNER, Role.ADMINISTRATOR})
    if table == "appraisal":
        return Role.APPRAISER in held
    if table == "assessment":
        return bool(held & {Role.OWNER, Role.APPRAISER})
    return Role.OWNER in held


# The fields an import preview names one by one (besides counts): what decides a unit's
# recognition, its place in the tree, and removals.
NOTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "assessment": ("state", "decision_number", "decision_date", "decided_by", "return_reason"),
    "appraisal": ("verdict",),
    "unit": ("parent_id", "kind", "valid_to"),
}


@dataclass(frozen=True)
class FieldChange:
    """One field's change in a row and the role it needs."""

    field: str
    old: Any  # None for a new row
    new: Any
    needs: Role  # who may make this change


def notable_changes(
    table: str, old: Mapping[str, Any] | None, new: Mapping[str, Any]
) -> list[FieldChange]:
    """The changes of a row an import preview names field by field: assessment state and
    decision, verdicts, a unit's parent, kind and end of validity, and any deletion."""
    out: list[FieldChange] = []
    for name in (*NOTABLE_FIELDS.get(table, ()), "deleted"):
        if name not in new:
            continue
        before = None if old is None else old.get(name)
        after = new.get(name)
        if old is None:
            # A new row: its place and what it says, not every field it starts with.
            if name == "deleted" and not after:
                continue
            if name in ("kind", "valid_to") or (name != "deleted" and after in (None, "")):
                continue
        elif before == after:
            continue
        out.append(FieldChange(name, before, after, field_needs(table, name, old, new)))
    return out
