"""Which office may change what (domain/authority.py): pure rules on a small unit tree."""

from __future__ import annotations

from typing import Any

import pytest

from anninh_desktop.domain.authority import (
    APPRAISER_STATES,
    UNIT_LEAVES,
    Role,
    check_change,
    field_needs,
    may_author,
    roles,
    state_change_needs,
)

TREE = {
    "P": ("province", None),
    "Q": ("province", None),
    "C": ("commune", "P"),
    "C2": ("commune", "P"),
    "AREA": ("residential_area", "C"),
}


def lookup(uid: str) -> tuple[str, str | None] | None:
    return TREE.get(uid)


def reasons(table: str, new: dict[str, Any], old: dict[str, Any] | None, scope: str, author: str):
    return [(o.reason, o.field) for o in check_change(table, new, old, scope, author, lookup)]


def test_roles() -> None:
    assert roles("C", "AREA", lookup) == {Role.OWNER, Role.ADMINISTRATOR, Role.APPRAISER}
    assert roles("C", "C", lookup) == {Role.OWNER}
    assert roles("P", "C", lookup) == {Role.APPRAISER, Role.ADMINISTRATOR}
    assert roles("P", "AREA", lookup) == {Role.APPRAISER}
    assert roles("C2", "AREA", lookup) == set()
    assert roles("", "C", lookup) == set()


def test_the_workflow_decides_the_state_sets() -> None:
    assert APPRAISER_STATES == {"under_appraisal", "returned", "recognised", "not_recognised"}
    assert UNIT_LEAVES == {"registered", "in_progress", "self_assessed", "returned"}
    assert state_change_needs("in_progress", "submitted") is Role.OWNER
    assert state_change_needs("returned", "in_progress") is Role.OWNER
    assert state_change_needs("submitted", "in_progress") is Role.APPRAISER  # a take-back
    assert state_change_needs("recognised", "in_progress") is Role.APPRAISER  # a reopening
    assert state_change_needs(None, "recognised") is Role.APPRAISER


UNIT_C = {"id": "C", "kind": "commune", "parent_id": "P", "name": "Xã C", "deleted": 0}


@pytest.mark.parametrize(
    ("change", "author", "refused"),
    [
        ({"parent_id": "Q"}, "C", [("structure", "parent_id")]),
        ({"deleted": 1}, "C", [("structure", "deleted")]),
        ({"kind": "residential_area"}, "C", [("structure", "kind")]),
        ({"name": "Xã C mới"}, "C", []),
        ({"name": "Xã C mới"}, "P", []),  # its administrator may correct a name too
        ({"name": "Xã C mới"}, "C2", [("not_owner", "name")]),
        ({"deleted": 1}, "P", []),
        # Moving it under another province: P administers the old parent, not the new one.
        ({"parent_id": "Q"}, "P", [("structure", "parent_id")]),
    ],
)
def test_a_units_place_and_existence_are_its_administrators(
    change: dict[str, Any], author: str, refused: list[tuple[str, str]]
) -> None:
    assert reasons("unit", {**UNIT_C, **change}, UNIT_C, "C", author) == refused


def test_new_units_need_the_parents_office() -> None:
    area = {"id": "NEW", "kind": "residential_area", "parent_id": "C", "name": "Ấp"}
    assert reasons("unit", area, None, "NEW", "C") == []
    assert reasons("unit", area, None, "NEW", "C2") == [("structure", "parent_id")]
    province = {"id": "NEWP", "kind": "province", "parent_id": None, "name": "Tỉnh"}
    assert reasons("unit", province, None, "NEWP", "P") == [("structure", "parent_id")]


ASSESSMENT = {"id": "A", "unit_id": "C", "state": "submitted", "year": 2026, "decision_number": ""}


