"""What an import preview names one by one: every change of an assessment's state or decision, of
a verdict, of a unit's parent, kind or validity, and every deletion, with the authority it needs.

The counts per unit say how much arrives; these lines say what matters (issue 13, item 3). The
window's preview and `anninh sync import` show the same lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from anninh_desktop.domain.appraisal import VERDICT_LABELS, Verdict
from anninh_desktop.domain.assessments import (
    LOCKED_STATES,
    RESULT_LABELS,
    STATE_LABELS,
    AssessmentState,
    ResultValue,
)
from anninh_desktop.domain.authority import Role, notable_changes
from anninh_desktop.domain.units import UNIT_KIND_LABELS, UnitKind, display_name
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.sync import identity
from anninh_desktop.services.sync.plan import Change, RowChange
from anninh_desktop.services.sync.reading import SyncPreview
from anninh_desktop.services.workspace import Workspace

FIELD_LABELS = {
    "state": N_("State"),
    "decision_number": N_("Decision number"),
    "decision_date": N_("Decision date"),
    "decided_by": N_("Decided by"),
    "return_reason": N_("Reason of the return"),
    "verdict": N_("Verdict"),
    "parent_id": N_("Parent unit"),
    "kind": N_("Kind of unit"),
    "valid_to": N_("Valid until"),
    "deleted": N_("Deleted"),
}

AUTHORITY_LABELS = {
    Role.APPRAISER: N_("appraising office"),
    Role.ADMINISTRATOR: N_("office above the unit"),
    Role.OWNER: N_("the unit's own office"),
    Role.ISSUER: N_("issuing province"),
}


@dataclass(frozen=True)
class NotableLine:
    unit_id: str | None
    unit: str  # the unit's name
    subject: str  # which row: the assessment (set, year), the verdict (criterion), the unit
    field: str  # translated
    before: str
    after: str
    needs: Role
    conflict: bool  # the row is a conflict: the change may not be what stays visible
    author: str  # the office that made and signed the change
    locked: bool = False  # a result changed while its assessment is locked here (submitted…)

    @property
    def needs_appraiser(self) -> bool:
        return self.needs is Role.APPRAISER

    @property
    def authority(self) -> str:
        if self.locked:
            return _("changed while the assessment is locked here")
        return _(AUTHORITY_LABELS[self.needs])


class _Names:
    """Names of units, sets and criteria, from this folder or from the package itself."""

    def __init__(self, ws: Workspace, preview: SyncPreview) -> None:
        self._ws = ws
        self._units: dict[str, str] = {}
        self._results: dict[str, tuple[str, str]] = {}  # result id → (assessment id, ref)
        self._assessments: dict[str, dict[str, Any]] = {}
        for c in preview.plan.changes:
            if c.table == "unit" and c.row.get("name"):
                self._units[str(c.row["id"])] = display_name(
                    str(c.row.get("subtype") or ""), str(c.row["name"])
                )
            elif c.table == "result":
                self._results[str(c.row["id"])] = (
                    str(c.row.get("assessment_id")),
                    str(c.row.get("criterion_ref")),
                )
            elif c.table == "assessment":
                self._assessments[str(c.row["id"])] = c.row

    def unit(self, unit_id: object) -> str:
        if not isinstance(unit_id, str) or not unit_id:
            return "–"
        try:
            return self._ws.store.units.get(unit_id).display_name
        except KeyError:
            return self._units.get(unit_id, unit_id[:12])

    def assessment(self, row: dict[str, Any]) -> str:
        code = str(row.get("set_id", ""))[:12]
        try:
            code = self._ws.store.criteria.get(str(row.get("set_id"))).code
        except KeyError:
            pass
        return _("Assessment {year} ({set})").format(year=row.get("year", "?"), set=code)

    def verdict(self, row: dict[str, Any]) -> str:
        result = str(row.get("result_id"))
        ref = self._results.get(result, ("", ""))[1]
        if not ref:
            found = self._ws.store.db.execute(
                "SELECT criterion_ref FROM result WHERE id = ?", [result]
            ).fetchone()
            ref = str(found[0]) if found else result[:12]
        return _("Verdict on criterion {ref}").format(ref=ref)


def _value(names: _Names, field: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if field == "state":
        try:
            return _(STATE_LABELS[AssessmentState(value)])
        except ValueError:
            return str(value)
    if field == "verdict":
        try:
            return _(VERDICT_LABELS[Verdict(value)])
        except ValueError:
            return str(value)
    if field == "parent_id":
        return names.unit(value)
    if field == "kind":
        try:
            return _(UNIT_KIND_LABELS[UnitKind(value)])
        except ValueError:
            return str(value)
    if field == "deleted":
        return _("yes") if value else _("no")
    if field in ("decision_date", "valid_to"):
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _subject(names: _Names, c: RowChange) -> str:
    if c.table == "assessment":
        return names.assessment(c.row)
    if c.table == "appraisal":
        return names.verdict(c.row)
    if c.table == "unit":
        return _("The unit itself")
    if c.table == "result":
        return _("Criterion {ref}").format(ref=c.row.get("criterion_ref", ""))
    if c.table == "evidence":
        return _("Evidence “{title}”").format(title=c.row.get("title", ""))
    if c.table == "criterion_set":
        return _("Criterion set {code}").format(code=c.row.get("code", ""))
    return _("Other data ({table})").format(table=c.table)


RESULT_FIELDS = {
    "value": N_("Result"),
    "na_reason": N_("Reason for not applicable"),
    "note": N_("Note"),
    "points": N_("Points"),
    "remediation": N_("Remediation plan"),
}


def _locked(ws: Workspace, row: dict[str, Any], seen: dict[str, bool]) -> bool:
    """Whether the result's assessment is locked here (submitted, under appraisal, decided)."""
    key = str(row.get("assessment_id"))
    if key not in seen:
        try:
            seen[key] = ws.store.assessments.get(key).state in LOCKED_STATES
        except KeyError:
            seen[key] = False
    return seen[key]


