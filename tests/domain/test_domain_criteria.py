"""criteria.CriterionSet: assessable rows, lookup, children."""

from __future__ import annotations

import pytest
from factories import TREE_ASSESSABLE, crit, make_set, tree_set

from anninh_desktop.domain.criteria import CriterionLevel


def test_assessable_criteria_in_set_order() -> None:
    refs = tuple(c.ref for c in tree_set().assessable_criteria())
    assert refs == TREE_ASSESSABLE


def test_assessable_criteria_keeps_declared_order_not_sorted() -> None:
    s = make_set([crit("3"), crit("1"), crit("10"), crit("2")])
    assert [c.ref for c in s.assessable_criteria()] == ["3", "1", "10", "2"]


def test_criterion_lookup() -> None:
    s = tree_set()
    assert s.criterion("1.b").parent_ref == "1"
    assert s.criterion("I").level is CriterionLevel.GROUP


def test_criterion_unknown_ref_raises_key_error() -> None:
    with pytest.raises(KeyError) as caught:
        tree_set().criterion("9.z")
    assert caught.value.args == ("9.z",)


def test_children() -> None:
    s = tree_set()
    assert [c.ref for c in s.children(None)] == ["I", "II"]
    assert [c.ref for c in s.children("I")] == ["1", "2"]
    assert [c.ref for c in s.children("1")] == ["1.a", "1.b"]
    assert [c.ref for c in s.children("II")] == ["3", "4", "5"]
    assert s.children("2") == ()
    assert s.children("nope") == ()


def test_label_and_empty_set() -> None:
    s = make_set([])
    assert s.label == "Bộ tiêu chí thử (v1)"
    assert s.assessable_criteria() == ()
    assert s.children(None) == ()