def test_assessments_field_by_field() -> None:
    returned = {**ASSESSMENT, "state": "returned", "return_reason": "thiếu"}
    assert reasons("assessment", returned, ASSESSMENT, "C", "P") == []
    assert reasons("assessment", returned, ASSESSMENT, "C", "C") == [
        ("appraiser_state", "return_reason"),
        ("appraiser_state", "state"),
    ]
    assert reasons("assessment", {**ASSESSMENT, "year": 2027}, ASSESSMENT, "C", "P") == [
        ("appraiser_field", "year")
    ]
    assert reasons("assessment", {**ASSESSMENT, "deleted": 1}, ASSESSMENT, "C", "C") == [
        ("appraiser_state", "deleted")
    ]
    assert reasons("assessment", {**ASSESSMENT, "year": 2027}, ASSESSMENT, "C", "C2") == [
        ("not_owner", "year")
    ]
    in_progress = {**ASSESSMENT, "state": "in_progress"}
    assert reasons("assessment", {**in_progress, "deleted": 1}, in_progress, "C", "C") == []


def test_new_assessments() -> None:
    assert reasons("assessment", {**ASSESSMENT, "state": "registered"}, None, "C", "C") == []
    assert reasons("assessment", {**ASSESSMENT, "state": "recognised"}, None, "C", "C") == [
        ("appraiser_state", "state")
    ]
    decided = {**ASSESSMENT, "state": "in_progress", "decision_number": "1/QĐ"}
    assert reasons("assessment", decided, None, "C", "C") == [("appraiser_state", "state")]
    assert reasons("assessment", {**ASSESSMENT, "state": "recognised"}, None, "C", "P") == []
    assert reasons("assessment", {**ASSESSMENT, "state": "registered"}, None, "C", "P") == [
        ("not_owner", "")
    ]


def test_other_tables() -> None:
    assert reasons("result", {"id": "r"}, None, "AREA", "C") == []
    assert reasons("result", {"id": "r"}, None, "AREA", "P") == [("not_owner", "")]
    assert reasons("appraisal", {"id": "v"}, None, "AREA", "P") == []
    assert reasons("appraisal", {"id": "v"}, None, "AREA", "C") == []  # C appraises its areas
    assert reasons("appraisal", {"id": "v"}, None, "C", "C") == [("not_appraiser", "")]
    assert field_needs("appraisal", "verdict", None, {}) is Role.APPRAISER


def test_may_author() -> None:
    assert may_author("result", {"id": "r"}, "AREA", "C", lookup)
    assert not may_author("result", {"id": "r"}, "AREA", "P", lookup)
    assert may_author("assessment", ASSESSMENT, "C", "P", lookup)
    assert may_author("unit", UNIT_C, "C", "P", lookup)
    assert not may_author("unit", UNIT_C, "C", "C2", lookup)
    assert not may_author("appraisal", {"id": "v"}, "C", "C", lookup)


@pytest.mark.parametrize(
    ("table", "reason"), [("criterion_set", "set_issuer"), ("movement_form", "form_issuer")]
)
def test_a_province_version_comes_only_from_that_province(table: str, reason: str) -> None:
    """Criterion sets and the movement's statistics forms are issued: a province's version only by
    that province's office, a national one (no province code) by anyone."""
    province_of = {"P": "96", "Q": "86"}.get  # a province office's code (storage: kind province)

    def check(row: dict[str, Any], author: str) -> list[str]:
        found = check_change(table, row, None, None, author, lookup, province_code_of=province_of)
        return [o.reason for o in found]

    assert check({"id": "x", "province_code": "96"}, "P") == []
    assert check({"id": "x", "province_code": "96"}, "Q") == [reason]
    assert check({"id": "x", "province_code": "96"}, "C") == [reason]  # a commune of that province
    assert check({"id": "x", "province_code": ""}, "Q") == []
    assert field_needs(table, "title", None, {}) is Role.ISSUER
    assert may_author(
        table, {"id": "x", "province_code": "86"}, None, "Q", lookup, province_code_of=province_of
    )
    assert not may_author(
        table, {"id": "x", "province_code": "86"}, None, "P", lookup, province_code_of=province_of
    )