def _locked_result_lines(
    names: _Names, c: RowChange, offices: dict[str, str], preview: SyncPreview
) -> list[NotableLine]:
    """A self-assessment changed after it was submitted (or decided): named, never silent."""
    assert c.local is not None
    return [
        NotableLine(
            unit_id=c.unit_id,
            unit=names.unit(c.unit_id),
            subject=_subject(names, c),
            field=_(label),
            before=_result_value(name, c.local.get(name)),
            after=_result_value(name, c.row.get(name)),
            needs=Role.OWNER,
            conflict=c.change is Change.CONFLICT,
            author=offices.get(str(c.row.get("changed_by")), preview.sender.office_name),
            locked=True,
        )
        for name, label in RESULT_FIELDS.items()
        if name in c.row and c.row.get(name) != c.local.get(name)
    ]


def _result_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if name == "value":
        try:
            return _(RESULT_LABELS[ResultValue(value)])
        except (ValueError, KeyError):
            return str(value)
    return str(value)


def _offices(ws: Workspace) -> dict[str, str]:
    """Installation id → office name, of this office and every known office."""
    own = identity.ensure_identity(ws)
    out = {p.installation_id: p.office_name for p in identity.repo(ws).peers()}
    out[own.installation_id] = own.office_name
    return out


def notable_lines(ws: Workspace, preview: SyncPreview) -> list[NotableLine]:
    """The preview's notable changes, field by field, in the package's order."""
    names = _Names(ws, preview)
    offices = _offices(ws)
    out: list[NotableLine] = []
    locked: dict[str, bool] = {}
    for c in preview.plan.changes:
        if c.change is Change.UNCHANGED:
            continue
        if c.table == "result" and c.local is not None and _locked(ws, c.row, locked):
            out.extend(_locked_result_lines(names, c, offices, preview))
        for f in notable_changes(c.table, c.local, c.row):
            out.append(
                NotableLine(
                    unit_id=c.unit_id,
                    unit=names.unit(c.unit_id),
                    subject=_subject(names, c),
                    field=_(FIELD_LABELS[f.field]),
                    before=_value(names, f.field, f.old) if c.local is not None else "–",
                    after=_value(names, f.field, f.new),
                    needs=f.needs,
                    conflict=c.change is Change.CONFLICT,
                    author=offices.get(str(c.row.get("changed_by")), preview.sender.office_name),
                )
            )
    return out
