"""What a package's rows would do here: new, updated, unchanged or conflict, and who may send them."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from anninh_desktop.domain.sync_ownership import Refusal, ancestors, check_row
from anninh_desktop.domain.sync_vectors import Order, compare, vector_from_json
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.migrations.m006_sync import SYNCED_TABLES
from anninh_desktop.storage.sync_rows import (
    check_columns,
    definition_province,
    installation_units,
    local_row,
    province_code,
    scope_lookup,
    unit_kind_parent,
)

VECTOR_FIELD = "_v"


class Change(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class RowChange:
    table: str
    row: dict[str, Any]  # without the vector
    vector: dict[str, int]
    change: Change
    unit_id: str | None  # the scope unit, for the preview per unit


@dataclass(frozen=True)
class Plan:
    changes: tuple[RowChange, ...]
    refusals: tuple[Refusal, ...]
    set_mismatch: tuple[str, ...]  # criterion set ids whose content differs from ours

    def counts(self) -> dict[tuple[str, str | None], Counter[str]]:
        out: dict[tuple[str, str | None], Counter[str]] = {}
        for c in self.changes:
            out.setdefault((c.table, c.unit_id), Counter())[c.change.value] += 1
        return out

    def totals(self) -> Counter[str]:
        return Counter(c.change.value for c in self.changes)


class BadRow(ValueError):
    pass


def split_vector(row: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    data = dict(row)
    raw = data.pop(VECTOR_FIELD, None)
    if not isinstance(raw, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise BadRow("row")
    import json

    return data, vector_from_json(json.dumps(raw))


def _order_units(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before children among the package's units."""
    by_id = {r["id"]: r for r in rows}
    done: set[str] = set()
    out: list[dict[str, Any]] = []

    def visit(r: dict[str, Any], depth: int) -> None:
        if r["id"] in done or depth > 64:
            return
        parent = by_id.get(r.get("parent_id") or "")
        if parent is not None:
            visit(parent, depth + 1)
        done.add(r["id"])
        out.append(r)

    for r in sorted(rows, key=lambda x: x["id"]):
        visit(r, 0)
    return out


class Scopes:
    """The scope unit of rows (see docs/sync.md), looking in the package first, then the store."""

    def __init__(self, db: Database, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        self._db = db
        self._installations: dict[str, str] | None = None
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

    def installation_unit(self, installation_id: str) -> str | None:
        """The office unit of a known installation (this one or a peer's card)."""
        if self._installations is None:
            self._installations = installation_units(self._db)
        return self._installations.get(installation_id)

    def lookup(self, unit_id: str) -> tuple[str, str | None] | None:
        return self._units.get(unit_id) or unit_kind_parent(self._db, unit_id)

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

    def scope(self, table: str, row: Mapping[str, Any]) -> str | None:
        if table == "unit":
            return str(row["id"])
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
        sender_unit: str,
        local: Mapping[str, Any] | None,
    ) -> Refusal | None:
        checked = row
        if table == "criterion_set":
            checked = {**row, "province_code": definition_province(row.get("definition"))}
        return check_row(
            table,
            checked,
            self.scope(table, row),
            sender_unit,
            self.lookup,
            local_row=local,
            province_code_of=lambda u: province_code(self._db, u),
            installation_unit=self.installation_unit,
        )


def may_send(scopes: Scopes, table: str, row: Mapping[str, Any], own_unit: str) -> bool:
    """Whether this office may send the row at all (export leaves out what any peer would refuse).

    An appraising office's change of an assessment is checked field by field on import only.
    """
    if scopes.check(table, row, own_unit, None) is None:
        return True
    return table == "assessment" and scopes.check(table, row, own_unit, row) is None


def concerns(scopes: Scopes, table: str, row: Mapping[str, Any], peer_unit: str) -> bool:
    """Whether a row concerns the peer's office: its scope unit is at, above or below the peer's
    unit, or it has no unit (criterion sets). An unknown peer unit gets everything."""
    scope = scopes.scope(table, row)
    if scope is None or not peer_unit:
        return True
    return peer_unit in ancestors(scope, scopes.lookup) or scope in ancestors(
        peer_unit, scopes.lookup
    )


def make_plan(
    db: Database, tables: Mapping[str, Sequence[dict[str, Any]]], sender_unit: str
) -> Plan:
    """Classify every row against the store and check ownership (reads only)."""
    scopes = Scopes(db, tables)
    changes: list[RowChange] = []
    refusals: list[Refusal] = []
    mismatch: list[str] = []
    for table in SYNCED_TABLES:
        rows = tables.get(table, ())
        if table == "unit":
            rows = _order_units(rows)
        for full in rows:
            row, vector = split_vector(full)
            check_columns(db, table, row)
            found = local_row(db, table, row["id"])
            change = _classify(table, row, vector, found)
            if change is None:
                mismatch.append(row["id"])
                continue
            unit = scopes.scope(table, row)
            changes.append(RowChange(table, row, vector, change, unit))
            if change is Change.UNCHANGED:
                continue
            refusal = scopes.check(table, row, sender_unit, None if found is None else found[0])
            if refusal is not None:
                refusals.append(refusal)
    return Plan(tuple(changes), tuple(refusals), tuple(mismatch))


def _classify(
    table: str,
    row: Mapping[str, Any],
    vector: Mapping[str, int],
    found: tuple[dict[str, Any], dict[str, int]] | None,
) -> Change | None:
    if found is None:
        return Change.NEW
    local, local_vector = found
    if table == "criterion_set":
        # Immutable versions with ids from code:version: same content is the same row.
        return Change.UNCHANGED if local.get("source_sha256") == row.get("source_sha256") else None
    if not local_vector:  # reference data nobody changed here yet
        return Change.UNCHANGED if _same(local, row) else Change.UPDATED
    order = compare(vector, local_vector)
    if order in (Order.EQUAL, Order.BEFORE):
        return Change.UNCHANGED
    if order is Order.AFTER:
        return Change.UPDATED
    # Saved on both sides with the same content (e.g. both PCs moved the assessment to "in
    # progress"): nothing to choose between, so an update that merges the two versions.
    return Change.UPDATED if _same(local, row) else Change.CONFLICT


def _same(local: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    return all(local.get(k) == v for k, v in row.items() if k not in ("changed_by", "change_seq"))
