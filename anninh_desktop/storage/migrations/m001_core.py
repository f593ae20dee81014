"""v1: installation metadata, units, criterion sets, assessments and results.

Rows that travel between offices carry a global id plus `changed_by` (installation id) and
`change_seq` (that installation's counter) and a `deleted` tombstone flag, so sync needs no reshaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database


SYNC_COLUMNS = """
    changed_by TEXT NOT NULL DEFAULT '',
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
"""

SCHEMA = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE unit (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subtype TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    parent_id TEXT REFERENCES unit(id),
    valid_from TEXT,
    valid_to TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX unit_parent ON unit(parent_id);
CREATE INDEX unit_code ON unit(code);
CREATE INDEX unit_kind ON unit(kind);

CREATE TABLE unit_succession (
    predecessor_id TEXT NOT NULL REFERENCES unit(id),
    successor_id TEXT NOT NULL REFERENCES unit(id),
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_succession_successor ON unit_succession(successor_id);

CREATE TABLE criterion_set (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    definition TEXT NOT NULL,
    source_text TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    complete INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    {SYNC_COLUMNS},
    UNIQUE (code, version)
);

CREATE TABLE assessment (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    set_id TEXT NOT NULL REFERENCES criterion_set(id),
    year INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    state TEXT NOT NULL,
    registered_on TEXT,
    decision_number TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS},
    UNIQUE (unit_id, set_id, year)
);
CREATE INDEX assessment_year_unit ON assessment(year, unit_id);

CREATE TABLE result (
    id TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessment(id),
    criterion_ref TEXT NOT NULL,
    value TEXT NOT NULL,
    na_reason TEXT NOT NULL DEFAULT '',
    work_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    figures TEXT NOT NULL DEFAULT '',
    responsible TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    remediation TEXT NOT NULL DEFAULT '',
    points REAL,
    {SYNC_COLUMNS},
    UNIQUE (assessment_id, criterion_ref)
);

-- A set version that has assessments can never change.
CREATE TRIGGER criterion_set_immutable_update BEFORE UPDATE ON criterion_set
WHEN EXISTS (SELECT 1 FROM assessment WHERE set_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'criterion set version is in use and cannot change'); END;
CREATE TRIGGER criterion_set_immutable_delete BEFORE DELETE ON criterion_set
WHEN EXISTS (SELECT 1 FROM assessment WHERE set_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'criterion set version is in use and cannot change'); END;
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a schema script into statements, keeping trigger bodies whole."""
    out: list[str] = []
    current: list[str] = []
    in_trigger = False
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        upper = line.upper()
        if upper.startswith("CREATE TRIGGER"):
            in_trigger = True
        if line.rstrip().endswith(";"):
            if in_trigger and not upper.rstrip().endswith("END;"):
                continue
            out.append("\n".join(current))
            current = []
            in_trigger = False
    return out
