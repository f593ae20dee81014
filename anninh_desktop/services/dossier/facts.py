"""Everything the dossier says about one assessment, read once from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from anninh_desktop.domain.assessments import Assessment, Result, ResultValue
from anninh_desktop.domain.criteria import Criterion, CriterionLevel, CriterionSet, LegalBasis
from anninh_desktop.domain.evidence import Evidence, EvidenceRevision
from anninh_desktop.domain.progress import Progress, progress
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.services.dossier.office import (
    Office,
    UnitChain,
    office_for,
    running_name,
    unit_chain,
)
from anninh_desktop.services.dossier.signer_settings import SignerNames, signer_names
from anninh_desktop.services.dossier.templates import fragments, labels
from anninh_desktop.services.workspace import Workspace


def quoted_title(text: str) -> str:
    """A set's title as a sentence quotes it: in “ ” when it has no quotes of its own, else with its
    own quotes made typographic ("…tiêu chuẩn "An toàn về an ninh, trật tự"" → …tiêu chuẩn
    “An toàn về an ninh, trật tự”), never doubled."""
    if '"' not in text:
        return text if "“" in text else f"“{text}”"
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an odd number of quotes: leave them as they are
        return text
    return "".join(part if i % 2 == 0 else f"“{part}”" for i, part in enumerate(parts))


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    depth: int  # 0 for top-level rows (groups or criteria), 1 below them…
    result: Result | None  # None for rows that are not assessed (groups, criteria with items)
    evidence_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceEntry:
    code: str  # "MC01": the item's reference in the table, the index and its pages
    number: int
    evidence: Evidence
    revision: EvidenceRevision | None  # the latest file; None when the item has no file
    refs: tuple[str, ...]  # the criteria of this assessment it supports, in set order


@dataclass(frozen=True)
class DossierFacts:
    assessment: Assessment
    chain: UnitChain
    office: Office
    criterion_set: CriterionSet
    results: dict[str, Result]
    progress: Progress
    rows: tuple[CriterionRow, ...]
    evidence: tuple[EvidenceEntry, ...]
    signers: SignerNames = field(default_factory=SignerNames)
    movement: tuple[str, ...] = ()  # the commune's movement figures of the year (docs/movement.md)

    @property
    def unit_title(self) -> str:
        return nfc(self.chain.unit.display_name)

    @property
    def legal_basis(self) -> str:
        return (
            ", ".join(b.document for b in self.criterion_set.legal_basis)
            or self.criterion_set.title
        )


UNNAMED = "……………………………"  # the template's name line when the office has not named the signer


def day_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def gather(ws: Workspace, assessment_id: str) -> DossierFacts:
    """Read the assessment, its unit chain, set, results and linked evidence."""
    store = ws.store
    assessment = store.assessments.get(assessment_id)
    criterion_set = store.criteria.get(assessment.set_id)
    results = store.assessments.results(assessment_id)
    chain = unit_chain(ws, assessment.unit_id)

    codes_of: dict[str, list[str]] = {}
    entries: dict[str, tuple[Evidence, list[str]]] = {}
    for criterion in criterion_set.assessable_criteria():
        result = results.get(criterion.ref)
        if result is None:
            continue
        # By title, then id: the same order in every copy of the data, whatever the row order.
        for item in sorted(store.evidence.for_result(result.id), key=lambda e: (e.title, e.id)):
            if item.id not in entries:
                entries[item.id] = (item, [])
            entries[item.id][1].append(criterion.ref)
    evidence: list[EvidenceEntry] = []
    prefix_of = labels()
    for number, (item, refs) in enumerate(entries.values(), start=1):
        code = prefix_of.get("evidence_code", number=f"{number:02d}")
        evidence.append(
            EvidenceEntry(
                code=code,
                number=number,
                evidence=item,
                revision=store.evidence.latest_revision(item.id),
                refs=tuple(refs),
            )
        )
        for ref in refs:
            codes_of.setdefault(ref, []).append(code)

    depth: dict[str, int] = {}
    rows: list[CriterionRow] = []
    for criterion in criterion_set.criteria:
        level = depth.get(criterion.parent_ref, -1) + 1 if criterion.parent_ref else 0
        depth[criterion.ref] = level
        rows.append(
            CriterionRow(
                criterion=criterion,
                depth=level,
                result=results.get(criterion.ref) if criterion.assessable else None,
                evidence_codes=tuple(codes_of.get(criterion.ref, ())),
            )
        )
    return DossierFacts(
        assessment=assessment,
        chain=chain,
        office=office_for(chain),
        criterion_set=criterion_set,
        results=results,
        progress=progress(criterion_set, results),
        rows=tuple(rows),
        evidence=tuple(evidence),
        signers=signer_names(ws),
        movement=tuple(_movement_lines(ws, assessment)),
    )


def _movement_lines(ws: Workspace, assessment: Assessment) -> list[str]:
    """The movement's figures of a commune for the Báo cáo (imported here: only a dossier needs
    them, and they need the movement's services)."""
    from anninh_desktop.services.movement.dossier_figures import movement_lines

    return movement_lines(ws, assessment.unit_id, assessment.year)


