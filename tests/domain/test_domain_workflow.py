"""workflow: who may move an assessment where, and why a move is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from factories import (
    NA,
    NM,
    NS,
    TREE_ASSESSABLE,
    M,
    all_met,
    assessment,
    flat_set,
    result,
    results,
    tree_set,
)

from anninh_desktop import i18n
from anninh_desktop.domain.assessments import LOCKED_STATES, AssessmentState, ResultValue
from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.domain.workflow import (
    TRANSITIONS,
    Actor,
    TransitionContext,
    allowed_targets,
    refusal_reasons,
)
from anninh_desktop.locations import translations_dir

S = AssessmentState
U = Actor.UNIT
A = Actor.APPRAISER
CONTENT_TARGETS = (S.SELF_ASSESSED, S.SUBMITTED)
FROM = {S.SELF_ASSESSED: S.IN_PROGRESS, S.SUBMITTED: S.SELF_ASSESSED}


def good_ctx(s: CriterionSet | None = None) -> TransitionContext:
    """Every row met, every row with evidence linked: no content refusal anywhere."""
    s = s or tree_set()
    return TransitionContext(s, all_met(s), {c.ref: 1 for c in s.assessable_criteria()})


def reasons(state: S, target: S, actor: Actor, ctx: TransitionContext | None = None) -> list[str]:
    return refusal_reasons(assessment(state), target, actor, ctx or good_ctx())


# ---------------------------------------------------------------- allowed_targets

EXPECTED_TARGETS = {
    (S.REGISTERED, U): (S.IN_PROGRESS,),
    (S.IN_PROGRESS, U): (S.SELF_ASSESSED,),
    (S.SELF_ASSESSED, U): (S.IN_PROGRESS, S.SUBMITTED),
    (S.SUBMITTED, A): (S.UNDER_APPRAISAL,),
    (S.UNDER_APPRAISAL, A): (S.RETURNED, S.RECOGNISED, S.NOT_RECOGNISED),
    (S.RETURNED, U): (S.IN_PROGRESS,),
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("actor", list(Actor))
def test_allowed_targets(state: S, actor: Actor) -> None:
    expected = EXPECTED_TARGETS.get((state, actor), ())
    assert set(allowed_targets(state, actor)) == set(expected)


def test_every_state_has_a_transition_entry() -> None:
    assert set(TRANSITIONS) == set(S)


@pytest.mark.parametrize("state", [S.RECOGNISED, S.NOT_RECOGNISED])
def test_end_states_have_no_exits(state: S) -> None:
    assert TRANSITIONS[state] == {}
    for actor in Actor:
        assert allowed_targets(state, actor) == ()
        for target in S:
            found = reasons(state, target, actor)
            assert len(found) == 1
            assert "cannot move" in found[0]


def test_end_states_are_locked() -> None:
    assert {S.RECOGNISED, S.NOT_RECOGNISED, S.SUBMITTED, S.UNDER_APPRAISAL} <= LOCKED_STATES
    assert assessment(S.RECOGNISED).locked
    assert not assessment(S.IN_PROGRESS).locked
    assert not assessment(S.RETURNED).locked


# ---------------------------------------------------------------- the allowed path


def test_full_path_with_return_then_recognition() -> None:
    ctx = good_ctx()
    path = [
        (S.REGISTERED, S.IN_PROGRESS, U),
        (S.IN_PROGRESS, S.SELF_ASSESSED, U),
        (S.SELF_ASSESSED, S.SUBMITTED, U),
        (S.SUBMITTED, S.UNDER_APPRAISAL, A),
        (S.UNDER_APPRAISAL, S.RETURNED, A),
        (S.RETURNED, S.IN_PROGRESS, U),
        (S.IN_PROGRESS, S.SELF_ASSESSED, U),
        (S.SELF_ASSESSED, S.SUBMITTED, U),
        (S.SUBMITTED, S.UNDER_APPRAISAL, A),
        (S.UNDER_APPRAISAL, S.RECOGNISED, A),
    ]
    for state, target, actor in path:
        assert reasons(state, target, actor, ctx) == [], (state, target)


def test_self_assessed_can_be_reopened() -> None:
    assert reasons(S.SELF_ASSESSED, S.IN_PROGRESS, U) == []


def test_not_recognised_needs_no_content_check() -> None:
    s = flat_set(3)
    ctx = TransitionContext(s, results({"1": NM}))
    assert reasons(S.UNDER_APPRAISAL, S.NOT_RECOGNISED, A, ctx) == []
    assert reasons(S.UNDER_APPRAISAL, S.RETURNED, A, ctx) == []


def test_early_moves_need_no_content_check() -> None:
    ctx = TransitionContext(flat_set(3), {})
    assert reasons(S.REGISTERED, S.IN_PROGRESS, U, ctx) == []
    assert reasons(S.RETURNED, S.IN_PROGRESS, U, ctx) == []
    assert reasons(S.SUBMITTED, S.UNDER_APPRAISAL, A, ctx) == []


# ---------------------------------------------------------------- wrong state / actor


def test_wrong_state_is_refused_with_both_state_names() -> None:
    assert reasons(S.REGISTERED, S.SUBMITTED, U) == [
        "an assessment in state “Registered” cannot move to “Submitted”"
    ]


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (S.REGISTERED, S.SELF_ASSESSED),
        (S.IN_PROGRESS, S.SUBMITTED),
        (S.IN_PROGRESS, S.RECOGNISED),
        (S.SUBMITTED, S.IN_PROGRESS),
        (S.UNDER_APPRAISAL, S.IN_PROGRESS),
        (S.RETURNED, S.SUBMITTED),
        (S.IN_PROGRESS, S.IN_PROGRESS),
    ],
)
def test_moves_outside_the_table_are_refused_for_everyone(state: S, target: S) -> None:
    for actor in Actor:
        found = reasons(state, target, actor)
        assert len(found) == 1 and "cannot move" in found[0]


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (S.SUBMITTED, S.UNDER_APPRAISAL),
        (S.UNDER_APPRAISAL, S.RETURNED),
        (S.UNDER_APPRAISAL, S.RECOGNISED),
        (S.UNDER_APPRAISAL, S.NOT_RECOGNISED),
    ],
)
def test_appraiser_only_moves_refused_for_unit(state: S, target: S) -> None:
    assert reasons(state, target, U) == ["only the appraising office can do this"]
    assert reasons(state, target, A) == []


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (S.REGISTERED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.SELF_ASSESSED),
        (S.SELF_ASSESSED, S.IN_PROGRESS),
        (S.SELF_ASSESSED, S.SUBMITTED),
        (S.RETURNED, S.IN_PROGRESS),
    ],
)
def test_unit_only_moves_refused_for_appraiser(state: S, target: S) -> None:
    assert reasons(state, target, A) == ["only the unit's own office can do this"]
    assert reasons(state, target, U) == []


def test_actor_check_comes_before_content_check() -> None:
    ctx = TransitionContext(flat_set(3), {})
    assert reasons(S.IN_PROGRESS, S.SELF_ASSESSED, A, ctx) == [
        "only the unit's own office can do this"
    ]


# ---------------------------------------------------------------- content checks


@pytest.mark.parametrize("target", CONTENT_TARGETS)
def test_not_yet_assessed_count_plural(target: S) -> None:
    s = flat_set(5)
    ctx = TransitionContext(s, results({"1": M, "2": M}))
    found = reasons(FROM[target], target, U, ctx)
    assert "3 criteria not yet assessed" in found
    assert len(found) == 1


@pytest.mark.parametrize("target", CONTENT_TARGETS)
def test_not_yet_assessed_count_singular(target: S) -> None:
    s = flat_set(5)
    ctx = TransitionContext(s, results({"1": M, "2": M, "3": M, "4": M, "5": NS}))
    found = reasons(FROM[target], target, U, ctx)
    assert found == ["1 criterion not yet assessed"]


def test_not_yet_assessed_counts_missing_rows_and_explicit_not_assessed() -> None:
    s = flat_set(40)
    ctx = TransitionContext(s, results({"1": NS}))
    found = reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx)
    assert found == ["40 criteria not yet assessed"]
    number = re.match(r"(\d+) ", found[0])
    assert number is not None and int(number.group(1)) == 40


@pytest.mark.parametrize("target", CONTENT_TARGETS)
def test_met_row_without_required_evidence_is_refused(target: S) -> None:
    s = tree_set()  # "5" requires a plan (KH)
    ctx = TransitionContext(s, all_met(s), {"5": 0})
    found = reasons(FROM[target], target, U, ctx)
    assert found == ["criterion 5 lacks required evidence"]
    ctx_missing = TransitionContext(s, all_met(s), {})
    assert reasons(FROM[target], target, U, ctx_missing) == found
    ctx_linked = TransitionContext(s, all_met(s), {"5": 2})
    assert reasons(FROM[target], target, U, ctx_linked) == []


def test_rows_without_required_evidence_need_no_links() -> None:
    s = tree_set()
    ctx = TransitionContext(s, all_met(s), {"5": 1})  # nothing linked to the other rows
    assert reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx) == []


def test_required_evidence_only_checked_on_met_rows() -> None:
    s = tree_set()
    values = {ref: M for ref in TREE_ASSESSABLE}
    values["5"] = NM
    ctx = TransitionContext(s, results(values), {})
    assert reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx) == []


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_not_applicable_without_reason_is_refused(blank: str) -> None:
    s = tree_set()
    rows = all_met(s)
    rows["4"] = result("4", NA, na_reason=blank)
    ctx = TransitionContext(s, rows, {"5": 1})
    found = reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx)
    assert found == ["criterion 4 is marked not applicable without a reason"]
    rows["4"] = result("4", NA, na_reason="không có tổ chức Đảng")
    assert reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx) == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_not_met_without_remediation_is_refused(blank: str) -> None:
    s = tree_set()
    rows = all_met(s)
    rows["2"] = result("2", NM, remediation=blank)
    ctx = TransitionContext(s, rows, {"5": 1})
    found = reasons(S.SELF_ASSESSED, S.SUBMITTED, U, ctx)
    assert found == ["criterion 2 is not met and has no remediation plan"]
    rows["2"] = result("2", NM, remediation="Bổ sung kế hoạch trong quý I")
    assert reasons(S.SELF_ASSESSED, S.SUBMITTED, U, ctx) == []


def test_all_content_reasons_are_reported_together() -> None:
    s = tree_set()
    rows = results({"1.a": M, "1.b": NM, "2": NA, "3": M, "5": M}, na_reason="", remediation="")
    ctx = TransitionContext(s, rows, {})
    found = reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, ctx)
    assert set(found) == {
        "1 criterion not yet assessed",  # "4" has no row
        "criterion 1.b is not met and has no remediation plan",
        "criterion 2 is marked not applicable without a reason",
        "criterion 5 lacks required evidence",
    }


def test_rows_for_groups_are_not_checked() -> None:
    s = tree_set()
    rows = all_met(s)
    rows["I"] = result("I", NM)  # stray row for a group: no remediation, but not assessable
    assert reasons(S.IN_PROGRESS, S.SELF_ASSESSED, U, TransitionContext(s, rows, {"5": 1})) == []


def test_recognised_refused_when_not_eligible() -> None:
    s = tree_set()
    values = {ref: M for ref in TREE_ASSESSABLE}
    values.update({"1.b": NM, "5": NM})
    ctx = TransitionContext(s, results(values), {"5": 1})
    found = reasons(S.UNDER_APPRAISAL, S.RECOGNISED, A, ctx)
    assert found == ["not eligible: mandatory criteria not met: 1.b, 5"]


def test_recognised_allowed_with_permitted_not_applicable_and_optional_unmet() -> None:
    s = tree_set()
    values = {ref: M for ref in TREE_ASSESSABLE}
    values.update({"3": NM, "4": NA})
    ctx = TransitionContext(s, results(values), {"5": 1})
    assert reasons(S.UNDER_APPRAISAL, S.RECOGNISED, A, ctx) == []


def test_recognised_refused_for_not_applicable_without_condition() -> None:
    s = tree_set()
    values: dict[str, ResultValue] = {ref: M for ref in TREE_ASSESSABLE}
    values["2"] = NA
    ctx = TransitionContext(s, results(values), {"5": 1})
    assert reasons(S.UNDER_APPRAISAL, S.RECOGNISED, A, ctx) == [
        "not eligible: mandatory criteria not met: 2"
    ]


# ---------------------------------------------------------------- language


def _vi_catalog() -> dict[str, str]:
    """msgid → msgstr of the Vietnamese catalog's translated, non-fuzzy singular entries."""
    po = translations_dir() / "vi" / "LC_MESSAGES" / "anninh.po"
    if not po.exists():
        return {}
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


