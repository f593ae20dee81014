"""v8: the movement — statistics forms, model types, sites, teams, site dossiers, mass organisations,
and the figures an office enters per period (docs/movement.md).

Every row carries the sync columns, and every row that belongs to a unit carries that unit's id
(`unit_id`), so the sync scope of any of these rows is read from the row itself. Rows that two PCs
could create for the same thing (a period's sheet, one figure, a document in a role) have ids
derived from what they are, so the second one is the same row (a conflict to resolve, never a
duplicate). A site's model type and a sheet's form may be the program's own reference rows, which
an installation stores on first use (services/movement/forms.prepare), so those two references
carry no foreign key: a row received before the receiver stored them must not be refused.
Statistics form versions are immutable like criterion set versions; their YAML text
(`source_text`) is what the program reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anninh_desktop.storage.migrations.m001_core import SYNC_COLUMNS, _statements
from anninh_desktop.storage.migrations.m006_sync import _triggers

if TYPE_CHECKING:
    from anninh_desktop.storage.database import Database

# The movement's synced tables, in the order an import writes them (parents before children).
MOVEMENT_TABLES = (
    "movement_form",
    "model_type",
    "model_site",
    "model_team",
    "model_site_document",
    "mass_organisation",
    "movement_sheet",
    "movement_figure",
)
# The ones whose `unit_id` is their sync scope (a form version has no unit: its issuer is a province).
UNIT_ROW_TABLES = MOVEMENT_TABLES[1:]

SCHEMA = f"""
CREATE TABLE movement_form (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    province_code TEXT NOT NULL DEFAULT '',
    source_text TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    {SYNC_COLUMNS},
    UNIQUE (code, version)
);

CREATE TABLE model_type (
    id TEXT PRIMARY KEY,
    unit_id TEXT REFERENCES unit(id),
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    field TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX model_type_unit ON model_type(unit_id);

CREATE TABLE model_site (
    id TEXT PRIMARY KEY,
    type_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    established_on TEXT,
    state TEXT NOT NULL,
    state_on TEXT,
    struck_off_reason TEXT NOT NULL DEFAULT '',
    struck_off_note TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX model_site_unit ON model_site(unit_id);
CREATE INDEX model_site_type ON model_site(type_id);

CREATE TABLE model_team (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES model_site(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    name TEXT NOT NULL,
    members_count INTEGER NOT NULL DEFAULT 0 CHECK (members_count >= 0),
    members TEXT NOT NULL DEFAULT '[]',
    established_on TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX model_team_site ON model_team(site_id);

CREATE TABLE model_site_document (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES model_site(id),
    unit_id TEXT NOT NULL REFERENCES unit(id),
    evidence_id TEXT NOT NULL REFERENCES evidence(id),
    role TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX model_site_document_site ON model_site_document(site_id);

CREATE TABLE mass_organisation (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    members INTEGER NOT NULL DEFAULT 0 CHECK (members >= 0),
    established_on TEXT,
    dissolved_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX mass_organisation_unit ON mass_organisation(unit_id);

CREATE TABLE movement_sheet (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    period TEXT NOT NULL,
    form_id TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX movement_sheet_unit ON movement_sheet(unit_id, period);

CREATE TABLE movement_figure (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES unit(id),
    period TEXT NOT NULL,
    field_key TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    {SYNC_COLUMNS}
);
CREATE INDEX movement_figure_unit ON movement_figure(unit_id, period);

-- A form version that a sheet uses can never change.
CREATE TRIGGER movement_form_immutable_update BEFORE UPDATE OF source_text, source_sha256
ON movement_form
WHEN EXISTS (SELECT 1 FROM movement_sheet WHERE form_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'statistics form version is in use and cannot change'); END;
"""


def apply(db: Database) -> None:
    for statement in _statements(SCHEMA):
        db.execute(statement)
    for table in MOVEMENT_TABLES:
        for statement in _statements(_triggers(table)):
            db.execute(statement)
