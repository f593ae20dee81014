"""The movement's rules at their edges: period days, month ends, founding and dissolution days,
refusal codes, and what a state change leaves on a site (mutation testing found these open)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from anninh_desktop.domain.assessments import AssessmentState, Result, ResultValue
from anninh_desktop.domain.criteria import Criterion, CriterionLevel
from anninh_desktop.domain.movement import (
    DocumentRole,
    MassOrganisation,
    Member,
    ModelSite,
    ModelTeam,
    OrganisationKind,
    RegistryError,
    SiteState,
    StruckOffReason,
    change_state,
    check_members,
)
from anninh_desktop.domain.movement_dossier import (
    DossierCheck,
    DossierDocument,
    DossierGap,
    Gap,
    check_site_dossier,
)
from anninh_desktop.domain.movement_figures import check_value
from anninh_desktop.domain.movement_forecast import Outlook, forecast
from anninh_desktop.domain.movement_form import (
    DossierRule,
    FormField,
    FormGroup,
    StatisticsForm,
    matches_set,
)
from anninh_desktop.domain.movement_periods import (
    PeriodKind,
    ReportPeriod,
    YearStart,
    add_months,
    parse_period,
    period_of,
)

START = YearStart(11, 16)
FOUNDED = date(2024, 3, 1)
SITE = ModelSite(id="s", type_id="t", unit_id="u", name="Camera an ninh", established_on=FOUNDED)


# periods ---------------------------------------------------------------------------------------


def test_a_period_holds_its_first_and_last_day_only() -> None:
    year = ReportPeriod(2026)
    assert year.contains(date(2025, 11, 16), START) and year.contains(date(2026, 11, 15), START)
    assert not year.contains(date(2025, 11, 15), START)
    assert not year.contains(date(2026, 11, 16), START)
    half = ReportPeriod(2026, PeriodKind.HALF_YEAR)
    assert half.contains(date(2026, 5, 15), START) and not half.contains(date(2026, 5, 16), START)
    # The start day is the form's, not always 16 November.
    assert ReportPeriod(2026).contains(date(2025, 12, 31), YearStart(1, 1))
    assert not ReportPeriod(2026).contains(date(2026, 1, 1), YearStart(1, 1))


def test_the_start_day_opens_the_next_period() -> None:
    assert period_of(date(2025, 11, 16), PeriodKind.YEAR, START) == ReportPeriod(2026)
    assert period_of(date(2025, 11, 15), PeriodKind.YEAR, START) == ReportPeriod(2025)


def test_period_years_from_1990_to_2200() -> None:
    assert parse_period("1990").year == 1990
    assert parse_period("2200-H1") == ReportPeriod(2200, PeriodKind.HALF_YEAR)
    for bad in ("1989", "2201", "2026-H3", ""):
        with pytest.raises(ValueError) as err:
            parse_period(bad)
        assert err.value.args == (bad,)  # the refused text is named


def test_add_months_over_a_year_and_into_short_months() -> None:
    assert add_months(date(2026, 1, 1), 12) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 1), 24) == date(2028, 1, 1)
    assert add_months(date(2026, 1, 31), 3) == date(2026, 4, 30)  # a 30-day month
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 8, 31), -2) == date(2026, 6, 30)


# figures ---------------------------------------------------------------------------------------


def test_entered_values_say_why_they_are_refused() -> None:
    check_value(1, flag=True)  # a flag is 0 or 1: 1 is fine
    check_value(0, flag=False)
    for value, flag, code in (
        (1.5, False, "not_whole"),
        (False, True, "not_whole"),
        (-1, False, "negative"),
        (-1, True, "negative"),
        (2, True, "flag"),
    ):
        with pytest.raises(ValueError) as err:
            check_value(value, flag)  # type: ignore[arg-type]
        assert err.value.args == (code,)


def test_set_patterns_match_by_the_whole_prefix() -> None:
    assert matches_set("tt124-xa", ("tt124-*",))
    assert not matches_set("tt999-xa", ("tt124-*",))  # same first letters only
    assert not matches_set("tt124x", ("tt124-*",))  # the prefix includes its dash
    assert matches_set("tt124-", ("tt124-*",))
    assert matches_set("b", ("a", "b"))


def test_a_form_finds_its_fields_by_key() -> None:
    a, b = FormField("a", "A"), FormField("b", "B")
    form = StatisticsForm(
        id="f", code="c", version=1, title="T", groups=(FormGroup("g", "G", fields=(a, b)),)
    )
    assert form.field("b") is b and form.field("a") is a
    with pytest.raises(KeyError) as err:
        form.field("zz")
    assert err.value.args == ("zz",)


# forecast --------------------------------------------------------------------------------------

END = date(2026, 11, 15)


def test_a_plan_due_on_the_last_day_of_the_period_is_in_time() -> None:
    crit = [Criterion(ref="1", level=CriterionLevel.CRITERION, text="T")]
    plan = Result(
        id="r",
        assessment_id="a",
        criterion_ref="1",
        value=ResultValue.NOT_MET,
        remediation="Bố trí kinh phí",
        due_date=END,
    )
    f = forecast(AssessmentState.SELF_ASSESSED, crit, {"1": plan}, END)
    assert f.outlook is Outlook.EXPECTED and f.planned == ("1",)
    late = replace(plan, due_date=date(2026, 11, 16))
    assert forecast(AssessmentState.SELF_ASSESSED, crit, {"1": late}, END).lacking == ("1",)


def test_criteria_after_an_optional_one_still_count() -> None:
    optional = Criterion(ref="0", level=CriterionLevel.CRITERION, text="x", mandatory=False)
    group = Criterion(ref="G", level=CriterionLevel.GROUP, text="Nhóm", assessable=False)
    needed = Criterion(ref="1", level=CriterionLevel.CRITERION, text="y")
    not_met = Result(id="r", assessment_id="a", criterion_ref="1", value=ResultValue.NOT_MET)
    f = forecast(AssessmentState.IN_PROGRESS, [optional, group, needed], {"1": not_met}, END)
    assert f.outlook is Outlook.NOT_EXPECTED and f.lacking == ("1",)


# sites, teams, organisations -------------------------------------------------------------------


def test_a_state_change_on_the_founding_day_is_allowed_the_day_before_is_not() -> None:
    done = change_state(SITE, SiteState.CONSOLIDATED, FOUNDED)
    assert (done.state, done.state_on) == (SiteState.CONSOLIDATED, FOUNDED)
    with pytest.raises(RegistryError) as err:
        change_state(SITE, SiteState.CONSOLIDATED, date(2024, 2, 29))
    assert err.value.code == "before_established" and str(err.value) == "before_established"


def test_a_state_change_leaves_the_rest_of_the_site_and_clears_struck_off_leftovers() -> None:
    # A site read back with leftovers of a struck-off reason (older data) loses them.
    leftover = replace(SITE, struck_off_reason=StruckOffReason.OTHER, struck_off_note="cũ")
    done = change_state(leftover, SiteState.ACTIVE, date(2026, 2, 1))
    assert done == replace(
        SITE,
        state=SiteState.ACTIVE,
        state_on=date(2026, 2, 1),
        struck_off_reason=None,
        struck_off_note="",
    )


def test_striking_off_keeps_the_reason_and_the_trimmed_note() -> None:
    gone = change_state(
        SITE,
        SiteState.STRUCK_OFF,
        date(2026, 6, 1),
        StruckOffReason.OTHER,
        "  Sáp nhập vào mô hình khác ",
    )
    assert gone == replace(
        SITE,
        state=SiteState.STRUCK_OFF,
        state_on=date(2026, 6, 1),
        struck_off_reason=StruckOffReason.OTHER,
        struck_off_note="Sáp nhập vào mô hình khác",
    )
    with pytest.raises(RegistryError) as err:
        change_state(SITE, SiteState.STRUCK_OFF, date(2026, 6, 1), StruckOffReason.OTHER, "  ")
    assert err.value.code == "note_required" and str(err.value) == "note_required"


def test_team_counts_at_their_limits() -> None:
    check_members(0, ())  # a team whose members are not counted yet
    check_members(2, (Member("A"), Member("B")))  # exactly as many as named
    with pytest.raises(RegistryError) as err:
        check_members(1, (Member("A"), Member("B")))
    assert err.value.code == "count_below_names"


def test_an_organisation_counts_from_its_founding_day_to_the_day_before_its_dissolution() -> None:
    org = MassOrganisation(
        id="o",
        unit_id="u",
        kind=OrganisationKind.MEDIATION_TEAM,
        name="Tổ hòa giải ấp 1",
        established_on=date(2025, 1, 10),
        dissolved_on=date(2026, 4, 1),
    )
    assert not org.live_on(date(2025, 1, 9))
    assert org.live_on(date(2025, 1, 10))
    assert org.live_on(date(2026, 3, 31))
    assert not org.live_on(date(2026, 4, 1))
    open_ended = replace(org, established_on=None, dissolved_on=None)
    assert open_ended.live_on(date(1999, 1, 1)) and open_ended.live_on(date(2099, 1, 1))


# site dossier ----------------------------------------------------------------------------------

TODAY = date(2026, 6, 30)
TEAM = ModelTeam(id="t1", site_id="s", unit_id="u", name="Tổ 1", members_count=9)
MINUTES_ONLY = DossierRule(required=(), minutes_within_months=6, team_required=False)


def _minutes(day: date) -> list[DossierDocument]:
    return [DossierDocument(DocumentRole.ACTIVITY_MINUTES, day)]


def test_minutes_count_from_exactly_the_oldest_allowed_day_to_today() -> None:
    oldest = date(2025, 12, 30)  # six months before 30 June
    for day in (oldest, TODAY):
        assert check_site_dossier(SITE, _minutes(day), [], MINUTES_ONLY, TODAY).complete, day
    for day in (date(2025, 12, 29), date(2026, 7, 1)):  # too old; dated after the check
        check = check_site_dossier(SITE, _minutes(day), [], MINUTES_ONLY, TODAY)
        assert check == DossierCheck("s", (Gap(DossierGap.NO_RECENT_MINUTES),)), day


def test_a_one_month_rule_is_still_a_rule() -> None:
    rule = DossierRule(required=(), minutes_within_months=1, team_required=False)
    assert not check_site_dossier(SITE, _minutes(date(2026, 5, 1)), [], rule, TODAY).complete
    assert check_site_dossier(SITE, _minutes(date(2026, 5, 30)), [], rule, TODAY).complete


def test_a_team_founded_today_counts() -> None:
    rule = DossierRule(required=(), minutes_within_months=0, team_required=True)
    today_team = replace(TEAM, established_on=TODAY)
    assert check_site_dossier(SITE, [], [today_team], rule, TODAY).complete
    tomorrow = replace(TEAM, established_on=date(2026, 7, 1))
    assert check_site_dossier(SITE, [], [tomorrow], rule, TODAY).gaps == (Gap(DossierGap.NO_TEAM),)


def test_the_check_names_its_site() -> None:
    rule = DossierRule(required=(), minutes_within_months=0, team_required=False)
    assert check_site_dossier(SITE, [], [], rule, TODAY) == DossierCheck("s", ())
    gone = change_state(SITE, SiteState.STRUCK_OFF, date(2026, 1, 5), StruckOffReason.INEFFECTIVE)
    assert check_site_dossier(gone, [], [], rule, TODAY) == DossierCheck("s", (), checked=False)