@pytest.fixture
def vietnamese() -> Iterator[None]:
    assert i18n.set_language("vi") == "vi"
    yield
    i18n.set_language("en")


def test_messages_are_english_by_default() -> None:
    assert i18n.current_language() == "en"
    assert reasons(S.SUBMITTED, S.UNDER_APPRAISAL, U) == ["only the appraising office can do this"]


@pytest.mark.usefixtures("vietnamese")
def test_reasons_follow_the_vietnamese_catalog() -> None:
    english = "only the appraising office can do this"
    found = reasons(S.SUBMITTED, S.UNDER_APPRAISAL, U)
    po = translations_dir() / "vi" / "LC_MESSAGES" / "anninh.po"
    if po.exists():
        catalog = _vi_catalog()
        assert english in catalog, f"{po} has no Vietnamese translation of {english!r}"
        assert found == [catalog[english]]
        assert found != [english]
    else:
        # no catalog yet: gettext falls back to the English source strings
        assert found == [english]
        assert i18n.current_language() == "vi"


# ---------------------------------------------------------------- locks and offices


def test_self_assessed_locks_results_but_not_the_dossier() -> None:
    from anninh_desktop.domain.workflow import lock_text, results_locked

    assert results_locked(assessment(S.SELF_ASSESSED))
    assert not assessment(S.SELF_ASSESSED).locked  # the dossier's texts stay open
    assert "Reopen for editing" in lock_text(assessment(S.SELF_ASSESSED))
    for state in (S.REGISTERED, S.IN_PROGRESS, S.RETURNED):
        assert not results_locked(assessment(state))
    for state in LOCKED_STATES:
        assert results_locked(assessment(state))


