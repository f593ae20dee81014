"""TT124 Điều 5.4: 100% of child units registered and at least 70% recognised."""

from __future__ import annotations

import pytest
from factories import FAST
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.criteria import ComputedRule, ComputedRuleKind
from anninh_desktop.domain.progress import ChildUnitStats, child_rule_met, count_children
from anninh_desktop.domain.units import UnitKind

RULE = ComputedRule(ComputedRuleKind.CHILD_UNITS)
RA = UnitKind.RESIDENTIAL_AREA


def test_default_rule_thresholds() -> None:
    assert RULE.min_registered_percent == 100
    assert RULE.min_recognised_percent == 70


@pytest.mark.parametrize(
    ("total", "registered", "recognised", "met"),
    [
        (10, 10, 7, True),  # exactly 70%
        (10, 10, 6, False),
        (10, 10, 10, True),
        (100, 100, 69, False),  # 69% < 70%
        (100, 100, 70, True),
        (10, 9, 9, False),  # one child not registered
        (10, 9, 7, False),
        (0, 0, 0, False),  # no children: not met
        (3, 3, 2, False),  # 66.7%
        (3, 3, 3, True),
        (1, 1, 1, True),
        (1, 1, 0, False),
        (1, 0, 0, False),
        (7, 7, 5, True),  # 71.4%
        (1000, 1000, 699, False),
        (1000, 999, 1000, False),
    ],
)
def test_boundaries(total: int, registered: int, recognised: int, met: bool) -> None:
    assert child_rule_met(RULE, ChildUnitStats(total, registered, recognised)) is met


def test_custom_thresholds() -> None:
    rule = ComputedRule(
        ComputedRuleKind.CHILD_UNITS, min_registered_percent=90, min_recognised_percent=50
    )
    assert child_rule_met(rule, ChildUnitStats(10, 9, 5))
    assert not child_rule_met(rule, ChildUnitStats(10, 8, 5))
    assert not child_rule_met(rule, ChildUnitStats(10, 9, 4))


@FAST
@given(
    st.integers(0, 500).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))
    )
)
def test_default_rule_property(counts: tuple[int, int, int]) -> None:
    total, registered, recognised = counts
    expected = total > 0 and registered == total and recognised * 10 >= 7 * total
    assert child_rule_met(RULE, ChildUnitStats(total, registered, recognised)) is expected


def test_count_children_filters_kinds() -> None:
    children = [
        (RA, True, True),
        (RA, True, False),
        (UnitKind.AGENCY, True, True),
        (UnitKind.SCHOOL, False, False),
        (UnitKind.ENTERPRISE, True, True),
    ]
    assert count_children(children, (RA,)) == ChildUnitStats(2, 2, 1)
    assert count_children(children, (UnitKind.AGENCY, UnitKind.SCHOOL)) == ChildUnitStats(2, 1, 1)
    assert count_children(children, (UnitKind.PROVINCE,)) == ChildUnitStats(0, 0, 0)


def test_count_children_no_kinds_means_all() -> None:
    children = [(RA, True, True), (UnitKind.SCHOOL, False, False)]
    assert count_children(children, ()) == ChildUnitStats(2, 1, 1)
    assert count_children([], ()) == ChildUnitStats(0, 0, 0)


def test_rule_over_counted_children() -> None:
    children = [(RA, True, i < 7) for i in range(10)] + [(UnitKind.SCHOOL, False, False)]
    # the unregistered school is outside the rule's kinds
    assert child_rule_met(RULE, count_children(children, (RA,)))
    assert not child_rule_met(RULE, count_children(children, ()))
