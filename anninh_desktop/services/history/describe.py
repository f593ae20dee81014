"""Audit events told in words: the action, each field's name and its values before and after.

The audit log stores machine names and JSON; the history shows "Kết quả: Chưa đánh giá → Đạt".
Unknown actions and fields (from a newer program) are shown by their stored names, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from anninh_desktop.domain.appraisal import VERDICT_LABELS, Verdict
from anninh_desktop.domain.assessments import (
    RESULT_LABELS,
    STATE_LABELS,
    WORK_STATUS_LABELS,
    AssessmentState,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS, EvidenceKind
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.formatting import format_date, format_number

ACTION_LABELS: dict[str, str] = {
    "result.update": N_("Result changed"),
    "assessment.register": N_("Assessment registered"),
    "assessment.transition": N_("Assessment state changed"),
    "assessment.demo_state": N_("Assessment state set (demo data)"),
    "appraisal.verdict": N_("Appraisal verdict"),
    "appraisal.return": N_("Returned for more work"),
    "evidence.add": N_("Evidence added"),
    "evidence.revision": N_("New version of an evidence file"),
    "evidence.edit": N_("Evidence details changed"),
    "evidence.link": N_("Evidence linked to a criterion"),
    "evidence.unlink": N_("Evidence unlinked from a criterion"),
    "dossier.build": N_("Dossier built"),
    "dossier.text": N_("Dossier text edited"),
    "dossier.text_reset": N_("Dossier text reset to the template"),
    "document.number": N_("Document number issued"),
    "document.verify": N_("Signed document verified"),
    "unit.create": N_("Unit added"),
    "officer.add": N_("Officer added"),
    "officer.edit": N_("Officer changed"),
    "officer.remove": N_("Officer removed from the list"),
    "sync.import": N_("Sync package received"),
    "sync.undo": N_("Sync package undone"),
    "sync.resolve": N_("Sync conflict resolved"),
    "sync.copy": N_("Data folder copied to a new computer"),
    "backup.restore": N_("Restored from a backup"),
    "criteria.import": N_("Criterion set imported"),
    "criteria.edit": N_("Criterion set edited"),
}

# Kinds of action a user filters by.
CATEGORIES: dict[str, str] = {
    "result": N_("Results"),
    "evidence": N_("Evidence"),
    "workflow": N_("Workflow and appraisal"),
    "dossier": N_("Dossier and documents"),
    "other": N_("Other"),
}
_CATEGORY_OF_PREFIX = {
    "result": "result",
    "evidence": "evidence",
    "assessment": "workflow",
    "appraisal": "workflow",
    "dossier": "dossier",
    "document": "dossier",
}

FIELD_LABELS: dict[str, str] = {
    "value": N_("Result"),
    "na_reason": N_("Reason not applicable"),
    "work_status": N_("Work status"),
    "note": N_("Note"),
    "figures": N_("Figures"),
    "responsible": N_("Responsible"),
    "due_date": N_("Due date"),
    "remediation": N_("Remediation plan"),
    "points": N_("Points"),
    "state": N_("State"),
    "reason": N_("Reason"),
    "verdict": N_("Verdict"),
    "comment": N_("Comment"),
    "appraiser": N_("Appraiser"),
    "ref": N_("Criterion"),
    "title": N_("Title"),
    "kind": N_("Kind"),
    "number": N_("Number"),
    "issue_date": N_("Issue date"),
    "issuer": N_("Issuer"),
    "effective_date": N_("Effective date"),
    "filename": N_("File"),
    "file": N_("File"),
    "revision": N_("Version"),
    "size": N_("Size (bytes)"),
    "pages": N_("Pages"),
    "name": N_("Name"),
    "rank": N_("Rank"),
    "position": N_("Position"),
    "year": N_("Year"),
    "sender": N_("Sender"),
    "rows": N_("Rows"),
    "ok": N_("Valid"),
    "signatures": N_("Signatures"),
}
# Bookkeeping that says nothing to an officer (hashes, ids already named by the subject).
HIDDEN_FIELDS = frozenset(
    {"sha256", "evidence", "result", "unit", "set", "id", "media_type", "check", "upto"}
)


@dataclass(frozen=True)
class FieldChange:
    field: str  # translated label
    before: str
    after: str


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def category_of(action: str) -> str:
    return _CATEGORY_OF_PREFIX.get(action.split(".", 1)[0], "other")


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else name


_ENUMS: dict[str, tuple[type[Any], Mapping[Any, str]]] = {
    "value": (ResultValue, RESULT_LABELS),
    "work_status": (WorkStatus, WORK_STATUS_LABELS),
    "state": (AssessmentState, STATE_LABELS),
    "verdict": (Verdict, VERDICT_LABELS),
    "kind": (EvidenceKind, EVIDENCE_KIND_LABELS),
}


def value_text(name: str, value: Any) -> str:
    """A stored value as an officer reads it ("" for none)."""
    if value is None or value == "":
        return ""
    if name in _ENUMS:
        enum_type, labels = _ENUMS[name]
        try:
            return _(labels[enum_type(value)])
        except (ValueError, KeyError):
            return str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(value_text(name, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {value_text(k, v)}" for k, v in value.items())
    return str(value)


def parse(text: str) -> dict[str, Any]:
    """The stored JSON of an event side as a mapping ({} when empty or not a mapping)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"": text}
    return data if isinstance(data, dict) else {"": data}


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    """Each shown field with its value before and after, in the order the fields are known."""
    order = {name: i for i, name in enumerate(FIELD_LABELS)}
    names = sorted(
        (n for n in {*old, *new} if n not in HIDDEN_FIELDS),
        key=lambda n: (order.get(n, len(order)), n),
    )
    return tuple(
        FieldChange(field_label(n), value_text(n, old.get(n)), value_text(n, new.get(n)))
        for n in names
        if old.get(n) != new.get(n) or n not in old
    )
