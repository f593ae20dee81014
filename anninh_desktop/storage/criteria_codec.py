"""JSON form of a CriterionSet, as stored in `criterion_set.definition`."""

from __future__ import annotations

import json
from typing import Any

from anninh_desktop.domain.criteria import (
    ComputedRule,
    ComputedRuleKind,
    Criterion,
    CriterionLevel,
    CriterionSet,
    Deadline,
    EvidenceKind,
    LegalBasis,
    PeriodRule,
    Scoring,
    Threshold,
)
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.storage.codec import date_to_text, text_to_date


def _criterion_to_dict(c: Criterion) -> dict[str, Any]:
    return {
        "ref": c.ref,
        "level": c.level.value,
        "text": c.text,
        "parent_ref": c.parent_ref,
        "number": c.number,
        "text_en": c.text_en,
        "assessable": c.assessable,
        "mandatory": c.mandatory,
        "points": c.points,
        "required_evidence": [k.value for k in c.required_evidence],
        "na_condition": c.na_condition,
        "negative": c.negative,
        "computed": None
        if c.computed is None
        else {
            "kind": c.computed.kind.value,
            "child_kinds": [k.value for k in c.computed.child_kinds],
            "min_registered_percent": c.computed.min_registered_percent,
            "min_recognised_percent": c.computed.min_recognised_percent,
        },
        "refers_to": c.refers_to,
        "known": c.known,
    }


def _criterion_from_dict(d: dict[str, Any]) -> Criterion:
    computed = d.get("computed")
    return Criterion(
        ref=d["ref"],
        level=CriterionLevel(d["level"]),
        text=d["text"],
        parent_ref=d.get("parent_ref"),
        number=d.get("number", ""),
        text_en=d.get("text_en", ""),
        assessable=bool(d.get("assessable", True)),
        mandatory=bool(d.get("mandatory", True)),
        points=d.get("points"),
        required_evidence=tuple(EvidenceKind(k) for k in d.get("required_evidence", [])),
        na_condition=d.get("na_condition", ""),
        negative=bool(d.get("negative", False)),
        computed=None
        if not computed
        else ComputedRule(
            kind=ComputedRuleKind(computed["kind"]),
            child_kinds=tuple(UnitKind(k) for k in computed.get("child_kinds", [])),
            min_registered_percent=int(computed.get("min_registered_percent", 100)),
            min_recognised_percent=int(computed.get("min_recognised_percent", 70)),
        ),
        refers_to=d.get("refers_to", ""),
        known=bool(d.get("known", True)),
    )


def set_to_json(s: CriterionSet) -> str:
    data = {
        "id": s.id,
        "code": s.code,
        "version": s.version,
        "title": s.title,
        "title_en": s.title_en,
        "unit_kinds": [k.value for k in s.unit_kinds],
        "period_rule": [s.period_rule.start_month, s.period_rule.start_day],
        "legal_basis": [
            {
                "document": b.document,
                "issuer": b.issuer,
                "issued_on": date_to_text(b.issued_on),
                "title": b.title,
                "in_force_from": date_to_text(b.in_force_from),
            }
            for b in s.legal_basis
        ],
        "province_code": s.province_code,
        "valid_from": date_to_text(s.valid_from),
        "valid_to": date_to_text(s.valid_to),
        "scoring": s.scoring.value,
        "max_points": s.max_points,
        "thresholds": [[t.label, t.min_points] for t in s.thresholds],
        "authority": s.authority,
        "deadlines": [[d.label, d.month, d.day] for d in s.deadlines],
        "complete": s.complete,
        "notes": s.notes,
        "source_sha256": s.source_sha256,
        "criteria": [_criterion_to_dict(c) for c in s.criteria],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def set_from_json(text: str) -> CriterionSet:
    d = json.loads(text)
    return CriterionSet(
        id=d["id"],
        code=d["code"],
        version=int(d["version"]),
        title=d["title"],
        title_en=d.get("title_en", ""),
        unit_kinds=tuple(UnitKind(k) for k in d["unit_kinds"]),
        period_rule=PeriodRule(*d["period_rule"]),
        legal_basis=tuple(
            LegalBasis(
                document=b["document"],
                issuer=b.get("issuer", ""),
                issued_on=text_to_date(b.get("issued_on")),
                title=b.get("title", ""),
                in_force_from=text_to_date(b.get("in_force_from")),
            )
            for b in d.get("legal_basis", [])
        ),
        province_code=d.get("province_code", ""),
        valid_from=text_to_date(d.get("valid_from")),
        valid_to=text_to_date(d.get("valid_to")),
        scoring=Scoring(d.get("scoring", "pass_fail")),
        max_points=d.get("max_points"),
        thresholds=tuple(Threshold(t[0], float(t[1])) for t in d.get("thresholds", [])),
        authority=d.get("authority", ""),
        deadlines=tuple(Deadline(x[0], int(x[1]), int(x[2])) for x in d.get("deadlines", [])),
        complete=bool(d.get("complete", True)),
        notes=d.get("notes", ""),
        source_sha256=d.get("source_sha256", ""),
        criteria=tuple(_criterion_from_dict(c) for c in d["criteria"]),
    )
