"""Which office may change what (domain/authority.py): pure rules on a small unit tree."""

from __future__ import annotations

from typing import Any

import pytest

from anninh_desktop.domain.authority import (
    APPRAISER_STATES,
    UNIT_LEAVES,
    Overstep,
    Role,
    administrator_of,
    ancestors,
    changed_fields,
    check_change,
    field_needs,
    may_author,
    owning_office_unit,
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


# ------------------------------------------------------------------ the tree walk, exactly

WIDE_TREE = {
    **TREE,
    "AGENCY": ("agency", "C"),  # an agency attached to commune C
    "SCHOOL": ("school", "C"),
    "P_AGENCY": ("agency", "P"),  # a province agency: no commune above it
    "LOOP1": ("residential_area", "LOOP2"),  # a damaged tree: a cycle
    "LOOP2": ("residential_area", "LOOP1"),
    "ORPHAN": ("residential_area", "GONE"),  # its parent is not known here
}


def wide(uid: str) -> tuple[str, str | None] | None:
    return WIDE_TREE.get(uid)


def test_ancestors_stop_at_the_root_a_cycle_or_an_unknown_unit() -> None:
    assert ancestors("AREA", wide) == ["AREA", "C", "P"]  # the root's missing parent is no unit
    assert ancestors("P", wide) == ["P"]
    assert ancestors("LOOP1", wide) == ["LOOP1", "LOOP2"]
    assert ancestors("ORPHAN", wide) == ["ORPHAN", "GONE"]
    assert ancestors("GONE", wide) == ["GONE"]


def test_the_owning_office_is_the_nearest_commune_else_the_nearest_province() -> None:
    assert owning_office_unit("AREA", wide) == "C"
    assert owning_office_unit("C", wide) == "C"
    # No commune above: the province, not the first unit met on the way.
    assert owning_office_unit("P_AGENCY", wide) == "P"
    assert owning_office_unit("P", wide) == "P"
    assert owning_office_unit("ORPHAN", wide) is None
    assert owning_office_unit("LOOP1", wide) is None
    assert administrator_of(None, wide) is None
    assert administrator_of("", wide) is None
    assert administrator_of("AGENCY", wide) == "C"


# ------------------------------------------------------------------ check_change names the row


def oversteps(
    table: str, new: dict[str, Any], old: dict[str, Any] | None, scope: str | None, author: str
) -> list[Overstep]:
    return check_change(table, new, old, scope, author, wide)


def test_a_refusal_names_table_row_reason_and_field() -> None:
    area = {"id": "NEW", "kind": "residential_area", "parent_id": "C", "name": "Ấp"}
    assert oversteps("unit", area, None, "NEW", "C2") == [
        Overstep("unit", "NEW", "structure", "parent_id")
    ]
    assert oversteps("unit", {**UNIT_C, "parent_id": "Q"}, UNIT_C, "C", "C") == [
        Overstep("unit", "C", "structure", "parent_id")
    ]
    assert oversteps("unit", {**UNIT_C, "name": "Khác"}, UNIT_C, "C", "C2") == [
        Overstep("unit", "C", "not_owner", "name")
    ]
    assert oversteps("result", {"id": "R1"}, None, "AREA", "P") == [
        Overstep("result", "R1", "not_owner")
    ]
    assert oversteps("appraisal", {"id": "V1"}, None, "C", "C") == [
        Overstep("appraisal", "V1", "not_appraiser")
    ]
    assert oversteps("assessment", {**ASSESSMENT, "state": "registered"}, None, "C", "P") == [
        Overstep("assessment", "A", "not_owner")
    ]
    assert oversteps("assessment", {**ASSESSMENT, "state": "recognised"}, None, "C", "C") == [
        Overstep("assessment", "A", "appraiser_state", "state")
    ]
    returned = {**ASSESSMENT, "state": "returned"}
    assert oversteps("assessment", returned, ASSESSMENT, "C", "C") == [
        Overstep("assessment", "A", "appraiser_state", "state")
    ]
    assert check_change(
        "criterion_set",
        {"id": "S1", "province_code": "96"},
        None,
        None,
        "Q",
        wide,
        province_code_of={"Q": "86"}.get,
    ) == [Overstep("criterion_set", "S1", "set_issuer")]


def test_a_row_without_an_id_is_named_by_an_empty_id() -> None:
    for table, new, old, scope, author in (
        ("result", {}, None, "AREA", "P"),
        ("appraisal", {}, None, "C", "C"),
        ("unit", {"parent_id": "C"}, None, "X", "C2"),
        ("unit", {"name": "b"}, {"name": "a"}, "C", "C2"),
        ("assessment", {"state": "registered"}, None, "C", "C2"),
        ("assessment", {"state": "recognised"}, None, "C", "C"),
        ("assessment", {"year": 1}, {"year": 2}, "C", "C2"),
    ):
        found = oversteps(table, new, old, scope, author)
        assert [o.row_id for o in found] == [""], (table, new)
    assert check_change(
        "movement_form",
        {"province_code": "96"},
        None,
        None,
        "Q",
        wide,
        province_code_of={"Q": "86"}.get,
    ) == [Overstep("movement_form", "", "form_issuer")]


def test_without_a_scope_unit_or_an_author_nothing_may_be_written() -> None:
    area = {"id": "NEW", "kind": "residential_area", "parent_id": "C", "name": "Ấp"}
    # The commune would administer the new area, but a row with no scope unit is nobody's.
    assert oversteps("unit", area, None, None, "C") == [Overstep("unit", "NEW", "not_owner")]
    assert oversteps("appraisal", {"id": "V"}, None, None, "P") == [
        Overstep("appraisal", "V", "not_owner")
    ]
    # A scope unit but no author office.
    assert oversteps("unit", area, None, "NEW", "") == [Overstep("unit", "NEW", "not_owner")]
    assert oversteps("result", {"id": "R"}, None, "AREA", "") == [
        Overstep("result", "R", "not_owner")
    ]
    assert not may_author("result", {"id": "R"}, None, "C", wide)
    assert not may_author("unit", area, None, "C", wide)
    assert not may_author("result", {"id": "R"}, "AREA", "", wide)


def test_may_author_needs_a_role_over_the_row() -> None:
    assert not may_author("assessment", ASSESSMENT, "C", "C2", wide)
    assert may_author("assessment", ASSESSMENT, "C", "C", wide)
    assert not may_author("unit", UNIT_C, "C", "Q", wide)
    assert may_author("unit", UNIT_C, "C", "C", wide)
    assert may_author("appraisal", {"id": "v"}, "C", "P", wide)
    assert not may_author("evidence", {"id": "e"}, "C", "P", wide)


# ------------------------------------------------------------------ units


def test_moving_a_unit_between_two_parents_of_one_administrator_is_allowed() -> None:
    school = {"id": "SCHOOL", "kind": "school", "parent_id": "C", "name": "Trường"}
    moved = {**school, "parent_id": "AGENCY"}
    assert oversteps("unit", moved, school, "SCHOOL", "C") == []
    assert oversteps("unit", moved, school, "SCHOOL", "C2") == [
        Overstep("unit", "SCHOOL", "structure", "parent_id")
    ]


def test_the_new_parent_counts_only_for_the_parent_field() -> None:
    # P administers C (its parent) but not Q's units: the move is refused, the kind it may change.
    changed = {**UNIT_C, "parent_id": "Q", "kind": "residential_area"}
    assert oversteps("unit", changed, UNIT_C, "C", "P") == [
        Overstep("unit", "C", "structure", "parent_id")
    ]


def test_a_parent_that_is_not_a_unit_id_has_no_administrator() -> None:
    # A hostile package may carry any JSON as a parent: a list is not looked up (it would not even
    # be hashable), it simply has no administrator.
    odd = {"id": "NEW", "kind": "residential_area", "parent_id": ["C"], "name": "Ấp"}
    assert oversteps("unit", odd, None, "NEW", "C") == [
        Overstep("unit", "NEW", "structure", "parent_id")
    ]
    stored = {**odd, "parent_id": ["C"]}
    assert oversteps("unit", {**stored, "kind": "agency"}, stored, "NEW", "C") == [
        Overstep("unit", "NEW", "structure", "kind")
    ]


# ------------------------------------------------------------------ assessments, field by field


def test_field_needs() -> None:
    assert field_needs("unit", "parent_id", None, {}) is Role.ADMINISTRATOR
    assert field_needs("unit", "valid_to", None, {}) is Role.ADMINISTRATOR
    assert field_needs("unit", "name", None, {}) is Role.OWNER
    state = "state"
    assert field_needs("assessment", state, None, {state: "registered"}) is Role.OWNER
    assert field_needs("assessment", state, None, {state: "recognised"}) is Role.APPRAISER
    # From the old state: a take-back of a submitted assessment is the appraiser's.
    assert (
        field_needs("assessment", state, {state: "submitted"}, {state: "in_progress"})
        is Role.APPRAISER
    )
    assert (
        field_needs("assessment", state, {state: "in_progress"}, {state: "recognised"})
        is Role.APPRAISER
    )
    assert (
        field_needs("assessment", state, {state: "in_progress"}, {state: "self_assessed"})
        is Role.OWNER
    )
    assert field_needs("assessment", "decided_by", None, {}) is Role.APPRAISER
    assert field_needs("assessment", "note", None, {}) is Role.OWNER
    assert field_needs("assessment", "deleted", {state: "submitted"}, {}) is Role.APPRAISER
    assert field_needs("assessment", "deleted", {state: "in_progress"}, {}) is Role.OWNER
    assert field_needs("assessment", "deleted", None, {}) is Role.OWNER
    assert field_needs("result", "note", None, {}) is Role.OWNER


def test_every_refused_field_is_named_not_only_the_first() -> None:
    # Sorted by name, an allowed field comes first each time: the check goes on after it.
    base = {**ASSESSMENT, "decision_number": "", "note": ""}
    # The province sets a decision (its own) and edits the year (the commune's).
    assert oversteps(
        "assessment", {**base, "decision_number": "5/QĐ", "year": 2027}, base, "C", "P"
    ) == [Overstep("assessment", "A", "appraiser_field", "year")]
    # The province moves the state (any state: its own) and edits the year.
    assert oversteps("assessment", {**base, "state": "returned", "year": 2027}, base, "C", "P") == [
        Overstep("assessment", "A", "appraiser_field", "year")
    ]
    # The commune edits a note (its own) and writes a return reason (the province's).
    mine = {**base, "state": "in_progress"}
    assert oversteps("assessment", {**mine, "note": "x", "return_reason": "y"}, mine, "C", "C") == [
        Overstep("assessment", "A", "appraiser_state", "return_reason")
    ]


def test_an_appraiser_may_set_a_state_the_unit_could_set_too() -> None:
    returned = {**ASSESSMENT, "state": "returned"}
    again = {**returned, "state": "in_progress"}
    assert state_change_needs("returned", "in_progress") is Role.OWNER
    assert oversteps("assessment", again, returned, "C", "P") == []
    assert oversteps("assessment", again, returned, "C", "C") == []
    assert oversteps("assessment", again, returned, "C", "C2") == [
        Overstep("assessment", "A", "not_owner", "state")
    ]
    # ... and the check goes on after that state: the year stays the commune's.
    assert oversteps("assessment", {**again, "year": 2027}, returned, "C", "P") == [
        Overstep("assessment", "A", "appraiser_field", "year")
    ]


def test_an_office_with_no_role_is_told_it_is_not_the_appraiser() -> None:
    reason = {**ASSESSMENT, "return_reason": "thiếu"}
    assert oversteps("assessment", reason, ASSESSMENT, "C", "C2") == [
        Overstep("assessment", "A", "not_appraiser", "return_reason")
    ]
    assert oversteps("assessment", reason, ASSESSMENT, "C", "C") == [
        Overstep("assessment", "A", "appraiser_state", "return_reason")
    ]


def test_changed_fields() -> None:
    new = {
        "id": "X",
        "changed_by": "c",
        "change_seq": 3,
        "name": "Ấp",
        "note": "",
        "deleted": 0,
        "successors": [],
        "parent_id": None,
        "valid_from": "2025-07-01",
    }
    assert changed_fields(None, new) == ["name", "valid_from"]
    assert changed_fields({**new, "name": "Cũ", "change_seq": 1}, new) == ["name"]
    assert changed_fields(new, {**new, "deleted": 1, "note": "x"}) == ["deleted", "note"]
    assert changed_fields(new, new) == []
