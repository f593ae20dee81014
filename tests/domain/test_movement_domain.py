"""The movement's pure rules: periods, shares, year-on-year changes, forecasts, site states and dossiers."""

from __future__ import annotations

from datetime import date

import pytest
from factories import FAST
from hypothesis import given
from hypothesis import strategies as st

from anninh_desktop.domain.assessments import AssessmentState, Result, ResultValue
from anninh_desktop.domain.criteria import Criterion, CriterionLevel
from anninh_desktop.domain.movement import (
    DocumentRole,
    Member,
    ModelSite,
    ModelTeam,
    RegistryError,
    SiteState,
    StruckOffReason,
    change_state,
    check_members,
)
from anninh_desktop.domain.movement_dossier import (
    DossierDocument,
    DossierGap,
    check_site_dossier,
)
from anninh_desktop.domain.movement_figures import Change, Ratio, check_value, sum_figures
from anninh_desktop.domain.movement_forecast import Outlook, forecast
from anninh_desktop.domain.movement_form import DossierRule, matches_set
from anninh_desktop.domain.movement_periods import (
    PeriodKind,
    ReportPeriod,
    YearStart,
    add_months,
    parse_period,
    period_of,
)

START = YearStart(11, 16)


# periods ---------------------------------------------------------------------------------------


def test_year_and_half_year_bounds_follow_the_start_day() -> None:
    assert ReportPeriod(2026).bounds(START) == (date(2025, 11, 16), date(2026, 11, 15))
    half = ReportPeriod(2026, PeriodKind.HALF_YEAR)
    assert half.bounds(START) == (date(2025, 11, 16), date(2026, 5, 15))
    assert ReportPeriod(2026).bounds(YearStart(1, 1)) == (date(2025, 1, 1), date(2025, 12, 31))


def test_period_keys_parse_back_and_name_the_year_before() -> None:
    half = parse_period("2026-H1")
    assert half == ReportPeriod(2026, PeriodKind.HALF_YEAR) and half.key == "2026-H1"
    assert parse_period(" 2025 ").key == "2025"
    assert half.same_period_year_before() == ReportPeriod(2025, PeriodKind.HALF_YEAR)
    for bad in ("2026-H2", "26", "2026-", "x", "1800"):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_period_of_a_day() -> None:
    assert period_of(date(2025, 11, 20), PeriodKind.YEAR, START) == ReportPeriod(2026)
    assert period_of(date(2026, 11, 15), PeriodKind.YEAR, START) == ReportPeriod(2026)
    assert period_of(date(2026, 3, 1), PeriodKind.HALF_YEAR, START).key == "2026-H1"


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 5, 15), -6) == date(2025, 11, 15)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)


@FAST
@given(st.integers(2000, 2100), st.integers(1, 12), st.integers(1, 28))
def test_a_half_year_is_inside_its_year_and_periods_follow_each_other(
    year: int, month: int, day: int
) -> None:
    start = YearStart(month, day)
    first, last = ReportPeriod(year).bounds(start)
    half_first, half_last = ReportPeriod(year, PeriodKind.HALF_YEAR).bounds(start)
    assert first == half_first and half_last < last
    next_first, _ = ReportPeriod(year + 1).bounds(start)
    assert (next_first - last).days == 1


# shares and changes ----------------------------------------------------------------------------


def test_ratio_share_is_computed_from_the_counts() -> None:
    assert Ratio(139, 186).share == pytest.approx(0.7473, abs=1e-4)
    assert Ratio(240, 310).share == pytest.approx(0.7742, abs=1e-4)
    assert Ratio(0, 0).share is None
    assert Ratio(151, 151).complete and not Ratio(852, 1056).complete
    assert Ratio(852, 1056).remaining == 204


def test_year_on_year_change() -> None:
    fewer = Change(current=5, previous=9)
    assert fewer.difference == -4 and fewer.direction == -1
    assert fewer.relative == pytest.approx(-4 / 9)
    assert Change(14, 25).relative == pytest.approx(-0.44)
    assert Change(3, 0).relative is None and Change(3, 0).difference == 3
    unknown = Change(3, None)
    assert unknown.difference is None and unknown.relative is None and unknown.direction == 0


@FAST
@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_change_relative_matches_difference(current: int, previous: int) -> None:
    c = Change(current, previous)
    assert c.relative == pytest.approx(c.difference / previous)
    assert (c.direction > 0) == (current > previous)


