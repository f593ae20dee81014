"""The history of a unit, an assessment or one criterion: who changed what, when, from what to what.

Read from the audit log (storage/audit_repo.py), told in words (describe.py), with the state of
the whole log's hash chain: a history is only worth what the chain proves.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from anninh_desktop.domain.audit import AuditEvent
from anninh_desktop.domain.text import fold
from anninh_desktop.i18n import N_, _
from anninh_desktop.services.history.describe import (
    FieldChange,
    action_label,
    category_of,
    field_changes,
    parse,
)
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import history_scope
from anninh_desktop.storage.sync_repo import SyncRepository


class ScopeKind(enum.StrEnum):
    UNIT = "unit"
    ASSESSMENT = "assessment"
    CRITERION = "criterion"


@dataclass(frozen=True)
class HistoryScope:
    kind: ScopeKind
    unit_id: str
    assessment_id: str = ""
    criterion_ref: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: datetime
    who: str  # the officer's name, else the operating-system user
    officer_id: str
    computer: str  # "this computer" or the office the installation belongs to
    action: str  # the stored action ("result.update")
    what: str  # translated action
    subject: str  # "Criterion 4.3.a", "Evidence “Nghị quyết…”"
    changes: tuple[FieldChange, ...]
    category: str

    def changes_text(self) -> str:
        """One line per field: "Result: Not assessed → Met"."""
        lines = []
        for c in self.changes:
            if c.before and c.after:
                lines.append(f"{c.field}: {c.before} → {c.after}")
            elif c.after:
                lines.append(f"{c.field}: {c.after}")
            else:
                lines.append(_("{field}: {value} (removed)").format(field=c.field, value=c.before))
        return "\n".join(lines)


@dataclass(frozen=True)
class ChainState:
    intact: bool
    events: int
    broken_at: int | None  # the first event that does not fit
    message: str


_BREAK_REASONS = {
    "hash": N_("event {seq} was changed after it was written"),
    "prev_hash": N_("an event before event {seq} was removed or changed"),
    "gap": N_("events are missing before event {seq}"),
    "appended": N_("event {seq} and later ones were added outside the program"),
    "truncated": N_("the newest events, from event {seq}, were removed"),
}


def chain_state(ws: Workspace) -> ChainState:
    """Whether the whole audit log is intact, else where it first breaks (in words)."""
    broken = ws.store.audit.check()
    count = ws.store.audit.head()[0]
    if broken is None:
        return ChainState(True, count, None, _("The log is intact ({n} events).").format(n=count))
    reason = _BREAK_REASONS.get(broken.reason, N_("event {seq} does not fit"))
    return ChainState(
        False,
        count,
        broken.seq,
        _(
            "The log has been tampered with: {reason}. Entries from there on cannot be trusted."
        ).format(reason=_(reason).format(seq=broken.seq)),
    )


def _scope_ids(ws: Workspace, scope: HistoryScope) -> tuple[set[str], set[str]]:
    """(row ids of the scope, result ids of the scope)."""
    db = ws.store.db
    if scope.kind is ScopeKind.UNIT:
        ids = history_scope.of_unit(db, scope.unit_id)
        results = {
            r
            for a in ws.store.assessments.for_unit(scope.unit_id)
            for r in history_scope.result_ids(db, a.id)
        }
        return ids, results
    if scope.kind is ScopeKind.ASSESSMENT:
        return history_scope.of_assessment(db, scope.assessment_id), history_scope.result_ids(
            db, scope.assessment_id
        )
    result = ws.store.assessments.results(scope.assessment_id).get(scope.criterion_ref)
    if result is None:
        return set(), set()
    return history_scope.of_results(db, {result.id}), {result.id}


def _linked_result(event: AuditEvent, links: dict[str, str]) -> str:
    for side in (event.new, event.old):
        target = parse(side).get("result")
        if target:
            return str(target)
    return links.get(event.entity_id, "")


def history(ws: Workspace, scope: HistoryScope) -> list[HistoryEntry]:
    """The scope's events, newest first, told in words."""
    ids, results = _scope_ids(ws, scope)
    events = ws.store.audit.events_for(ids)
    db = ws.store.db
    links = history_scope.link_targets(db, {e.entity_id for e in events})
    verdicts = history_scope.appraisal_results(db, {e.entity_id for e in events})
    kept = []
    for e in events:
        if e.action in ("evidence.link", "evidence.unlink"):
            # An evidence item's links to other criteria are not this scope's history.
            if _linked_result(e, links) not in results:
                continue
        kept.append(e)
    related = {e.entity_id for e in kept}
    related |= {_linked_result(e, links) for e in kept}
    related |= set(verdicts.values())
    refs = history_scope.result_refs(db, related)
    evidence_ids = {e.entity_id for e in kept} | {
        str(parse(e.new).get("evidence") or parse(e.old).get("evidence") or "") for e in kept
    }
    titles = history_scope.evidence_titles(db, evidence_ids)
    computers = _computer_names(ws)
    out = []
    for e in reversed(kept):
        out.append(
            HistoryEntry(
                seq=e.seq,
                at=datetime.fromisoformat(e.at),
                who=e.officer_name or e.actor,
                officer_id=e.officer_id,
                computer=computers.get(e.installation, e.installation[:8]),
                action=e.action,
                what=action_label(e.action),
                subject=_subject(e, refs, titles, links, verdicts),
                changes=field_changes(parse(e.old), parse(e.new)),
                category=category_of(e.action),
            )
        )
    return out


