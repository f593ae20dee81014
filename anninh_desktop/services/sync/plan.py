"""What a package's rows would do here (new, updated, unchanged, conflict) and whether their
verified authors may make those changes (domain/authority.py). Reads only."""

from __future__ import annotations

import enum
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from anninh_desktop.domain import authority
from anninh_desktop.domain.authority import Overstep, ancestors
from anninh_desktop.domain.sync_vectors import Order, compare, vector_from_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.sync_rows import (
    SYNCED_TABLES,
    UNIT_SCOPED_TABLES,
    check_columns,
    current_counter,
    definition_province,
    local_rows,
    province_code,
    scope_lookup,
    unit_kind_parent,
)

VECTOR_FIELD = "_v"
SIGNATURE_FIELD = "_s"

# Kept for callers of the round-3 names.
Refusal = Overstep


class Change(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Incoming:
    """One row of a package: its columns, version vector and its author's signature (if any)."""

    table: str
    row: dict[str, Any]  # without "_v" and "_s"
    vector: dict[str, int]
    signature: str | None

    @property
    def author(self) -> str:
        return str(self.row.get("changed_by") or "")

    @property
    def key(self) -> tuple[str, str]:
        return self.table, str(self.row["id"])


@dataclass(frozen=True)
class RowChange:
    table: str
    row: dict[str, Any]  # without the vector
    vector: dict[str, int]
    change: Change
    unit_id: str | None  # the scope unit, for the preview per unit
    signature: str | None = None
    author_unit: str | None = None  # the verified author's office unit (None: not looked at)
    local: dict[str, Any] | None = None  # the version held here before (None: new here)
    local_vector: dict[str, int] | None = None  # its vector (None: no version kept here)
    local_seq: int | None = None  # when that version arrived here (None: no version kept here)


@dataclass(frozen=True)
class Plan:
    changes: tuple[RowChange, ...]
    refusals: tuple[Overstep, ...]
    set_mismatch: tuple[str, ...]  # criterion set ids whose content differs from ours
    # the office unit each changed row was attributed to, and whether its author is unknown here
    authors: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)

    def counts(self) -> dict[tuple[str, str | None], Counter[str]]:
        out: dict[tuple[str, str | None], Counter[str]] = {}
        for c in self.changes:
            out.setdefault((c.table, c.unit_id), Counter())[c.change.value] += 1
        return out

    def totals(self) -> Counter[str]:
        return Counter(c.change.value for c in self.changes)


class BadRow(ValueError):
    pass


