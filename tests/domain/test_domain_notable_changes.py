"""What an import preview names field by field (domain/authority.py, notable_changes)."""

from __future__ import annotations

from anninh_desktop.domain.authority import FieldChange, Role, notable_changes


def test_a_new_assessment_names_its_state_and_decision_not_empty_fields() -> None:
    new = {
        "id": "A",
        "state": "recognised",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "",
        "decided_by": None,
        "deleted": 0,
        "year": 2026,
    }
    assert notable_changes("assessment", None, new) == [
        FieldChange("state", None, "recognised", Role.APPRAISER),
        FieldChange("decision_number", None, "12/QĐ-UBND", Role.APPRAISER),
    ]


def test_a_new_unit_names_its_parent_not_its_kind_or_validity() -> None:
    new = {"id": "U", "parent_id": "C", "kind": "residential_area", "valid_to": "2030-01-01"}
    assert notable_changes("unit", None, new) == [
        FieldChange("parent_id", None, "C", Role.ADMINISTRATOR)
    ]
    assert notable_changes("unit", None, {**new, "parent_id": None}) == []
    # Fields passed over do not end the list: a deletion after them is still named.
    assert notable_changes("unit", None, {**new, "deleted": 1}) == [
        FieldChange("parent_id", None, "C", Role.ADMINISTRATOR),
        FieldChange("deleted", None, 1, Role.ADMINISTRATOR),
    ]
    no_state = {"id": "A", "state": None, "decision_number": "3/QĐ"}
    assert notable_changes("assessment", None, no_state) == [
        FieldChange("decision_number", None, "3/QĐ", Role.APPRAISER)
    ]


def test_a_row_that_arrives_deleted_is_named_a_deletion() -> None:
    assert notable_changes("result", None, {"id": "R", "deleted": 1}) == [
        FieldChange("deleted", None, 1, Role.OWNER)
    ]
    assert notable_changes("result", None, {"id": "R", "deleted": 0}) == []


def test_an_update_names_each_changed_field_with_before_and_after() -> None:
    old = {"id": "A", "state": "submitted", "return_reason": "", "deleted": 0, "note": "a"}
    new = {**old, "state": "returned", "return_reason": "Thiếu biên bản", "note": "b"}
    assert notable_changes("assessment", old, new) == [
        FieldChange("state", "submitted", "returned", Role.APPRAISER),
        FieldChange("return_reason", "", "Thiếu biên bản", Role.APPRAISER),
    ]
    # The same state again is not named; a removal is.
    assert notable_changes("assessment", old, {**old, "deleted": 1}) == [
        FieldChange("deleted", 0, 1, Role.APPRAISER)
    ]
    unit = {"id": "U", "parent_id": "C", "kind": "residential_area", "valid_to": None}
    moved = {**unit, "kind": "agency", "valid_to": "2026-01-01", "parent_id": "C"}
    assert notable_changes("unit", unit, moved) == [
        FieldChange("kind", "residential_area", "agency", Role.ADMINISTRATOR),
        FieldChange("valid_to", None, "2026-01-01", Role.ADMINISTRATOR),
    ]


def test_the_role_a_change_needs_comes_from_the_old_state() -> None:
    # A commune taking back what it submitted needs the appraiser (the old state decides).
    old = {"id": "A", "state": "submitted"}
    assert notable_changes("assessment", old, {**old, "state": "in_progress"}) == [
        FieldChange("state", "submitted", "in_progress", Role.APPRAISER)
    ]
    mine = {"id": "A", "state": "in_progress"}
    assert notable_changes("assessment", mine, {**mine, "state": "self_assessed"}) == [
        FieldChange("state", "in_progress", "self_assessed", Role.OWNER)
    ]


def test_fields_a_row_does_not_carry_are_skipped() -> None:
    old = {"id": "V", "verdict": "agree"}
    assert notable_changes("appraisal", old, {"id": "V", "deleted": 1}) == [
        FieldChange("deleted", None, 1, Role.APPRAISER)
    ]
    assert notable_changes("appraisal", old, {"id": "V", "verdict": "disagree"}) == [
        FieldChange("verdict", "agree", "disagree", Role.APPRAISER)
    ]
    # A table with no notable fields: only its deletions.
    assert notable_changes("evidence", {"id": "E", "title": "a"}, {"id": "E", "title": "b"}) == []
