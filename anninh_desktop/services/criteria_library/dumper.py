"""Writing a CriterionSet back as a set file (used by the editor that writes new versions).

Includes are written out expanded: every copied row keeps its ref and its `refers_to`, so the file
stands alone and loads to the same rows without the set it copied from.
"""

from __future__ import annotations

from typing import Any

import yaml

from anninh_desktop.domain.criteria import Criterion, CriterionLevel, CriterionSet, Scoring
from anninh_desktop.services.criteria_library.header import FORMAT_VERSION
from anninh_desktop.services.criteria_library.rows import default_number

_HEADER_COMMENT = (
    "# An Ninh Desktop criterion set (format {format}); see docs/criterion-set-format.md.\n"
)


def _increase_indent(dumper: Any, flow: bool = False, indentless: bool = False) -> None:
    # indent list items under their key, as people write YAML by hand
    yaml.SafeDumper.increase_indent(dumper, flow, False)


_Dumper: Any = type("_Dumper", (yaml.SafeDumper,), {"increase_indent": _increase_indent})


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # short lists of words (unit kinds, evidence kinds) read best on one line: [NQ, KH, ĐK]
    flow = all(isinstance(item, str) and "\n" not in item for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def dump_set(criterion_set: CriterionSet) -> str:
    """YAML text that loads back to an equal set (but for source_sha256, the hash of the text)."""
    s = criterion_set
    data: dict[str, Any] = {"format": FORMAT_VERSION, "code": s.code, "version": s.version}
    data["title"] = s.title
    if s.title_en:
        data["title_en"] = s.title_en
    data["unit_kinds"] = [kind.value for kind in s.unit_kinds]
    if s.province_code:
        data["province"] = s.province_code
    if s.valid_from:
        data["valid_from"] = s.valid_from
    if s.valid_to:
        data["valid_to"] = s.valid_to
    data["period"] = {
        "start_month": s.period_rule.start_month,
        "start_day": s.period_rule.start_day,
    }
    data["scoring"] = s.scoring.value
    if s.scoring is Scoring.POINTS:
        if s.max_points is not None:
            data["max_points"] = _number(s.max_points)
        if s.thresholds:
            data["thresholds"] = [
                {"label": t.label, "min_points": _number(t.min_points)} for t in s.thresholds
            ]
    if s.legal_basis:
        data["legal_basis"] = [
            _without_empty(
                {
                    "document": basis.document,
                    "issuer": basis.issuer,
                    "issued_on": basis.issued_on,
                    "title": basis.title,
                    "in_force_from": basis.in_force_from,
                }
            )
            for basis in s.legal_basis
        ]
    if s.authority:
        data["authority"] = s.authority
    if s.deadlines:
        data["deadlines"] = [
            {"label": d.label, "month": d.month, "day": d.day} for d in s.deadlines
        ]
    if not s.complete:
        data["complete"] = False
    if s.notes:
        data["notes"] = s.notes
    top = s.children(None)
    if any(row.level is CriterionLevel.GROUP for row in top):
        data["groups"] = [_row(s, row, CriterionLevel.GROUP) for row in top]
    else:
        data["criteria"] = [_row(s, row, CriterionLevel.CRITERION) for row in top]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return _HEADER_COMMENT.format(format=FORMAT_VERSION) + str(body)


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in ("", None)}


def _row(s: CriterionSet, c: Criterion, expected: CriterionLevel) -> dict[str, Any]:
    if c.level is not expected:
        raise ValueError(f"row {c.ref!r} is a {c.level.value} where a {expected.value} belongs")
    out: dict[str, Any] = {"ref": c.ref}
    implied_number = "" if c.level is CriterionLevel.GROUP else default_number(c.ref)
    if c.number != implied_number:
        out["number"] = c.number
    out["text"] = c.text
    if c.text_en:
        out["text_en"] = c.text_en
    if not c.known:
        out["known"] = False
    children = s.children(c.ref)
    if c.level is CriterionLevel.GROUP:
        out["criteria"] = [_row(s, child, CriterionLevel.CRITERION) for child in children]
        return out
    if not c.mandatory:
        out["mandatory"] = False
    if c.points is not None:
        out["points"] = _number(c.points)
    if c.required_evidence:
        out["evidence"] = [kind.value for kind in c.required_evidence]
    if c.na_condition:
        out["na_condition"] = c.na_condition
    if c.negative:
        out["negative"] = True
    if c.computed is not None:
        out["computed"] = {
            "kind": c.computed.kind.value,
            "child_kinds": [kind.value for kind in c.computed.child_kinds],
            "min_registered_percent": c.computed.min_registered_percent,
            "min_recognised_percent": c.computed.min_recognised_percent,
        }
    if c.refers_to:
        out["refers_to"] = c.refers_to
    if children:
        out["items"] = [_row(s, child, CriterionLevel.ITEM) for child in children]
    return out
