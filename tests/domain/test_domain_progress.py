"""progress: counts and compliance; eligibility: every mandatory row met."""

from __future__ import annotations

import pytest
from factories import (
    FAST,
    NA,
    NM,
    NS,
    TREE_ASSESSABLE,
    M,
    crit,
    flat_set,
    make_set,
    result,
    results,
    tree_set,
)
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.assessments import ResultValue
from anninh_desktop.domain.criteria import CriterionLevel
from anninh_desktop.domain.progress import Progress, eligibility, progress

# ---------------------------------------------------------------- progress


def test_counts_over_assessable_rows() -> None:
    s = flat_set(6)
    p = progress(s, results({"1": M, "2": M, "3": NM, "4": NA, "5": NS}))
    assert p == Progress(done=4, total=6, met=2, not_met=1, not_applicable=1)
    assert p.not_assessed == 2
    assert p.applicable == 5


def test_compliance_excludes_not_applicable() -> None:
    p = progress(flat_set(4), results({"1": M, "2": M, "3": NM, "4": NA}))
    assert p.compliance == pytest.approx(2 / 3)
    assert p.label == "2/3"


def test_label_32_of_34() -> None:
    s = flat_set(36)
    values = {str(i): M for i in range(1, 33)}
    values.update({"33": NM, "34": NM, "35": NA, "36": NA})
    p = progress(s, results(values))
    assert p.label == "32/34"
    assert p.compliance == pytest.approx(32 / 34)


def test_all_not_applicable_gives_zero_compliance() -> None:
    p = progress(flat_set(3), results({"1": NA, "2": NA, "3": NA}))
    assert p.applicable == 0
    assert p.compliance == 0.0
    assert p.label == "0/0"
    assert p.done == 3


def test_empty_set() -> None:
    p = progress(make_set([]), {})
    assert p == Progress(done=0, total=0, met=0, not_met=0, not_applicable=0)
    assert p.compliance == 0.0


def test_all_met_is_full_compliance() -> None:
    p = progress(flat_set(5), results({str(i): M for i in range(1, 6)}))
    assert p.compliance == 1.0
    assert p.label == "5/5"


def test_missing_result_rows_count_as_not_assessed() -> None:
    p = progress(flat_set(5), results({"2": M}))
    assert p.total == 5
    assert p.done == 1
    assert p.not_assessed == 4
    assert p.label == "1/5"  # not assessed rows are still applicable


def test_non_assessable_rows_are_excluded() -> None:
    s = tree_set()
    # results for the groups and for the parent "1" must be ignored
    values = {ref: M for ref in ("I", "II", "1")}
    p = progress(s, results(values))
    assert p.total == len(TREE_ASSESSABLE)
    assert p.done == 0
    assert p.met == 0


def test_results_for_unknown_refs_are_ignored() -> None:
    p = progress(flat_set(2), results({"1": M, "99": M}))
    assert (p.done, p.met, p.total) == (1, 1, 2)


@FAST
@given(st.lists(st.sampled_from(list(ResultValue)), max_size=20))
def test_progress_counts_add_up(values: list[ResultValue]) -> None:
    s = flat_set(len(values))
    p = progress(s, results({str(i + 1): v for i, v in enumerate(values)}))
    assert p.total == len(values)
    assert p.done == p.met + p.not_met + p.not_applicable
    assert p.done + p.not_assessed == p.total
    assert 0.0 <= p.compliance <= 1.0
    assert p.label == f"{p.met}/{p.total - p.not_applicable}"


# ---------------------------------------------------------------- eligibility


def test_eligible_when_every_mandatory_row_met() -> None:
    s = tree_set()
    verdict = eligibility(s, results({ref: M for ref in ("1.a", "1.b", "2", "4", "5")}))
    assert verdict.eligible
    assert verdict.unmet_mandatory == ()


def test_not_applicable_accepted_only_with_na_condition() -> None:
    s = tree_set()  # "4" has an na_condition, "2" has none
    base = {ref: M for ref in TREE_ASSESSABLE}
    ok = eligibility(s, results({**base, "4": NA}))
    assert ok.eligible
    refused = eligibility(s, results({**base, "2": NA}))
    assert not refused.eligible
    assert refused.unmet_mandatory == ("2",)


def test_an_allowed_not_applicable_row_does_not_end_the_check() -> None:
    s = tree_set()  # "4" may be not applicable; "5" comes after it
    verdict = eligibility(s, results({ref: M for ref in TREE_ASSESSABLE} | {"4": NA, "5": NM}))
    assert verdict.unmet_mandatory == ("5",)


def test_non_mandatory_unmet_rows_do_not_block() -> None:
    s = tree_set()  # "3" is not mandatory
    base = {ref: M for ref in TREE_ASSESSABLE}
    for value in (NM, NS, NA):
        assert eligibility(s, results({**base, "3": value})).eligible
    missing = {k: v for k, v in base.items() if k != "3"}
    assert eligibility(s, results(missing)).eligible


def test_unmet_refs_listed_in_set_order() -> None:
    s = tree_set()
    verdict = eligibility(s, results({"5": NM, "1.b": NM, "2": NA, "4": M}))
    # 1.a missing, 1.b not met, 2 NA without condition, 4 met, 5 not met
    assert not verdict.eligible
    assert verdict.unmet_mandatory == ("1.a", "1.b", "2", "5")


def test_not_assessed_counts_as_unmet() -> None:
    verdict = eligibility(flat_set(2), results({"1": M, "2": NS}))
    assert verdict.unmet_mandatory == ("2",)


def test_groups_and_parents_do_not_need_results() -> None:
    s = make_set(
        [
            crit("I", level=CriterionLevel.GROUP),
            crit("1", level=CriterionLevel.CRITERION, parent="I", assessable=False),
            crit("1.a", parent="1"),
        ]
    )
    assert eligibility(s, {"1.a": result("1.a", M)}).eligible


def test_empty_set_is_eligible() -> None:
    assert eligibility(make_set([]), {}).eligible
