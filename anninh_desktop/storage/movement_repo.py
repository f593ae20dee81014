"""The movement's rows: statistics forms, model types, sites, teams, site dossiers, mass
organisations, period sheets and entered figures (docs/movement.md).

Writes take a change stamp (the row then travels with sync); a `None` stamp writes a reference row
(`changed_by = ''`: the program's own catalogue, the same ids everywhere, never sent). Removing a row
leaves a tombstone (`deleted = 1`) so the removal travels too. Reads over a unit and everything
below it use the recursive scope of the statistics repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.movement import (
    DocumentRole,
    MassOrganisation,
    Member,
    ModelField,
    ModelSite,
    ModelTeam,
    ModelType,
    OrganisationKind,
    SiteDocument,
    SiteState,
    StruckOffReason,
)
from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.storage.codec import date_to_text, text_to_date
from anninh_desktop.storage.database import Database
from anninh_desktop.storage.meta import ChangeStamp

_SCOPE = (
    "WITH RECURSIVE scope(id) AS ("
    " SELECT id FROM unit WHERE id = ? AND deleted = 0"
    " UNION SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id WHERE u.deleted = 0"
    ") "
)
_REFERENCE = {"changed_by": "", "change_seq": 0}


class FormVersionExists(Exception):
    def __init__(self, code: str, version: int, same_content: bool) -> None:
        super().__init__(f"{code} v{version}")
        self.same_content = same_content


@dataclass(frozen=True)
class StoredForm:
    """A statistics form version as stored: its YAML text is what the program reads."""

    id: str
    code: str
    version: int
    title: str
    province_code: str
    source_text: str
    source_sha256: str


@dataclass(frozen=True)
class Sheet:
    """An office's sheet of one period, pinned to the form version it was entered on."""

    id: str
    unit_id: str
    period: str
    form_id: str
    note: str = ""


@dataclass(frozen=True)
class ScopeUnit:
    id: str
    kind: UnitKind
    parent_id: str | None
    current: bool


@dataclass(frozen=True)
class AssessmentFacts:
    id: str
    unit_id: str
    unit_kind: UnitKind
    set_id: str
    state: AssessmentState
    period_end: date


def _stamp(stamp: ChangeStamp | None) -> dict[str, object]:
    return _REFERENCE if stamp is None else stamp.columns()


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" for _ in values)


class MovementRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _upsert(self, table: str, record: dict[str, Any]) -> None:
        names = list(record)
        self._db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({_marks(names)}) "
            "ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{n} = excluded.{n}" for n in names if n != "id"),
            [record[n] for n in names],
        )

    def _tombstone(self, table: str, row_id: str, stamp: ChangeStamp) -> bool:
        cursor = self._db.execute(
            f"UPDATE {table} SET deleted = 1, changed_by = ?, change_seq = ? "
            "WHERE id = ? AND deleted = 0",
            [stamp.installation, stamp.seq, row_id],
        )
        return bool(cursor.rowcount)

    # forms -----------------------------------------------------------------------------------
    def add_form(self, form: StoredForm, at: datetime, stamp: ChangeStamp | None) -> None:
        """Store a new form version; FormVersionExists when code and version are taken."""
        row = self._db.execute(
            "SELECT source_sha256 FROM movement_form WHERE code = ? AND version = ?",
            [form.code, form.version],
        ).fetchone()
        if row is not None:
            raise FormVersionExists(form.code, form.version, row[0] == form.source_sha256)
        self._upsert(
            "movement_form",
            {
                "id": form.id,
                "code": form.code,
                "version": form.version,
                "title": nfc(form.title),
                "province_code": form.province_code,
                "source_text": form.source_text,
                "source_sha256": form.source_sha256,
                "imported_at": at.isoformat(),
                "deleted": 0,
                **_stamp(stamp),
            },
        )

    def forms(self) -> list[StoredForm]:
        rows = self._db.execute(
            "SELECT id, code, version, title, province_code, source_text, source_sha256 "
            "FROM movement_form WHERE deleted = 0 ORDER BY code, version"
        ).fetchall()
        return [StoredForm(*r) for r in rows]

    def form(self, form_id: str) -> StoredForm:
        row = self._db.execute(
            "SELECT id, code, version, title, province_code, source_text, source_sha256 "
            "FROM movement_form WHERE id = ?",
            [form_id],
        ).fetchone()
        if row is None:
            raise KeyError(form_id)
        return StoredForm(*row)

    # model types ----------------------------------------------------------------------------
    def save_type(self, t: ModelType, stamp: ChangeStamp | None) -> None:
        self._upsert(
            "model_type",
            {
                "id": t.id,
                "unit_id": t.unit_id,
                "name": nfc(t.name),
                "name_folded": fold(t.name),
                "field": t.field.value,
                "basis": nfc(t.basis),
                "note": nfc(t.note),
                "deleted": 0,
                **_stamp(stamp),
            },
        )

    def has_type(self, type_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM model_type WHERE id = ?", [type_id]).fetchone()
        return row is not None

    def types(self) -> list[ModelType]:
        rows = self._db.execute(
            "SELECT id, name, field, basis, unit_id, note FROM model_type WHERE deleted = 0 "
            "ORDER BY name_folded"
        ).fetchall()
        return [ModelType(r[0], r[1], ModelField(r[2]), r[3], r[4], r[5]) for r in rows]

    def remove_type(self, type_id: str, stamp: ChangeStamp) -> bool:
        return self._tombstone("model_type", type_id, stamp)

    def type_in_use(self, type_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM model_site WHERE type_id = ? AND deleted = 0 LIMIT 1", [type_id]
        ).fetchone()
        return row is not None

    # sites -----------------------------------------------------------------------------------
    _SITE = (
        "id, type_id, unit_id, name, established_on, state, state_on, struck_off_reason, "
        "struck_off_note, note"
    )

    @staticmethod
    def _site(r: Sequence[Any]) -> ModelSite:
        return ModelSite(
            id=r[0],
            type_id=r[1],
            unit_id=r[2],
            name=r[3],
            established_on=text_to_date(r[4]),
            state=SiteState(r[5]),
            state_on=text_to_date(r[6]),
            struck_off_reason=StruckOffReason(r[7]) if r[7] else None,
            struck_off_note=r[8],
            note=r[9],
        )

    def save_site(self, s: ModelSite, stamp: ChangeStamp) -> None:
        self._upsert(
            "model_site",
            {
                "id": s.id,
                "type_id": s.type_id,
                "unit_id": s.unit_id,
                "name": nfc(s.name),
                "name_folded": fold(s.name),
                "established_on": date_to_text(s.established_on),
                "state": s.state.value,
                "state_on": date_to_text(s.state_on),
                "struck_off_reason": s.struck_off_reason.value if s.struck_off_reason else "",
                "struck_off_note": nfc(s.struck_off_note),
                "note": nfc(s.note),
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def site(self, site_id: str) -> ModelSite:
        row = self._db.execute(
            f"SELECT {self._SITE} FROM model_site WHERE id = ? AND deleted = 0", [site_id]
        ).fetchone()
        if row is None:
            raise KeyError(site_id)
        return self._site(row)

    def sites_in_scope(self, root_id: str | None) -> list[ModelSite]:
        """Sites of a unit and of everything below it (None: every site)."""
        if root_id is None:
            sql, params = f"SELECT {self._SITE} FROM model_site WHERE deleted = 0", []
        else:
            sql = (
                _SCOPE + f"SELECT {self._SITE} FROM model_site WHERE deleted = 0 "
                "AND unit_id IN (SELECT id FROM scope)"
            )
            params = [root_id]
        rows = self._db.execute(sql + " ORDER BY name_folded, id", params).fetchall()
        return [self._site(r) for r in rows]

    def remove_site(self, site_id: str, stamp: ChangeStamp) -> bool:
        """Tombstones the site with its teams and dossier links."""
        for table in ("model_team", "model_site_document"):
            ids = self._db.execute(
                f"SELECT id FROM {table} WHERE site_id = ? AND deleted = 0", [site_id]
            ).fetchall()
            for (row_id,) in ids:
                self._tombstone(table, row_id, stamp)
        return self._tombstone("model_site", site_id, stamp)

    # teams -----------------------------------------------------------------------------------
    def save_team(self, t: ModelTeam, stamp: ChangeStamp) -> None:
        members = [{"name": nfc(m.name), "role": nfc(m.role)} for m in t.members]
        self._upsert(
            "model_team",
            {
                "id": t.id,
                "site_id": t.site_id,
                "unit_id": t.unit_id,
                "name": nfc(t.name),
                "members_count": t.members_count,
                "members": json.dumps(members, ensure_ascii=False),
                "established_on": date_to_text(t.established_on),
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def teams(self, site_ids: Iterable[str]) -> list[ModelTeam]:
        ids = list(site_ids)
        out: list[ModelTeam] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                "SELECT id, site_id, unit_id, name, members_count, members, established_on "
                f"FROM model_team WHERE deleted = 0 AND site_id IN ({_marks(chunk)}) "
                "ORDER BY site_id, name, id",
                chunk,
            ).fetchall()
            out.extend(
                ModelTeam(
                    id=r[0],
                    site_id=r[1],
                    unit_id=r[2],
                    name=r[3],
                    members_count=int(r[4]),
                    members=_members(r[5]),
                    established_on=text_to_date(r[6]),
                )
                for r in rows
            )
        return out

    def remove_team(self, team_id: str, stamp: ChangeStamp) -> bool:
        return self._tombstone("model_team", team_id, stamp)

    # site dossiers ---------------------------------------------------------------------------
    def save_document(self, d: SiteDocument, stamp: ChangeStamp) -> None:
        self._upsert(
            "model_site_document",
            {
                "id": d.id,
                "site_id": d.site_id,
                "unit_id": d.unit_id,
                "evidence_id": d.evidence_id,
                "role": d.role.value,
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def documents(self, site_ids: Iterable[str]) -> list[tuple[SiteDocument, date | None, str]]:
        """Dossier links with the evidence item's date and title."""
        ids = list(site_ids)
        out: list[tuple[SiteDocument, date | None, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                "SELECT d.id, d.site_id, d.unit_id, d.evidence_id, d.role, e.issue_date, e.title "
                "FROM model_site_document d JOIN evidence e ON e.id = d.evidence_id "
                f"WHERE d.deleted = 0 AND e.deleted = 0 AND d.site_id IN ({_marks(chunk)}) "
                "ORDER BY d.site_id, d.role, e.issue_date, e.title",
                chunk,
            ).fetchall()
            out.extend(
                (SiteDocument(r[0], r[1], r[2], r[3], DocumentRole(r[4])), text_to_date(r[5]), r[6])
                for r in rows
            )
        return out

    def remove_document(self, document_id: str, stamp: ChangeStamp) -> bool:
        return self._tombstone("model_site_document", document_id, stamp)

    # mass organisations ----------------------------------------------------------------------
    def save_organisation(self, o: MassOrganisation, stamp: ChangeStamp) -> None:
        self._upsert(
            "mass_organisation",
            {
                "id": o.id,
                "unit_id": o.unit_id,
                "kind": o.kind.value,
                "name": nfc(o.name),
                "members": o.members,
                "established_on": date_to_text(o.established_on),
                "dissolved_on": date_to_text(o.dissolved_on),
                "note": nfc(o.note),
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def organisations_in_scope(self, root_id: str | None) -> list[MassOrganisation]:
        select = (
            "SELECT id, unit_id, kind, name, members, established_on, dissolved_on, note "
            "FROM mass_organisation WHERE deleted = 0"
        )
        if root_id is None:
            rows = self._db.execute(select + " ORDER BY kind, name").fetchall()
        else:
            rows = self._db.execute(
                _SCOPE + select + " AND unit_id IN (SELECT id FROM scope) ORDER BY kind, name",
                [root_id],
            ).fetchall()
        return [
            MassOrganisation(
                id=r[0],
                unit_id=r[1],
                kind=OrganisationKind(r[2]),
                name=r[3],
                members=int(r[4]),
                established_on=text_to_date(r[5]),
                dissolved_on=text_to_date(r[6]),
                note=r[7],
            )
            for r in rows
        ]

    def remove_organisation(self, organisation_id: str, stamp: ChangeStamp) -> bool:
        return self._tombstone("mass_organisation", organisation_id, stamp)

    # sheets and figures ----------------------------------------------------------------------
    def sheet(self, sheet_id: str) -> Sheet | None:
        row = self._db.execute(
            "SELECT id, unit_id, period, form_id, note FROM movement_sheet "
            "WHERE id = ? AND deleted = 0",
            [sheet_id],
        ).fetchone()
        return None if row is None else Sheet(*row)

    def save_sheet(self, sheet: Sheet, stamp: ChangeStamp) -> None:
        self._upsert(
            "movement_sheet",
            {
                "id": sheet.id,
                "unit_id": sheet.unit_id,
                "period": sheet.period,
                "form_id": sheet.form_id,
                "note": nfc(sheet.note),
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def sheets_in_scope(self, root_id: str, periods: Sequence[str]) -> list[Sheet]:
        rows = self._db.execute(
            _SCOPE + "SELECT id, unit_id, period, form_id, note FROM movement_sheet "
            f"WHERE deleted = 0 AND period IN ({_marks(periods)}) "
            "AND unit_id IN (SELECT id FROM scope) ORDER BY unit_id, period",
            [root_id, *periods],
        ).fetchall()
        return [Sheet(*r) for r in rows]

    def set_figure(
        self, figure_id: str, unit_id: str, period: str, key: str, value: int, stamp: ChangeStamp
    ) -> None:
        self._upsert(
            "movement_figure",
            {
                "id": figure_id,
                "unit_id": unit_id,
                "period": period,
                "field_key": key,
                "value": value,
                "deleted": 0,
                **stamp.columns(),
            },
        )

    def clear_figure(self, figure_id: str, stamp: ChangeStamp) -> bool:
        return self._tombstone("movement_figure", figure_id, stamp)

    def figures_in_scope(
        self, root_id: str, periods: Sequence[str]
    ) -> dict[tuple[str, str], dict[str, int]]:
        """(unit id, period) → {field key: value} of every office in the scope."""
        rows = self._db.execute(
            _SCOPE + "SELECT unit_id, period, field_key, value FROM movement_figure "
            f"WHERE deleted = 0 AND period IN ({_marks(periods)}) "
            "AND unit_id IN (SELECT id FROM scope)",
            [root_id, *periods],
        ).fetchall()
        out: dict[tuple[str, str], dict[str, int]] = {}
        for unit_id, period, key, value in rows:
            out.setdefault((unit_id, period), {})[key] = int(value)
        return out

    def periods_with_figures(self, root_id: str) -> list[str]:
        rows = self._db.execute(
            _SCOPE + "SELECT DISTINCT period FROM movement_sheet WHERE deleted = 0 "
            "AND unit_id IN (SELECT id FROM scope) ORDER BY period",
            [root_id],
        ).fetchall()
        return [r[0] for r in rows]

    # what computed fields count -------------------------------------------------------------
    def units_in_scope(self, root_id: str) -> list[ScopeUnit]:
        rows = self._db.execute(
            _SCOPE + "SELECT u.id, u.kind, u.parent_id, u.valid_to IS NULL FROM unit u "
            "WHERE u.id IN (SELECT id FROM scope) AND u.deleted = 0",
            [root_id],
        ).fetchall()
        return [ScopeUnit(r[0], UnitKind(r[1]), r[2], bool(r[3])) for r in rows]

    def assessments_in_scope(self, root_id: str, year: int) -> list[AssessmentFacts]:
        rows = self._db.execute(
            _SCOPE + "SELECT a.id, a.unit_id, u.kind, a.set_id, a.state, a.period_end "
            "FROM assessment a JOIN unit u ON u.id = a.unit_id "
            "WHERE a.deleted = 0 AND a.year = ? AND a.unit_id IN (SELECT id FROM scope) "
            "ORDER BY a.unit_id, a.id",
            [root_id, year],
        ).fetchall()
        return [
            AssessmentFacts(
                r[0], r[1], UnitKind(r[2]), r[3], AssessmentState(r[4]), date.fromisoformat(r[5])
            )
            for r in rows
        ]


def _members(text: str) -> tuple[Member, ...]:
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return ()
    if not isinstance(data, list):
        return ()
    return tuple(
        Member(str(m.get("name", "")), str(m.get("role", "")))
        for m in data
        if isinstance(m, dict) and m.get("name")
    )