# ----------------------------------------------------------------------------- placeholders


def placeholder_values(facts: DossierFacts) -> dict[str, str]:
    """The one-line placeholders of the document templates (docs/dossier.md lists them)."""
    chain, office, p = facts.chain, facts.office, facts.progress
    a, s = facts.assessment, facts.criterion_set
    commune, province = chain.commune, chain.province
    f = fragments()
    if chain.unit.kind is UnitKind.COMMUNE or commune is None:
        recipient = (
            f.get("recipient_commune", province_name=running_name(province)) if province else ""
        )
    else:
        recipient = f.get("recipient_child", commune_name=running_name(commune))
    return {
        "unit_name": running_name(chain.unit),
        "unit_title": facts.unit_title,
        "unit_upper": facts.unit_title.upper(),
        "parent_name": running_name(chain.parent) if chain.parent else "",
        "commune_name": running_name(commune) if commune else "",
        "province_name": running_name(province) if province else "",
        "office_name": office.name,
        "office_upper": office.own_line,
        "commander_title": office.commander_title,
        "issuer_abbreviation": office.abbreviation,
        "place": office.place,
        "recipient": recipient,
        "set_title": quoted_title(nfc(s.title)),
        "set_code": s.code,
        "legal_basis": facts.legal_basis,
        "year": str(a.year),
        "period_start": day_text(a.period_start),
        "period_end": day_text(a.period_end),
        "total": str(p.total),
        "assessed": str(p.done),
        "not_assessed": str(p.not_assessed),
        "met": str(p.met),
        "not_met": str(p.not_met),
        "not_applicable": str(p.not_applicable),
        "applicable": str(p.applicable),
        "percent": str(round(p.compliance * 100)),
        # the signers' names (office settings); a line of dots when not set
        "commander_name": facts.signers.commander or UNNAMED,
        "secretary_name": facts.signers.secretary or UNNAMED,
    }


def placeholder_lists(facts: DossierFacts) -> dict[str, list[str]]:
    """The list placeholders (each on a line of its own): legal basis, unmet and N/A criteria."""
    f = fragments()
    unmet: list[str] = []
    not_applicable: list[str] = []
    for row in facts.rows:
        r = row.result
        if r is None:
            continue
        text = _criterion_text(row.criterion)
        if r.value is ResultValue.NOT_MET:
            unmet.append(
                f.get(
                    "unmet_item",
                    ref=row.criterion.ref,
                    text=text,
                    remediation=sentence(r.remediation),
                    due_date=day_text(r.due_date),
                    responsible=r.responsible.strip(),
                )
            )
        elif r.value is ResultValue.NOT_APPLICABLE:
            not_applicable.append(
                f.get(
                    "not_applicable_item",
                    ref=row.criterion.ref,
                    text=text,
                    reason=sentence(r.na_reason),
                )
            )
    return {
        "legal_basis_lines": [_citation(b) for b in facts.criterion_set.legal_basis],
        "unmet_criteria": unmet or [f.get("unmet_none")],
        "not_applicable_criteria": not_applicable or [f.get("not_applicable_none")],
        "movement_figures": list(facts.movement) or [f.get("movement_none")],
    }


def sentence(text: str) -> str:
    """One line of text ending with punctuation, so that the next sentence can follow it."""
    text = " ".join(nfc(text).split())
    if text and text[-1] not in ".;:!?…":
        text += "."
    return text


def _criterion_text(criterion: Criterion) -> str:
    if criterion.level is CriterionLevel.GROUP:
        return sentence(criterion.text.upper())
    return sentence(criterion.text)


def _citation(basis: LegalBasis) -> str:
    title = " ".join(nfc(basis.title).split())
    if title:
        title = title[:1].lower() + title[1:]
    return fragments().get(
        "legal_basis_item",
        document=nfc(basis.document),
        issued_on=day_text(basis.issued_on),
        issuer=nfc(basis.issuer),
        title=title,
    )