def test_sum_of_figures_knows_when_nothing_was_entered() -> None:
    sheets = [{"a": 3, "b": 1}, {"a": 4}, {}]
    assert sum_figures(sheets, "a") == 7
    assert sum_figures(sheets, "b") == 1
    assert sum_figures(sheets, "c") is None


def test_entered_values_are_whole_numbers_and_flags_zero_or_one() -> None:
    check_value(0, flag=True)
    check_value(120, flag=False)
    for value, flag in ((-1, False), (2, True), (True, False)):
        with pytest.raises(ValueError):
            check_value(value, flag)  # type: ignore[arg-type]


def test_set_patterns() -> None:
    assert matches_set("tt124-khu-dan-cu", ("tt124-*",))
    assert not matches_set("qd9745-xa-dien-hinh", ("tt124-*",))
    assert matches_set("qd9745-xa-dien-hinh", ("qd9745-xa-dien-hinh",))
    assert matches_set("anything", ())


# forecast --------------------------------------------------------------------------------------


def _criteria(n: int) -> list[Criterion]:
    return [Criterion(ref=str(i), level=CriterionLevel.CRITERION, text=f"T {i}") for i in range(n)]


def _result(ref: str, value: ResultValue, *, plan: str = "", due: date | None = None) -> Result:
    return Result(
        id=f"r{ref}",
        assessment_id="a",
        criterion_ref=ref,
        value=value,
        remediation=plan,
        due_date=due,
    )


END = date(2026, 11, 15)


def test_all_met_is_expected_and_decisions_are_final() -> None:
    crit = _criteria(3)
    results = {c.ref: _result(c.ref, ResultValue.MET) for c in crit}
    assert forecast(AssessmentState.IN_PROGRESS, crit, results, END).outlook is Outlook.EXPECTED
    assert forecast(AssessmentState.RECOGNISED, crit, {}, END).outlook is Outlook.ACHIEVED
    assert forecast(AssessmentState.NOT_RECOGNISED, crit, results, END).outlook is Outlook.FAILED


def test_a_plan_due_in_time_keeps_a_unit_expected_a_late_or_missing_plan_does_not() -> None:
    crit = _criteria(34)
    results = {c.ref: _result(c.ref, ResultValue.MET) for c in crit}
    results["31"] = _result(
        "31", ResultValue.NOT_MET, plan="Bố trí kinh phí", due=date(2026, 9, 30)
    )
    f = forecast(AssessmentState.SELF_ASSESSED, crit, results, END)
    assert f.outlook is Outlook.EXPECTED and f.planned == ("31",)
    results["33"] = _result("33", ResultValue.NOT_MET, plan="Xây trụ sở", due=date(2027, 3, 31))
    f = forecast(AssessmentState.SELF_ASSESSED, crit, results, END)
    assert f.outlook is Outlook.NOT_EXPECTED and f.lacking == ("33",)
    results["33"] = _result("33", ResultValue.NOT_MET, due=date(2026, 1, 1))  # a date, no plan
    assert forecast(AssessmentState.SELF_ASSESSED, crit, results, END).lacking == ("33",)


def test_rows_not_yet_assessed_leave_the_outlook_open() -> None:
    crit = _criteria(4)
    results = {"0": _result("0", ResultValue.MET), "1": _result("1", ResultValue.NOT_APPLICABLE)}
    f = forecast(AssessmentState.IN_PROGRESS, crit, results, END)
    assert f.outlook is Outlook.UNDETERMINED and f.open_refs == ("2", "3")
    results["2"] = _result("2", ResultValue.NOT_MET)
    assert forecast(AssessmentState.IN_PROGRESS, crit, results, END).outlook is (
        Outlook.NOT_EXPECTED
    )


def test_optional_criteria_do_not_count_in_the_forecast() -> None:
    optional = Criterion(ref="x", level=CriterionLevel.CRITERION, text="x", mandatory=False)
    f = forecast(
        AssessmentState.IN_PROGRESS,
        [optional],
        {"x": _result("x", ResultValue.NOT_MET)},
        END,
    )
    assert f.outlook is Outlook.EXPECTED


# sites and teams -------------------------------------------------------------------------------


SITE = ModelSite(
    id="s", type_id="t", unit_id="u", name="Camera an ninh ấp 1", established_on=date(2024, 3, 1)
)