def split_row(table: str, row: Mapping[str, Any]) -> Incoming:
    """A received row: columns, vector (`_v`) and signature (`_s`) apart; BadRow when malformed."""
    data = dict(row)
    raw = data.pop(VECTOR_FIELD, None)
    signature = data.pop(SIGNATURE_FIELD, None)
    if not isinstance(raw, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise BadRow("row")
    if signature is not None and not isinstance(signature, str):
        raise BadRow("signature")
    return Incoming(table, data, vector_from_json(json.dumps(raw)), signature)


def split_vector(row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    found = split_row("", row)
    return found.row, found.vector


def _order_units(rows: Sequence[Incoming]) -> list[Incoming]:
    """Parents before children among the package's units."""
    by_id = {str(r.row["id"]): r for r in rows}
    done: set[str] = set()
    out: list[Incoming] = []

    def visit(r: Incoming, depth: int) -> None:
        rid = str(r.row["id"])
        if rid in done or depth > 64:
            return
        parent = by_id.get(str(r.row.get("parent_id") or ""))
        if parent is not None:
            visit(parent, depth + 1)
        done.add(rid)
        out.append(r)

    for r in sorted(rows, key=lambda x: str(x.row["id"])):
        visit(r, 0)
    return out


class Scopes:
    """The scope unit of rows (see docs/sync.md), looking in the package first, then the store."""

    def __init__(self, db: Database, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        self._db = db
        self._tree: dict[str, tuple[str, str | None] | None] = {}  # the store's, as read
        self._units: dict[str, tuple[str, str | None]] = {}
        for r in tables.get("unit", ()):
            self._units[str(r["id"])] = (str(r.get("kind", "")), r.get("parent_id"))
        self._owners: dict[str, dict[str, str]] = {"assessment": {}, "evidence": {}, "result": {}}
        for kind, column in (
            ("assessment", "unit_id"),
            ("evidence", "unit_id"),
            ("result", "assessment_id"),
        ):
            for r in tables.get(kind, ()):
                self._owners[kind][str(r["id"])] = str(r.get(column))

    def lookup(self, unit_id: str) -> tuple[str, str | None] | None:
        return self._units.get(unit_id) or self._stored(unit_id)

    def stored_lookup(self, unit_id: str) -> tuple[str, str | None] | None:
        """The tree as this store holds it (authority over a change is judged on it)."""
        return self._stored(unit_id) or self._units.get(unit_id)

    def _stored(self, unit_id: str) -> tuple[str, str | None] | None:
        if unit_id not in self._tree:
            self._tree[unit_id] = unit_kind_parent(self._db, unit_id)
        return self._tree[unit_id]

    def _unit_of(self, kind: str, key: object) -> str | None:
        if not isinstance(key, str):
            return None
        if kind == "result":
            assessment = self._owners["result"].get(key)
            if assessment is not None:
                return self._unit_of("assessment", assessment)
        elif key in self._owners[kind]:
            return self._owners[kind][key]
        return scope_lookup(self._db, kind, key)

    def assessment_of(self, table: str, row: Mapping[str, Any]) -> str | None:
        """The assessment a row belongs to (None for rows outside assessments)."""
        if table == "assessment":
            return str(row.get("id"))
        if table in ("result", "document", "document_text"):
            value = row.get("assessment_id")
            return value if isinstance(value, str) else None
        if table in ("appraisal", "evidence_link"):
            result = row.get("result_id")
            if not isinstance(result, str):
                return None
            return self._owners["result"].get(result) or _result_assessment(self._db, result)
        return None

    def scope(self, table: str, row: Mapping[str, Any]) -> str | None:
        if table == "unit":
            return str(row["id"])
        if table in UNIT_SCOPED_TABLES:
            unit = row.get("unit_id")
            return str(unit) if unit else None
        if table in ("assessment", "evidence"):
            return str(row.get("unit_id"))
        if table in ("result", "document", "document_text"):
            return self._unit_of("assessment", row.get("assessment_id"))
        if table in ("evidence_revision", "evidence_link"):
            return self._unit_of("evidence", row.get("evidence_id"))
        if table == "appraisal":
            return self._unit_of("result", row.get("result_id"))
        return None

    def check(
        self,
        table: str,
        row: Mapping[str, Any],
        author_unit: str,
        local: Mapping[str, Any] | None,
    ) -> list[Overstep]:
        """What of this change (against `local`, the version held here) the author may not make."""
        checked = _with_province(table, row)
        scopes = [self.scope(table, row)]
        if local is not None and table != "unit":
            # A row moved to another unit (or assessment): the author must hold both.
            before = self.scope(table, local)
            if before != scopes[0]:
                scopes.append(before)
        out: list[Overstep] = []
        for scope in scopes:
            for o in authority.check_change(
                table,
                checked,
                local,
                scope,
                author_unit,
                self.stored_lookup if local is not None else self.lookup,
                province_code_of=lambda u: province_code(self._db, u),
            ):
                if o not in out:
                    out.append(o)
        return out

    def may_author(self, table: str, row: Mapping[str, Any], author_unit: str) -> bool:
        return authority.may_author(
            table,
            _with_province(table, row),
            self.scope(table, row),
            author_unit,
            self.lookup,
            province_code_of=lambda u: province_code(self._db, u),
        )


def _with_province(table: str, row: Mapping[str, Any]) -> Mapping[str, Any]:
    """A criterion set's row with the `province_code` of its definition (a statistics form has it
    in a column of its own)."""
    if table == "criterion_set":
        return {**row, "province_code": definition_province(row.get("definition"))}
    return row


def _result_assessment(db: Database, result_id: str) -> str | None:
    r = db.execute("SELECT assessment_id FROM result WHERE id = ?", [result_id]).fetchone()
    return None if r is None else str(r[0])


def concerns(scopes: Scopes, table: str, row: Mapping[str, Any], peer_unit: str) -> bool:
    """Whether a row concerns the peer's office: its scope unit is at, above or below the peer's
    unit, or it has no unit (criterion sets). An unknown peer unit gets everything."""
    scope = scopes.scope(table, row)
    if scope is None or not peer_unit:
        return True
    return peer_unit in ancestors(scope, scopes.lookup) or scope in ancestors(
        peer_unit, scopes.lookup
    )


# The office unit a row is attributed to (None: it names a known office as its author without
# that office's signature), and whether its author is unknown here (then the row is attributed
# to the package's sender).
type Attribution = Callable[[Incoming], tuple[str | None, bool]]


def make_plan(
    db: Database,
    incoming: Mapping[str, Sequence[Incoming]],
    attribute: Attribution,
    *,
    receiver: str,
) -> Plan:
    """Classify every row against the store, and check who may make each change (reads only).

    `attribute` is asked only for rows that would change something here.
    """
    scopes = Scopes(db, {t: [i.row for i in rows] for t, rows in incoming.items()})
    own_counter = current_counter(db)
    changes: list[RowChange] = []
    refusals: list[Overstep] = []
    mismatch: list[str] = []
    authors: dict[tuple[str, str], str] = {}
    for table in SYNCED_TABLES:
        rows = list(incoming.get(table, ()))
        if table == "unit":
            rows = _order_units(rows)
        for item in rows:
            check_columns(db, table, item.row)
        held = local_rows(db, table, [str(item.row["id"]) for item in rows])
        for item in rows:
            row, vector = item.row, item.vector
            stored = held.get(str(row["id"]))
            found = None if stored is None else (stored[0], stored[1])
            change = _classify(table, row, vector, found, receiver)
            if change is None:
                mismatch.append(row["id"])
                continue
            unit = scopes.scope(table, row)
            if change is Change.UNCHANGED:
                changes.append(RowChange(table, row, vector, change, unit, item.signature))
                continue
            author_unit, unknown = attribute(item)
            local, local_vector, local_seq = (None, None, None) if stored is None else stored
            changes.append(
                RowChange(
                    table,
                    row,
                    vector,
                    change,
                    unit,
                    item.signature,
                    author_unit,
                    local,
                    None if local_seq is None else local_vector,
                    local_seq,
                )
            )
            if author_unit is None:
                refusals.append(Overstep(table, row["id"], "unverified_author"))
                continue
            authors[item.key] = (author_unit, unknown)
            oversteps = scopes.check(table, row, author_unit, local)
            if oversteps and unknown:
                # Written by an office unknown here: as the sender's, it oversteps.
                oversteps = [Overstep(table, row["id"], "unknown_author")]
            if not oversteps and _bad_version(item, receiver, own_counter):
                oversteps = [Overstep(table, row["id"], "bad_version")]
            refusals.extend(oversteps)
    return Plan(tuple(changes), tuple(refusals), tuple(mismatch), authors)


def _bad_version(item: Incoming, receiver: str, own_counter: int) -> bool:
    """A version vector no honest office sends: one that claims a version of this office it
    never made, or that does not hold the version of the row's own author."""
    vector = item.vector
    if vector.get(receiver, 0) > own_counter:
        return True
    seq = item.row.get("change_seq")
    if not isinstance(seq, int) or isinstance(seq, bool):
        return True
    return vector.get(item.author, -1) < seq


def _classify(
    table: str,
    row: Mapping[str, Any],
    vector: Mapping[str, int],
    found: tuple[dict[str, Any], dict[str, int]] | None,
    receiver: str,
) -> Change | None:
    if found is None:
        return Change.NEW
    local, local_vector = found
    if table in authority.ISSUED_TABLES:
        # Immutable versions with ids from code:version: same content is the same row.
        return Change.UNCHANGED if local.get("source_sha256") == row.get("source_sha256") else None
    if not local_vector:  # reference data nobody changed here yet
        return Change.UNCHANGED if _same(local, row) else Change.UPDATED
    order = compare(vector, local_vector)
    if order in (Order.EQUAL, Order.BEFORE):
        return Change.UNCHANGED
    if order is Order.AFTER:
        if row.get("changed_by") == receiver and not _same(local, row):
            # A version this office wrote, yet not what it holds: an old one of ours passed back
            # with a version vector that claims more. Never silently replace ours: a conflict.
            return Change.CONFLICT
        return Change.UPDATED
    # Saved on both sides with the same content (e.g. both PCs moved the assessment to "in
    # progress"): nothing to choose between, so an update that merges the two versions.
    return Change.UPDATED if _same(local, row) else Change.CONFLICT


def _same(local: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return all(local.get(k) == v for k, v in row.items() if k not in ("changed_by", "change_seq"))