def test_a_return_needs_a_reason_once_it_is_asked() -> None:
    ctx = good_ctx()
    asked = TransitionContext(ctx.criterion_set, ctx.results, ctx.evidence_counts, reason=" ")
    found = reasons(S.UNDER_APPRAISAL, S.RETURNED, A, asked)
    assert found and "reason" in found[0]
    given = TransitionContext(ctx.criterion_set, ctx.results, ctx.evidence_counts, "Bổ sung")
    assert reasons(S.UNDER_APPRAISAL, S.RETURNED, A, given) == []
    # Drawing the buttons asks no reason yet (None): the click asks for it.
    assert reasons(S.UNDER_APPRAISAL, S.RETURNED, A, ctx) == []


def test_what_an_office_is_to_a_unit() -> None:
    from anninh_desktop.domain.workflow import office_actors

    ap = [("ap", "residential_area"), ("xa", "commune"), ("tinh", "province")]
    xa = ap[1:]
    other = [("xa2", "commune"), ("tinh", "province")]
    assert office_actors("xa", ap) == {U, A}  # a commune keeps and appraises its hamlets
    assert office_actors("xa", xa) == {U}  # its own self-assessment, not its appraisal
    assert office_actors("tinh", xa) == {A}  # the province appraises, never edits
    assert office_actors("tinh", ap) == {A}
    assert office_actors("xa", other) == frozenset()  # another commune's: read-only
    assert office_actors(None, ap) == {U}  # a PC not set up as an office keeps its units