def test_striking_off_needs_a_reason_and_is_final() -> None:
    with pytest.raises(RegistryError) as err:
        change_state(SITE, SiteState.STRUCK_OFF, date(2026, 6, 1))
    assert err.value.code == "reason_required"
    with pytest.raises(RegistryError):
        change_state(SITE, SiteState.STRUCK_OFF, date(2026, 6, 1), StruckOffReason.OTHER)
    gone = change_state(
        SITE, SiteState.STRUCK_OFF, date(2026, 6, 1), StruckOffReason.INADEQUATE_DOSSIER
    )
    assert gone.struck_off and gone.state_on == date(2026, 6, 1)
    with pytest.raises(RegistryError) as err:
        change_state(gone, SiteState.ACTIVE, date(2026, 7, 1))
    assert err.value.code == "already_struck_off"
    with pytest.raises(RegistryError):
        change_state(SITE, SiteState.CONSOLIDATED, date(2023, 1, 1))  # before it existed


def test_a_site_counts_from_its_founding_until_it_is_struck_off() -> None:
    assert not SITE.live_on(date(2024, 2, 29)) and SITE.live_on(date(2024, 3, 1))
    gone = change_state(SITE, SiteState.STRUCK_OFF, date(2026, 6, 1), StruckOffReason.INEFFECTIVE)
    assert gone.live_on(date(2026, 5, 31)) and not gone.live_on(date(2026, 6, 1))


def test_team_members_count_covers_the_names() -> None:
    check_members(12, (Member("Nguyễn Văn A", "Tổ trưởng"),))
    for count, members, code in (
        (1, (Member("A"), Member("B")), "count_below_names"),
        (-1, (), "negative_count"),
        (3, (Member("  "),), "member_without_name"),
    ):
        with pytest.raises(RegistryError) as err:
            check_members(count, members)
        assert err.value.code == code


# site dossier ----------------------------------------------------------------------------------

RULE = DossierRule()
TODAY = date(2026, 6, 30)
TEAM = ModelTeam(id="t1", site_id="s", unit_id="u", name="Tổ 1", members_count=9)


def _docs(*pairs: tuple[DocumentRole, date | None]) -> list[DossierDocument]:
    return [DossierDocument(role, day) for role, day in pairs]


def test_a_complete_dossier_has_no_gaps() -> None:
    docs = _docs(
        (DocumentRole.FOUNDING_DECISION, date(2024, 3, 1)),
        (DocumentRole.REGULATIONS, date(2024, 3, 1)),
        (DocumentRole.MEMBER_LIST, None),
        (DocumentRole.ACTIVITY_MINUTES, date(2026, 4, 2)),
    )
    check = check_site_dossier(SITE, docs, [TEAM], RULE, TODAY)
    assert check.complete and check.checked


def test_gaps_name_what_is_missing() -> None:
    docs = _docs(
        (DocumentRole.FOUNDING_DECISION, date(2024, 3, 1)),
        (DocumentRole.ACTIVITY_MINUTES, date(2025, 10, 1)),  # older than six months
    )
    check = check_site_dossier(SITE, docs, [], RULE, TODAY)
    gaps = [(g.gap, g.role) for g in check.gaps]
    assert gaps == [
        (DossierGap.MISSING_ROLE, DocumentRole.REGULATIONS),
        (DossierGap.MISSING_ROLE, DocumentRole.MEMBER_LIST),
        (DossierGap.NO_RECENT_MINUTES, None),
        (DossierGap.NO_TEAM, None),
    ]
    undated = _docs(*[(r, None) for r in RULE.required], (DocumentRole.ACTIVITY_MINUTES, None))
    empty_team = ModelTeam(id="t2", site_id="s", unit_id="u", name="Tổ 2")
    check = check_site_dossier(SITE, undated, [empty_team], RULE, TODAY)
    assert [g.gap for g in check.gaps] == [DossierGap.UNDATED_MINUTES, DossierGap.NO_MEMBERS]


def test_the_rule_is_data_and_struck_off_sites_are_not_checked() -> None:
    lenient = DossierRule(
        required=(DocumentRole.FOUNDING_DECISION,), minutes_within_months=0, team_required=False
    )
    docs = _docs((DocumentRole.FOUNDING_DECISION, None))
    assert check_site_dossier(SITE, docs, [], lenient, TODAY).complete
    gone = change_state(SITE, SiteState.STRUCK_OFF, date(2026, 1, 5), StruckOffReason.INEFFECTIVE)
    check = check_site_dossier(gone, [], [], RULE, TODAY)
    assert not check.checked and check.complete
