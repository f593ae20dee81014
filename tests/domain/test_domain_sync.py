"""Version vectors and ownership rules of sync (pure functions)."""

from __future__ import annotations

from anninh_desktop.domain.authority import check_change, owning_office_unit
from anninh_desktop.domain.sync_vectors import Order, compare, merge, remote_wins

TREE = {
    "P": ("province", None),
    "C": ("commune", "P"),
    "C2": ("commune", "P"),
    "AREA": ("residential_area", "C"),
    "PAGENCY": ("agency", "P"),
}


def lookup(uid: str) -> tuple[str, str | None] | None:
    return TREE.get(uid)


def test_compare_and_merge() -> None:
    assert compare({"a": 1}, {"a": 1}) is Order.EQUAL
    assert compare({"a": 1}, {"a": 2}) is Order.BEFORE
    assert compare({"a": 2, "b": 1}, {"a": 2}) is Order.AFTER
    assert compare({}, {"a": 1}) is Order.BEFORE
    assert compare({"a": 2}, {"a": 1, "b": 1}) is Order.CONCURRENT
    assert merge({"a": 2}, {"a": 1, "b": 1}) == {"a": 2, "b": 1}


def test_conflict_winner_is_the_same_from_both_sides() -> None:
    x_vec, x_row = {"a": 5, "b": 1}, {"id": "r", "note": "mine", "changed_by": "a", "change_seq": 5}
    y_vec, y_row = (
        {"a": 3, "b": 4},
        {"id": "r", "note": "theirs", "changed_by": "b", "change_seq": 4},
    )
    assert remote_wins(x_vec, x_row, y_vec, y_row) != remote_wins(y_vec, y_row, x_vec, x_row)
    # Equal ranks down to the stamp: the content hash decides, still one answer.
    z_row = {**y_row, "note": "other"}
    assert remote_wins(y_vec, y_row, y_vec, z_row) != remote_wins(y_vec, z_row, y_vec, y_row)


def test_owning_office() -> None:
    assert owning_office_unit("AREA", lookup) == "C"
    assert owning_office_unit("C", lookup) == "C"
    assert owning_office_unit("PAGENCY", lookup) == "P"
    assert owning_office_unit("unknown", lookup) is None


def _check(
    table: str,
    row: dict[str, object],
    scope: str | None,
    sender: str,
    local: dict[str, object] | None = None,
) -> str | None:
    found = check_change(
        table,
        row,
        local,
        scope,
        sender,
        lookup,
        province_code_of=lambda u: "96" if u == "P" else None,
    )
    return found[0].reason if found else None


def test_who_may_send_what() -> None:
    assert _check("result", {"id": "r"}, "AREA", "C") is None
    assert _check("result", {"id": "r"}, "AREA", "C2") == "not_owner"
    assert _check("result", {"id": "r"}, "AREA", "P") == "not_owner"
    assert _check("appraisal", {"id": "x"}, "C", "P") is None
    assert _check("appraisal", {"id": "x"}, "C", "C") == "not_appraiser"
    old = {"id": "a", "state": "submitted", "year": 2026}
    assert _check("assessment", {**old, "state": "returned"}, "C", "P", old) is None
    assert _check("assessment", {**old, "year": 2027}, "C", "P", old) == "appraiser_field"
    # New to the receiver: in an appraiser's state only from the appraiser, never from the unit.
    assert _check("assessment", {**old, "state": "returned"}, "C", "P", None) is None
    assert _check("assessment", {**old, "state": "in_progress"}, "C", "P", None) == "not_owner"
    assert _check("assessment", {**old, "state": "recognised"}, "C", "C", None) == "appraiser_state"
    assert _check("assessment", {**old, "state": "in_progress"}, "C", "C", None) is None
    assert _check("criterion_set", {"id": "s", "province_code": "96"}, None, "P") is None
    assert _check("criterion_set", {"id": "s", "province_code": "96"}, None, "C") == "set_issuer"
    assert _check("criterion_set", {"id": "s", "province_code": ""}, None, "C") is None
    assert _check("evidence", {"id": "e"}, None, "C") == "not_owner"