def _computer_names(ws: Workspace) -> dict[str, str]:
    names = {p.installation_id: p.office_name for p in SyncRepository(ws.store.db).peers()}
    names[ws.store.installation] = _("this computer")
    return names


def _subject(
    e: AuditEvent,
    refs: dict[str, str],
    titles: dict[str, str],
    links: dict[str, str],
    verdicts: dict[str, str],
) -> str:
    if e.entity == "result":
        return _("Criterion {ref}").format(ref=refs.get(e.entity_id, "?"))
    if e.entity == "appraisal":
        ref = parse(e.new).get("ref") or refs.get(verdicts.get(e.entity_id, ""), "?")
        return _("Criterion {ref}").format(ref=ref)
    if e.entity in ("evidence", "evidence_link"):
        evidence = str(parse(e.new).get("evidence") or parse(e.old).get("evidence") or "")
        title = titles.get(evidence or e.entity_id, "")
        text = _("Evidence “{title}”").format(title=title) if title else _("Evidence")
        if e.entity == "evidence_link" or e.action in ("evidence.link", "evidence.unlink"):
            ref = refs.get(_linked_result(e, links), "?")
            text += " — " + _("criterion {ref}").format(ref=ref)
        return text
    if e.entity == "assessment":
        return _("The assessment")
    if e.entity == "document":
        return _("Signed document")
    if e.entity == "unit":
        return _("Unit")
    return e.entity


@dataclass(frozen=True)
class HistoryFilter:
    text: str = ""
    who: str = ""  # "" = everyone
    category: str = ""  # "" = every kind (describe.CATEGORIES)
    since: date | None = None
    until: date | None = None


def filtered(entries: Sequence[HistoryEntry], f: HistoryFilter) -> list[HistoryEntry]:
    """The entries that pass the filter (text ignores case and diacritics)."""
    needle = fold(f.text.strip()) if f.text.strip() else ""
    out = []
    for e in entries:
        if f.who and e.who != f.who:
            continue
        if f.category and e.category != f.category:
            continue
        day = e.at.date()
        if (f.since and day < f.since) or (f.until and day > f.until):
            continue
        if needle and needle not in fold(" ".join((e.who, e.what, e.subject, e.changes_text()))):
            continue
        out.append(e)
    return out


def people_in(entries: Sequence[HistoryEntry]) -> list[str]:
    """Everyone who appears in the entries, by name."""
    return sorted({e.who for e in entries}, key=fold)
